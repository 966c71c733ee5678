// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {CredentialMirror} from "../../contracts/crosschain/CredentialMirror.sol";

/// @notice Attacks on the credential mirror's configuration: each test states what should hold.
contract CrossChainAttackTest is Test {
    address internal constant WALLET = address(0xA11CE);
    uint256 internal constant SANCTIONED = 1 << 255;

    /// @dev A careless deployment (a staleness in milliseconds, or "no limit" as the type's maximum) is
    /// accepted by the constructor; with a value near the uint40 maximum, `sentAt + maxStaleness` overflows
    /// on every wallet message, so no wallet update (a sanctions flag included) can ever land: a payload
    /// that always reverts. The mirror should refuse such a bound when it is deployed.
    function test_aMaxStalenessThatOverflowsIsRefusedAtDeployment() public {
        vm.warp(1_800_000_000);
        CredentialMirror mirror;
        try new CredentialMirror(address(this), type(uint40).max - 1 days) returns (CredentialMirror m) {
            mirror = m;
        } catch {
            return; // refused at deployment: what should happen
        }
        mirror.receiveMessage(abi.encode(uint256(1), uint256(1), block.timestamp, uint256(uint160(WALLET)), SANCTIONED));
        assertTrue(mirror.isSanctioned(WALLET), "a sanctions flag reaches the mirror");
    }

    /// @dev A bound of years is no bound: the constructor should cap it (the design promises that a
    /// revoked credential stops within `maxStaleness`; 1,000 days is 86,400,000 read as milliseconds).
    function test_anAbsurdMaxStalenessIsRefusedAtDeployment() public {
        try new CredentialMirror(address(this), 86_400_000) returns (CredentialMirror m) {
            assertLe(m.maxStaleness(), 30 days, "a mirror accepted a staleness bound of 1,000 days");
        } catch {}
    }
}
