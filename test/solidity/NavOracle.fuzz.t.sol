// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {NavOracle} from "../../contracts/oracles/NavOracle.sol";
import {INavOracle} from "../../contracts/interfaces/INavOracle.sol";

/// @notice The NAV oracle's price is Morpho Blue's scale, and it fails closed when missing or stale.
contract NavOracleFuzzTest is Test {
    uint256 internal constant ORACLE_PRICE_SCALE = 1e36;

    function _oracle(uint8 loanDecimals, uint8 collateralDecimals, uint64 maxAge) internal returns (NavOracle) {
        return new NavOracle(address(this), address(this), loanDecimals, collateralDecimals, maxAge);
    }

    /// Valued as Morpho values collateral (`collateral * price / 1e36`), one whole collateral token is worth
    /// the NAV in loan-token units, whatever the two tokens' decimals.
    function testFuzz_oneWholeTokenIsWorthTheNav(uint256 nav, uint8 ld, uint8 cd) public {
        ld = uint8(bound(ld, 0, 18));
        cd = uint8(bound(cd, 0, 18));
        nav = bound(nav, 1e18, 1e22); // 1 to 10,000 loan tokens per collateral token
        NavOracle oracle = _oracle(ld, cd, 1 days);
        oracle.publish(nav, uint64(block.timestamp));
        uint256 value = (10 ** cd) * oracle.price() / ORACLE_PRICE_SCALE;
        uint256 expected = nav * (10 ** ld) / 1e18;
        // Truncation when the price is divided down (collateral with many more decimals than the loan token).
        assertLe(value, expected, "no more than the NAV");
        assertGe(value + 1, expected, "no less than the NAV, but for rounding");
    }

    /// A higher NAV never gives a lower price.
    function testFuzz_monotone(uint256 a, uint256 b, uint8 ld, uint8 cd) public {
        ld = uint8(bound(ld, 0, 28)); // 1e30 * 10^(18 + 28) still fits in 256 bits
        cd = uint8(bound(cd, 0, 36));
        a = bound(a, 1e18, 1e30);
        b = bound(b, a, 1e30);
        NavOracle oracle = _oracle(ld, cd, 1 days);
        oracle.publish(a, uint64(block.timestamp));
        uint256 pa = oracle.price();
        vm.warp(block.timestamp + 1);
        oracle.publish(b, uint64(block.timestamp));
        assertLe(pa, oracle.price(), "price follows the NAV");
    }

    /// The price is served up to `maxAge` seconds after the NAV's valuation date (not its publication), and
    /// refused one second later: a NAV that waited before being mined is that much closer to stale.
    function testFuzz_staleAfterMaxAge(uint64 maxAge, uint64 elapsed, uint64 delay) public {
        maxAge = uint64(bound(maxAge, 1, 365 days));
        elapsed = uint64(bound(elapsed, 0, 2 * uint256(maxAge)));
        vm.warp(400 days);
        uint256 start = block.timestamp - bound(delay, 0, 30 days);
        NavOracle oracle = _oracle(6, 18, maxAge);
        oracle.publish(1e18, uint64(start));
        vm.warp(block.timestamp > start + elapsed ? block.timestamp : start + elapsed);
        if (block.timestamp <= start + maxAge) {
            assertEq(oracle.price(), 1e24, "1 dUSD (6 decimals) per bond (18 decimals)");
        } else {
            vm.expectRevert(abi.encodeWithSelector(INavOracle.NavStale.selector, uint64(start), maxAge));
            oracle.price();
        }
    }

    /// Before the first publication there is no price.
    function test_noPriceBeforePublication() public {
        NavOracle oracle = _oracle(6, 18, 1 days);
        vm.expectRevert(INavOracle.NavNotPublished.selector);
        oracle.price();
    }

    /// A zero NAV, or one that scales to zero, is refused; one that overflows the scale is refused.
    function test_refusesZeroAndOverflow() public {
        NavOracle down = _oracle(0, 36, 1 days); // price = nav / 1e18
        vm.expectRevert(INavOracle.NavZero.selector);
        down.publish(0, 1);
        vm.expectRevert(INavOracle.NavZero.selector);
        down.publish(1e17, 1);
        NavOracle up = _oracle(36, 0, 1 days); // price = nav * 1e54
        uint256 huge = type(uint256).max / 1e54 + 1;
        vm.expectRevert(abi.encodeWithSelector(INavOracle.NavTooLarge.selector, huge));
        up.publish(huge, 1);
    }

    /// Construction refuses a zero staleness bound, zero roles and decimals beyond 36.
    function test_refusesBadConfig() public {
        vm.expectRevert(INavOracle.InvalidOracleConfig.selector);
        new NavOracle(address(this), address(this), 6, 18, 0);
        vm.expectRevert(INavOracle.InvalidOracleConfig.selector);
        new NavOracle(address(0), address(this), 6, 18, 1);
        vm.expectRevert(INavOracle.InvalidOracleConfig.selector);
        new NavOracle(address(this), address(this), 37, 18, 1);
    }

    /// A NAV must be valued after the last one and not in the future: a delayed or reordered publication of
    /// an older NAV is refused instead of overwriting a newer one.
    function testFuzz_asOfStrictlyIncreasingAndNotInTheFuture(uint64 first, uint64 second) public {
        vm.warp(1_000_000);
        NavOracle oracle = _oracle(6, 18, 1 days);
        first = uint64(bound(first, 1, block.timestamp));
        second = uint64(bound(second, 0, uint256(block.timestamp) * 2));
        vm.expectRevert(abi.encodeWithSelector(INavOracle.NavFromTheFuture.selector, uint64(block.timestamp + 1), uint64(block.timestamp)));
        oracle.publish(1e18, uint64(block.timestamp + 1));
        oracle.publish(1e18, first);
        if (second <= first) {
            vm.expectRevert(abi.encodeWithSelector(INavOracle.NavOutOfOrder.selector, second, first));
        } else if (second > block.timestamp) {
            vm.expectRevert(abi.encodeWithSelector(INavOracle.NavFromTheFuture.selector, second, uint64(block.timestamp)));
        }
        oracle.publish(2e18, second);
        (uint256 nav, uint64 asOf) = oracle.latestNav();
        bool accepted = second > first && second <= block.timestamp;
        assertEq(nav, accepted ? 2e18 : 1e18, "only a later, past NAV replaces the last one");
        assertEq(asOf, accepted ? second : first, "as-of date of the NAV in force");
    }
}
