// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {System} from "./utils/System.sol";
import {SecurityToken} from "../../contracts/token/SecurityToken.sol";
import {CredentialRegistry} from "../../contracts/registries/CredentialRegistry.sol";

/// @notice Fuzz tests of the token's own rules: pre-flight equals outcome, supply is conserved,
/// frozen tokens behave as documented under every forced path.
contract SecurityTokenFuzzTest is Test {
    System.Deployment internal d;
    address internal constant QUALIFIER = address(0x9001);
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant CAROL = address(0xCA401); // no credential
    uint256 internal constant START = 1_000_000e18;

    function setUp() public {
        address[] memory qs = new address[](1);
        qs[0] = QUALIFIER;
        d = System.deploy(address(this), qs);
        vm.startPrank(QUALIFIER);
        d.credentials.issue(CredentialRegistry.Issuance(ALICE, System.CLASS_PROFESSIONAL, System.CH, uint40(block.timestamp + 365 days)));
        d.credentials.issue(CredentialRegistry.Issuance(BOB, System.CLASS_PROFESSIONAL, System.CH, uint40(block.timestamp + 365 days)));
        vm.stopPrank();
        d.token.mint(ALICE, START);
        d.token.mint(BOB, START);
    }

    /// A transfer succeeds exactly when the ERC-1404 pre-flight says 0, and otherwise reverts with the
    /// pre-flight's code.
    function testFuzz_transferOutcomeMatchesPreflight(
        uint256 amount,
        uint256 frozen,
        bool senderFrozen,
        bool recipientFrozen,
        bool paused,
        uint8 toSeed
    ) public {
        amount = bound(amount, 0, START * 2);
        frozen = bound(frozen, 0, START * 2);
        address to = toSeed % 3 == 0 ? BOB : (toSeed % 3 == 1 ? CAROL : address(0));
        d.token.setFrozenTokens(ALICE, frozen);
        if (senderFrozen) d.token.setWalletFrozen(ALICE, true);
        if (recipientFrozen && to != address(0)) d.token.setWalletFrozen(to, true);
        if (paused) d.token.pause();

        uint8 code = d.token.detectTransferRestriction(ALICE, to, amount);
        uint256 supply = d.token.totalSupply();
        if (code != 0) {
            vm.expectRevert(abi.encodeWithSelector(SecurityToken.TransferRestricted.selector, code, ALICE, to, amount));
        }
        vm.prank(ALICE);
        d.token.transfer(to, amount);
        if (code == 0) {
            assertEq(d.token.balanceOf(ALICE), START - amount, "sender balance");
            assertEq(d.token.balanceOf(to), START + amount, "recipient balance");
            assertGe(d.token.balanceOf(ALICE), frozen > START ? d.token.balanceOf(ALICE) : frozen, "frozen tokens stayed");
        }
        assertEq(d.token.totalSupply(), supply, "supply conserved");
    }

    /// A forced transfer from a wallet to itself is refused and leaves the frozen amount untouched.
    function testFuzz_forcedTransferToSelfKeepsFrozen(uint256 frozen, uint256 amount) public {
        frozen = bound(frozen, 1, START);
        amount = bound(amount, 1, START);
        d.token.setFrozenTokens(ALICE, frozen);
        vm.expectRevert(abi.encodeWithSelector(SecurityToken.SameWallet.selector, ALICE));
        d.token.forcedTransfer(ALICE, ALICE, amount);
        assertEq(d.token.getFrozenTokens(ALICE), frozen, "frozen unchanged");
        assertEq(d.token.balanceOf(ALICE), START, "balance unchanged");
    }

    /// A forced transfer takes the unfrozen balance first and unfreezes only the shortfall, also when more
    /// is frozen than held (an over-freeze survives, so tokens that arrive later stay frozen).
    function testFuzz_forcedTransferUnfreezesOnlyTheShortfall(uint256 frozen, uint256 amount) public {
        frozen = bound(frozen, 0, START * 2);
        amount = bound(amount, 0, START);
        d.token.setFrozenTokens(ALICE, frozen);
        d.token.forcedTransferWithCase(ALICE, BOB, amount, keccak256("case"));
        assertEq(d.token.balanceOf(ALICE), START - amount, "balance left");
        assertEq(d.token.getFrozenTokens(ALICE), _frozenAfterForce(frozen, amount), "frozen after");
        assertEq(d.token.totalSupply(), 2 * START, "supply conserved");
    }

    /// A burn may reach frozen tokens: only the shortfall is unfrozen, as for a forced transfer.
    function testFuzz_burnUnfreezesOnlyTheShortfall(uint256 frozen, uint256 amount) public {
        frozen = bound(frozen, 0, START * 2);
        amount = bound(amount, 0, START);
        d.token.setFrozenTokens(ALICE, frozen);
        d.token.burn(ALICE, amount);
        assertEq(d.token.getFrozenTokens(ALICE), _frozenAfterForce(frozen, amount), "frozen after burn");
        assertEq(d.token.totalSupply(), 2 * START - amount, "supply after burn");
    }

    /// An over-freeze survives a zero-amount forced transfer and a zero burn: a later receipt stays frozen.
    function testFuzz_zeroForcedMoveKeepsOverFreeze(uint256 extra, uint256 received, bool byBurn) public {
        extra = bound(extra, 1, START);
        received = bound(received, 1, START);
        d.token.setFrozenTokens(ALICE, START + extra);
        if (byBurn) d.token.burn(ALICE, 0);
        else d.token.forcedTransfer(ALICE, BOB, 0);
        assertEq(d.token.getFrozenTokens(ALICE), START + extra, "over-freeze kept");
        vm.prank(BOB);
        d.token.transfer(ALICE, received);
        uint256 code = d.token.detectTransferRestriction(ALICE, BOB, 1);
        assertEq(code, received >= extra ? 0 : 4, "received tokens stay frozen up to the over-freeze");
    }

    /// The frozen amount left after `amount` leaves a wallet of START tokens by force.
    function _frozenAfterForce(uint256 frozen, uint256 amount) private pure returns (uint256) {
        uint256 unfrozen = frozen >= START ? 0 : START - frozen;
        return amount > unfrozen ? frozen - (amount - unfrozen) : frozen;
    }

    /// Freezing more than any balance can hold is stored as MAX_SUPPLY.
    function testFuzz_setFrozenTokensSaturates(uint256 amount) public {
        d.token.setFrozenTokens(BOB, amount);
        uint256 max = d.token.MAX_SUPPLY();
        assertEq(d.token.getFrozenTokens(BOB), amount > max ? max : amount, "stored frozen amount");
    }

    /// Recovery moves the whole balance and frozen amount, and the lost wallet ends empty and frozen.
    function testFuzz_recoveryMovesEverything(uint256 frozen, uint256 bobFrozen) public {
        frozen = bound(frozen, 0, START * 3);
        bobFrozen = bound(bobFrozen, 0, START);
        d.token.setFrozenTokens(ALICE, frozen);
        d.token.setFrozenTokens(BOB, bobFrozen);
        d.token.recoverWallet(ALICE, BOB, keccak256("lost"));
        assertEq(d.token.balanceOf(BOB), 2 * START, "new wallet balance");
        assertEq(d.token.getFrozenTokens(BOB), frozen + bobFrozen, "frozen amounts add up");
        assertEq(d.token.balanceOf(ALICE), 0, "lost wallet emptied");
        assertEq(d.token.getFrozenTokens(ALICE), 0, "lost wallet frozen amount cleared");
        assertTrue(d.token.isWalletFrozen(ALICE), "lost wallet frozen");
    }

    /// Minting beyond the cap is refused; up to it, supply grows by exactly the amount.
    function testFuzz_mintRespectsCap(uint256 amount) public {
        uint256 room = d.token.MAX_SUPPLY() - d.token.totalSupply();
        if (amount > room) {
            vm.expectRevert(abi.encodeWithSelector(bytes4(keccak256("SupplyCapExceeded(uint256,uint256)")), 2 * START, amount));
            d.token.mint(BOB, amount);
        } else {
            d.token.mint(BOB, amount);
            assertEq(d.token.totalSupply(), 2 * START + amount, "supply after mint");
        }
    }
}
