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
        oracle.publish(nav);
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
        oracle.publish(a);
        uint256 pa = oracle.price();
        oracle.publish(b);
        assertLe(pa, oracle.price(), "price follows the NAV");
    }

    /// The price is served up to `maxAge` seconds after publication, and refused one second later.
    function testFuzz_staleAfterMaxAge(uint64 maxAge, uint64 elapsed) public {
        maxAge = uint64(bound(maxAge, 1, 365 days));
        elapsed = uint64(bound(elapsed, 0, 2 * uint256(maxAge)));
        NavOracle oracle = _oracle(6, 18, maxAge);
        uint256 start = block.timestamp;
        oracle.publish(1e18);
        vm.warp(start + elapsed);
        if (elapsed <= maxAge) {
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
        down.publish(0);
        vm.expectRevert(INavOracle.NavZero.selector);
        down.publish(1e17);
        NavOracle up = _oracle(36, 0, 1 days); // price = nav * 1e54
        uint256 huge = type(uint256).max / 1e54 + 1;
        vm.expectRevert(abi.encodeWithSelector(INavOracle.NavTooLarge.selector, huge));
        up.publish(huge);
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
}
