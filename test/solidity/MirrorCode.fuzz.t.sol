// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {CredentialMirror} from "../../contracts/crosschain/CredentialMirror.sol";
import {MirrorMessages} from "../../contracts/crosschain/MirrorMessages.sol";

/// @notice The mirror's CODE message (home governance's vetting of a code hash), fuzzed: malformed payloads
/// are refused (fail closed), well-formed ones vet exactly what they say and only within the staleness bound.
contract MirrorCodeFuzzTest is Test {
    uint40 internal constant MAX_STALENESS = 1 days;
    uint256 internal constant CODE = 3;

    function _mirror() private returns (CredentialMirror) {
        return new CredentialMirror(address(this), MAX_STALENESS);
    }

    /// @dev Any five words of kind CODE: accepted exactly when the sequence fits 64 bits, the time 40 bits,
    /// the code hash is not zero and the value is 0 or 1; a refused one changes nothing. `narrow` keeps the
    /// fields near their limits half of the time, so both sides of each are reached.
    function testFuzz_codeMessageFailsClosed(uint256 seq, uint256 sentAt, uint256 key, uint256 value, bool narrow) public {
        if (narrow) {
            seq = bound(seq, 0, uint256(type(uint64).max) + 1);
            sentAt = bound(sentAt, 0, uint256(type(uint40).max) + 1);
            key = bound(key, 0, 3);
            value = bound(value, 0, 2);
        }
        vm.warp(1_000_000);
        CredentialMirror mirror = _mirror();
        bool wellFormed = seq <= type(uint64).max && sentAt <= type(uint40).max && key != 0 && value <= 1;
        try mirror.receiveMessage(abi.encode(CODE, seq, sentAt, key, value)) {
            assertTrue(wellFormed, "accepted only when well formed");
            uint256 read = sentAt < block.timestamp ? sentAt : block.timestamp;
            // seq 0 is never newer than nothing: dropped as stale, vetting nothing.
            bool expect = seq > 0 && value == 1 && read + MAX_STALENESS > block.timestamp;
            assertTrue(mirror.isVettedCode(bytes32(key)) == expect, "vets exactly what the message says, within the bound");
        } catch (bytes memory reason) {
            assertTrue(!wellFormed, "a well-formed message is not refused");
            assertTrue(bytes4(reason) == MirrorMessages.MalformedMessage.selector, "refused as malformed");
            assertTrue(!mirror.isVettedCode(bytes32(key)), "a refused message vets nothing");
        }
    }

    /// @dev A payload of any other length than five words is refused, whatever it holds.
    function testFuzz_codeMessageOfAnotherLengthIsRefused(bytes calldata tail, uint8 cut, uint256 key) public {
        CredentialMirror mirror = _mirror();
        bytes memory good = abi.encode(CODE, uint256(1), block.timestamp, key | 1, uint256(1));
        bytes memory payload = tail.length == 0 ? _prefix(good, cut % good.length) : bytes.concat(good, tail);
        try mirror.receiveMessage(payload) {
            revert("a payload of the wrong length was accepted");
        } catch (bytes memory reason) {
            assertTrue(bytes4(reason) == MirrorMessages.MalformedMessage.selector, "refused as malformed");
        }
        assertTrue(!mirror.isVettedCode(bytes32(key | 1)), "nothing vetted");
    }

    /// @dev A vetting lapses `maxStaleness` after the message's (capped) sending time unless re-synced, and a
    /// withdrawal or an older message never leaves it standing longer.
    function testFuzz_vettingLapsesAndOlderMessagesAreDropped(uint40 arrival, uint40 sentAt, uint40 later, uint64 seq) public {
        arrival = uint40(bound(arrival, 1_000, type(uint32).max));
        sentAt = uint40(bound(sentAt, 0, uint256(arrival) + 30 days));
        seq = uint64(bound(seq, 2, type(uint64).max));
        vm.warp(arrival);
        CredentialMirror mirror = _mirror();
        bytes32 codeHash = keccak256("vetted code");
        mirror.receiveMessage(abi.encode(CODE, uint256(seq), uint256(sentAt), uint256(codeHash), uint256(1)));
        uint256 end = uint256(sentAt < arrival ? sentAt : arrival) + MAX_STALENESS;
        // An older withdrawal arriving late is dropped.
        mirror.receiveMessage(abi.encode(CODE, uint256(seq - 1), uint256(arrival), uint256(codeHash), uint256(0)));
        uint256 t = bound(later, arrival, uint256(arrival) + 3 * uint256(MAX_STALENESS));
        vm.warp(t);
        assertTrue(mirror.isVettedCode(codeHash) == (t < end), "vetted exactly until min(sentAt, arrival) + maxStaleness");
    }

    function _prefix(bytes memory b, uint256 n) private pure returns (bytes memory out) {
        out = new bytes(n);
        for (uint256 i; i < n; ++i) {
            out[i] = b[i];
        }
    }
}
