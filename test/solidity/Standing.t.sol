// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {CredentialRegistry} from "../../contracts/registries/CredentialRegistry.sol";
import {RestrictionCodes} from "../../contracts/libraries/RestrictionCodes.sol";

/// @notice Qualifier standing is read from the right bitmap word for any qualifier id: the transfer check
/// reads the first word (ids 0-255) from a precomputed slot and hashes the slot of any other word.
contract StandingTest is Test {
    uint8 internal constant CLASS = 1;
    uint16 internal constant CH = 0x4348;

    function test_standingOfQualifiersBeyondTheFirstWord() public {
        CredentialRegistry registry = new CredentialRegistry(address(this));
        registry.defineClass(CLASS, "professional investor");
        uint16 last;
        for (uint256 i = 1; i <= 300; ++i) {
            last = registry.admitQualifier(address(uint160(0x10000 + i)), "q", 1 << CLASS);
        }
        assertEq(last, 300, "ids run to 300");
        address holder = address(0xA11CE);
        address other = address(0xB0B);
        vm.prank(address(uint160(0x10000 + 300)));
        registry.issue(CredentialRegistry.Issuance(holder, CLASS, CH, uint40(block.timestamp + 1 days)));
        vm.prank(address(uint160(0x10000 + 44))); // 300 - 256: same bit, first word
        registry.issue(CredentialRegistry.Issuance(other, CLASS, CH, uint40(block.timestamp + 1 days)));
        uint256 mask = 1 << CLASS;
        (uint8 a, uint8 b) = registry.credentialStatusPair(holder, other, mask);
        assertEq(a + b, 0, "both pass");

        registry.suspendQualifier(300, "test");
        (a, b) = registry.credentialStatusPair(holder, other, mask);
        assertEq(a, RestrictionCodes.SENDER_QUALIFIER_SUSPENDED, "qualifier 300 suspended");
        assertEq(b, 0, "qualifier 44 unaffected");

        registry.reinstateQualifier(300);
        registry.suspendQualifier(44, "test");
        (a, b) = registry.credentialStatusPair(holder, other, mask);
        assertEq(a, 0, "qualifier 300 reinstated");
        assertEq(b, RestrictionCodes.SENDER_QUALIFIER_SUSPENDED, "qualifier 44 suspended");
    }
}
