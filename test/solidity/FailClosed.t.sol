// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {System} from "./utils/System.sol";
import {SecurityToken} from "../../contracts/token/SecurityToken.sol";
import {CredentialRegistry} from "../../contracts/registries/CredentialRegistry.sol";
import {ITransferVerifier} from "../../contracts/interfaces/ITransferVerifier.sol";
import {RestrictionCodes} from "../../contracts/libraries/RestrictionCodes.sol";

/// @notice A verifier that misbehaves in one of three ways on every question.
contract BrokenVerifier {
    uint256 internal immutable _mode; // 0 reverts, 1 answers nothing, 2 answers a word above 255

    constructor(uint256 mode) {
        _mode = mode;
    }

    fallback() external {
        uint256 mode = _mode;
        assembly {
            if eq(mode, 0) { revert(0, 0) }
            if eq(mode, 1) { return(0, 0) }
            mstore(0, 0x100)
            return(0, 0x20)
        }
    }
}

/// @notice ERC-7943's `can*` views never revert, and a verifier that fails refuses everything.
contract FailClosedTest is Test {
    System.Deployment internal d;
    address internal constant QUALIFIER = address(0x9001);
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);

    function setUp() public {
        address[] memory qs = new address[](1);
        qs[0] = QUALIFIER;
        d = System.deploy(address(this), qs);
        vm.startPrank(QUALIFIER);
        d.credentials.issue(CredentialRegistry.Issuance(ALICE, System.CLASS_PROFESSIONAL, System.CH, uint40(block.timestamp + 365 days)));
        d.credentials.issue(CredentialRegistry.Issuance(BOB, System.CLASS_PROFESSIONAL, System.CH, uint40(block.timestamp + 365 days)));
        vm.stopPrank();
        d.token.mint(ALICE, 1000);
    }

    /// Whatever way the verifier fails, the views answer false / VERIFIER_FAILED and every path that
    /// asks it is refused with that code.
    function testFuzz_failingVerifierFailsClosed(uint8 mode, uint256 amount) public {
        amount = bound(amount, 0, 1000);
        d.token.setVerifier(ITransferVerifier(address(new BrokenVerifier(mode % 3))));
        assertTrue(!d.token.canSend(ALICE), "canSend");
        assertTrue(!d.token.canReceive(BOB), "canReceive");
        assertTrue(!d.token.canTransfer(ALICE, BOB, amount), "canTransfer");
        assertEq(d.token.detectTransferRestriction(ALICE, BOB, amount), RestrictionCodes.VERIFIER_FAILED, "code");
        assertEq(d.token.detectSpenderRestriction(BOB), RestrictionCodes.VERIFIER_FAILED, "spender code");

        vm.expectRevert(abi.encodeWithSelector(SecurityToken.TransferRestricted.selector, 8, ALICE, BOB, amount));
        vm.prank(ALICE);
        d.token.transfer(BOB, amount);
        vm.expectRevert(abi.encodeWithSelector(SecurityToken.TransferRestricted.selector, 8, address(0), BOB, amount));
        d.token.mint(BOB, amount);
        // The token's own rules still answer first.
        d.token.pause();
        assertEq(d.token.detectTransferRestriction(ALICE, BOB, amount), RestrictionCodes.PAUSED, "paused first");
    }

    /// A working verifier answers as before through the same path.
    function test_workingVerifierStillAnswers() public view {
        assertTrue(d.token.canSend(ALICE), "alice may send");
        assertTrue(d.token.canReceive(BOB), "bob may receive");
        assertTrue(!d.token.canReceive(address(0xCA401)), "carol may not receive");
        assertTrue(d.token.canTransfer(ALICE, BOB, 10), "alice to bob");
        assertEq(d.token.detectTransferRestriction(ALICE, address(0xCA401), 1), RestrictionCodes.RECIPIENT_NOT_QUALIFIED, "carol");
    }
}
