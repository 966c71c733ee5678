// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {System} from "./utils/System.sol";
import {SecurityToken} from "../../contracts/token/SecurityToken.sol";
import {CredentialRegistry} from "../../contracts/registries/CredentialRegistry.sol";
import {RestrictionCodes} from "../../contracts/libraries/RestrictionCodes.sol";

/// @notice The spender of a transferFrom: a third party needs no credential, but a sanctioned, blocked or
/// frozen one is refused; a spender that is a party is checked as that party.
contract SpenderTest is Test {
    System.Deployment internal d;
    address internal constant QUALIFIER = address(0x9001);
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant ROUTER = address(0x5011); // no credential: a router, a settlement contract

    function setUp() public {
        address[] memory qs = new address[](1);
        qs[0] = QUALIFIER;
        d = System.deploy(address(this), qs);
        vm.startPrank(QUALIFIER);
        d.credentials.issue(CredentialRegistry.Issuance(ALICE, System.CLASS_PROFESSIONAL, System.CH, uint40(block.timestamp + 365 days)));
        d.credentials.issue(CredentialRegistry.Issuance(BOB, System.CLASS_PROFESSIONAL, System.CH, uint40(block.timestamp + 365 days)));
        vm.stopPrank();
        d.token.mint(ALICE, 1000);
        vm.prank(ALICE);
        d.token.approve(ROUTER, type(uint256).max);
        vm.prank(ALICE);
        d.token.approve(BOB, type(uint256).max);
    }

    function _sanction(address a, bool on) internal {
        address[] memory list = new address[](1);
        list[0] = a;
        d.credentials.setSanctioned(list, on, "test");
    }

    /// A clean third-party spender moves tokens between qualified wallets; a sanctioned, blocked or frozen
    /// one is refused with its own code, and the pre-flight says so.
    function testFuzz_sanctionedBlockedOrFrozenSpenderRefused(uint256 amount, bool sanctioned, bool blocked, bool frozen)
        public
    {
        amount = bound(amount, 1, 1000);
        if (sanctioned) _sanction(ROUTER, true);
        if (blocked) d.contracts.blockContract(ROUTER, "drained pools");
        if (frozen) d.token.setWalletFrozen(ROUTER, true);
        uint8 expected = frozen
            ? RestrictionCodes.SPENDER_WALLET_FROZEN
            : sanctioned
                ? RestrictionCodes.SPENDER_SANCTIONED
                : (blocked ? RestrictionCodes.SPENDER_BLOCKED : RestrictionCodes.SUCCESS);
        assertEq(d.token.detectSpenderRestriction(ROUTER), expected, "spender code");
        assertEq(d.token.detectTransferFromRestriction(ROUTER, ALICE, BOB, amount), expected, "pre-flight");
        if (expected != 0) {
            vm.expectRevert(abi.encodeWithSelector(SecurityToken.TransferRestricted.selector, expected, ALICE, BOB, amount));
        }
        vm.prank(ROUTER);
        d.token.transferFrom(ALICE, BOB, amount);
        assertEq(d.token.balanceOf(BOB), expected == 0 ? amount : 0, "recipient balance");
    }

    /// A spender that is the recipient is judged as the recipient: Bob pulls from Alice; once Bob is
    /// sanctioned, the recipient code refuses it.
    function test_spenderThatIsThePartyIsCheckedAsTheParty() public {
        vm.prank(BOB);
        d.token.transferFrom(ALICE, BOB, 10);
        assertEq(d.token.balanceOf(BOB), 10, "pulled");
        _sanction(BOB, true);
        vm.expectRevert(abi.encodeWithSelector(SecurityToken.TransferRestricted.selector, RestrictionCodes.RECIPIENT_SANCTIONED, ALICE, BOB, 10));
        vm.prank(BOB);
        d.token.transferFrom(ALICE, BOB, 10);
    }
}
