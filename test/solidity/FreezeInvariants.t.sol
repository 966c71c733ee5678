// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test, Vm} from "./utils/Test.sol";
import {System} from "./utils/System.sol";
import {SecurityToken} from "../../contracts/token/SecurityToken.sol";
import {CredentialRegistry} from "../../contracts/registries/CredentialRegistry.sol";

/// @notice Random freezes, receipts and forced moves against a model of the frozen amounts: a freeze is
/// lifted only by the issuer setting it, or by a forced move (transfer, burn, recovery) by no more than the
/// part of the move that the unfrozen balance could not cover.
contract FreezeHandler {
    Vm internal constant vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
    uint256 internal constant ACTORS = 3;

    SecurityToken public token;
    address[] public holders;
    mapping(address => uint256) public modelFrozen;
    /// Ghost: holder transfers that left the sender below what the model keeps frozen.
    uint256 public frozenSpends;
    uint256 public okForcedZero;

    constructor() {
        address[] memory qs = new address[](1);
        qs[0] = address(0x9001);
        System.Deployment memory d = System.deploy(address(this), qs);
        token = d.token;
        for (uint256 i; i < ACTORS; ++i) {
            address h = address(uint160(0xA000 + i));
            holders.push(h);
            vm.prank(qs[0]);
            d.credentials.issue(CredentialRegistry.Issuance(h, System.CLASS_PROFESSIONAL, System.CH, type(uint32).max));
            token.mint(h, 1_000_000);
        }
    }

    function _holder(uint256 seed) internal view returns (address) {
        return holders[seed % ACTORS];
    }

    function _forced(address from, uint256 amount) internal {
        uint256 balance = token.balanceOf(from);
        uint256 frozen = modelFrozen[from];
        uint256 unfrozen = frozen >= balance ? 0 : balance - frozen;
        if (amount > unfrozen) modelFrozen[from] = frozen - (amount - unfrozen);
    }

    function setFrozenTokens(uint256 seed, uint256 amount) external {
        address a = _holder(seed);
        amount = amount % 3_000_000;
        token.setFrozenTokens(a, amount);
        modelFrozen[a] = amount;
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _holder(fromSeed);
        address to = _holder(toSeed);
        uint256 balance = token.balanceOf(from);
        amount = amount % (balance + 2);
        vm.prank(from);
        try token.transfer(to, amount) {
            uint256 mustStay = modelFrozen[from] < balance ? modelFrozen[from] : balance;
            if (from != to && token.balanceOf(from) < mustStay) ++frozenSpends;
        } catch {}
    }

    function forcedTransfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _holder(fromSeed);
        address to = _holder(toSeed);
        if (from == to) return;
        amount = amount % 3 == 0 ? 0 : amount % (token.balanceOf(from) + 1);
        uint256 toBalance = token.balanceOf(to);
        _forced(from, amount);
        token.forcedTransfer(from, to, amount);
        if (amount == 0) ++okForcedZero;
        assert(token.balanceOf(to) == toBalance + amount);
    }

    function burn(uint256 seed, uint256 amount) external {
        address from = _holder(seed);
        amount = amount % 3 == 0 ? 0 : amount % (token.balanceOf(from) + 1);
        _forced(from, amount);
        token.burn(from, amount);
    }

    function mint(uint256 seed, uint256 amount) external {
        token.mint(_holder(seed), amount % 1_000_000);
    }

    function recover(uint256 lostSeed, uint256 newSeed) external {
        address lost = _holder(lostSeed);
        address fresh = _holder(newSeed);
        try token.recoverWallet(lost, fresh, keccak256("recovery")) {
            uint256 sum = modelFrozen[fresh] + modelFrozen[lost];
            uint256 max = token.MAX_SUPPLY();
            modelFrozen[fresh] = sum > max ? max : sum;
            modelFrozen[lost] = 0;
            token.setWalletFrozen(lost, false); // keep every actor in play
        } catch {}
    }
}

contract FreezeInvariantsTest is Test {
    FreezeHandler internal handler;

    function setUp() public {
        handler = new FreezeHandler();
        targetContract(address(handler));
    }

    /// The token's frozen amounts equal the model's: no forced move (zero-amount ones included) lifts more
    /// of a freeze than its shortfall.
    function invariant_frozenAmountsFollowTheModel() public view {
        SecurityToken token = handler.token();
        for (uint256 i; i < 3; ++i) {
            address a = handler.holders(i);
            assertEq(token.getFrozenTokens(a), handler.modelFrozen(a), "frozen amount");
        }
    }

    /// Holder transfers never spend what the model keeps frozen.
    function invariant_holderTransfersNeverSpendFrozenTokens() public view {
        assertEq(handler.frozenSpends(), 0, "frozen tokens spent");
    }

    /// An over-freeze, a zero-amount forced transfer, then a receipt: the received tokens stay frozen.
    function test_overFreezeSurvivesZeroForcedTransfer() public {
        handler.setFrozenTokens(0, 2_000_000);
        handler.forcedTransfer(0, 1, 3);
        handler.transfer(1, 0, 500_000);
        SecurityToken token = handler.token();
        assertEq(token.getFrozenTokens(handler.holders(0)), 2_000_000, "over-freeze kept");
        assertEq(token.detectTransferRestriction(handler.holders(0), handler.holders(1), 1), 4, "still frozen");
        invariant_frozenAmountsFollowTheModel();
        invariant_holderTransfersNeverSpendFrozenTokens();
    }
}
