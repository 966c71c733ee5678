// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {CredentialMirror} from "../../contracts/crosschain/CredentialMirror.sol";
import {MirroredContractRegistry} from "../../contracts/crosschain/MirroredContractRegistry.sol";
import {IContractRegistry} from "../../contracts/interfaces/IContractRegistry.sol";
import {IMirroredContractRegistry} from "../../contracts/interfaces/IMirroredContractRegistry.sol";
import {CredentialIndex} from "../../contracts/libraries/CredentialIndex.sol";

/// @notice A contract to register: two kinds, so two code hashes.
contract VaultA {
    /// @notice Tells this kind apart.
    function kind() external pure returns (uint256) {
        return 1;
    }
}

/// @notice A contract of other code.
contract VaultB {
    /// @notice Tells this kind apart.
    function kind() external pure returns (uint256) {
        return 2;
    }
}

/// @notice The L2 contract registry under any sequence of home messages (credentials, vettings, blocks),
/// registrations and passing time: its answers always follow from what the mirror holds now.
contract MirroredContractRegistryFuzzTest is Test {
    uint40 internal constant MAX_STALENESS = 1 days;
    uint40 internal constant WINDOW = 1 hours;
    uint256 internal constant CLASS = 1;

    CredentialMirror internal mirror;
    MirroredContractRegistry internal registry;
    address[2] internal targets;
    address[3] internal callers = [address(0xA11CE), address(0xB0B), address(0xCA401)];
    uint256 internal seq;

    function _send(uint256 kind, uint256 key, uint256 value) private {
        mirror.receiveMessage(abi.encode(kind, ++seq, block.timestamp, key, value));
    }

    /// @dev Any sequence of steps; after each, every answer of the registry is checked against the mirror.
    function testFuzz_answersFollowTheMirror(uint8[16] memory ops, uint16[16] memory args) public {
        vm.warp(1_000_000);
        mirror = new CredentialMirror(address(this), MAX_STALENESS);
        registry = new MirroredContractRegistry(mirror, WINDOW);
        targets = [address(new VaultA()), address(new VaultB())];
        _send(2, 1, 1); // qualifier 1 active
        for (uint256 i; i < ops.length; ++i) {
            _step(ops[i] % 5, args[i]);
            for (uint256 t; t < targets.length; ++t) {
                _check(targets[t]);
            }
        }
    }

    function _step(uint8 op, uint16 arg) private {
        if (op == 0) {
            // A caller's home state: a live credential, none, or sanctioned.
            uint256 state = (arg / 3) % 3;
            uint256 word = state == 0 ? CredentialIndex.encode(1, uint8(CLASS), uint32(block.timestamp + 365 days)) : 0;
            if (state == 2) word = CredentialIndex.withSanctioned(word, true);
            _send(1, uint160(callers[arg % 3]), word);
        } else if (op == 1) {
            // Home governance's vetting of one of the two codes.
            _send(3, uint256(targets[arg % 2].codehash), (arg / 2) % 2);
        } else if (op == 2) {
            // A home guardian's block (or unblock) of a target, carried by its wallet sync.
            _send(1, uint160(targets[arg % 2]), CredentialIndex.withBlocked(0, (arg / 2) % 2 == 1));
        } else if (op == 3) {
            _register(targets[arg % 2], callers[(arg / 2) % 3]);
        } else {
            vm.warp(block.timestamp + (uint256(arg) * 60) % (2 days));
        }
    }

    function _register(address target, address caller) private {
        bool vetted = mirror.isVettedCode(target.codehash);
        bool identifiable = registry.isIdentifiable(caller);
        bool blocked = mirror.isBlocked(target);
        vm.prank(caller);
        try registry.register(target) {
            assertTrue(!blocked, "a blocked address is never registered");
            assertTrue(vetted || identifiable, "unvetted code is registered only by an identifiable caller");
            MirroredContractRegistry.Registration memory r = registry.registration(target);
            assertEq(r.registrant, caller, "the caller is on record");
            assertEq(r.windowEndsAt, block.timestamp + WINDOW, "the window starts now");
        } catch (bytes memory reason) {
            bytes4 s = bytes4(reason);
            assertTrue(
                s == IMirroredContractRegistry.ContractIsBlocked.selector
                    || s == IMirroredContractRegistry.RegistrantNotIdentifiable.selector
                    || s == IMirroredContractRegistry.AlreadyRegistered.selector,
                "refused only for a reason the registry names"
            );
            if (s == IMirroredContractRegistry.RegistrantNotIdentifiable.selector) {
                assertTrue(!vetted && !identifiable, "refused as not identifiable only when it is not, for unvetted code");
            }
        }
    }

    function _check(address target) private view {
        (IContractRegistry.Status status, address registrant) = registry.eligibilityOf(target, false);
        bool vetted = mirror.isVettedCode(target.codehash);
        if (mirror.isBlocked(target)) assertTrue(status == IContractRegistry.Status.Blocked, "a mirrored block is Blocked");
        if (status == IContractRegistry.Status.Registered) {
            if (registrant == address(0)) {
                assertTrue(vetted, "eligible with nobody answerable only while its code is vetted");
            } else {
                MirroredContractRegistry.Registration memory r = registry.registration(target);
                assertTrue(!vetted, "vetted code names nobody");
                assertTrue(block.timestamp >= r.windowEndsAt, "unvetted code is never eligible in its window");
                assertTrue(r.kind == IMirroredContractRegistry.RegistrantKind.Identifiable, "only an identifiable registrant answers");
                assertEq(registrant, r.registrant, "the registrant on record answers");
            }
        }
        (IContractRegistry.Status strict,) = registry.eligibilityOf(target, true);
        if (strict == IContractRegistry.Status.Registered) assertTrue(vetted, "vetted-code-only accepts vetted code only");
    }
}
