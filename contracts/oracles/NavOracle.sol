// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {INavOracle} from "../interfaces/INavOracle.sol";

/// @title NavOracle
/// @notice The issuer publishes its bond's net asset value; a Morpho Blue market reads it as the collateral price.
/// @dev Roles: DEFAULT_ADMIN_ROLE (the issuer, e.g. its Safe) grants PUBLISHER_ROLE. The NAV is one whole
/// collateral token in whole loan tokens, with 18 decimals; `price()` rescales it as Morpho documents:
/// `nav * 10^(36 + loanDecimals - collateralDecimals) / 1e18`. Each NAV carries the date it was valued as of;
/// dates strictly increase and are never in the future. Fail closed: no NAV, or one valued more than `maxAge`
/// ago, and `price()` reverts, so the market neither lends nor liquidates on it.
contract NavOracle is INavOracle, AccessControl {
    /// @notice May publish the NAV (the issuer's agent).
    bytes32 public constant PUBLISHER_ROLE = keccak256("PUBLISHER_ROLE");

    /// @notice Seconds a published NAV stays usable.
    uint64 public immutable maxAge;
    /// @notice Decimals of the loan token and of the collateral token the price is scaled for.
    uint8 public immutable loanDecimals;
    /// @notice Decimals of the collateral token the price is scaled for.
    uint8 public immutable collateralDecimals;

    /// @dev 10^|36 + loanDecimals - collateralDecimals - 18|, and whether it multiplies (true) or divides.
    uint256 private immutable _scale;
    bool private immutable _multiply;

    uint256 private _nav;
    uint256 private _price;
    uint64 private _asOf;

    /// @notice Fixes the decimals and the staleness bound; the admin and the publisher receive their roles.
    /// @param admin Receives DEFAULT_ADMIN_ROLE (the issuer).
    /// @param publisher Receives PUBLISHER_ROLE (the issuer's agent that publishes the NAV).
    /// @param loanDecimals_ Decimals of the market's loan token (at most 36).
    /// @param collateralDecimals_ Decimals of the collateral token (at most 36).
    /// @param maxAge_ Staleness bound in seconds (not zero).
    constructor(address admin, address publisher, uint8 loanDecimals_, uint8 collateralDecimals_, uint64 maxAge_) {
        if (admin == address(0) || publisher == address(0) || maxAge_ == 0 || loanDecimals_ > 36 || collateralDecimals_ > 36) {
            revert InvalidOracleConfig();
        }
        maxAge = maxAge_;
        loanDecimals = loanDecimals_;
        collateralDecimals = collateralDecimals_;
        // 36 + ld - cd - 18 = 18 + ld - cd, in [-18, 54].
        int256 exponent = 18 + int256(uint256(loanDecimals_)) - int256(uint256(collateralDecimals_));
        _multiply = exponent >= 0;
        _scale = 10 ** uint256(exponent >= 0 ? exponent : -exponent);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PUBLISHER_ROLE, publisher);
    }

    /// @inheritdoc INavOracle
    function publish(uint256 nav, uint64 asOf) external onlyRole(PUBLISHER_ROLE) {
        if (nav == 0) revert NavZero();
        if (asOf <= _asOf) revert NavOutOfOrder(asOf, _asOf);
        if (asOf > block.timestamp) revert NavFromTheFuture(asOf, uint64(block.timestamp));
        uint256 scaled;
        if (_multiply) {
            if (nav > type(uint256).max / _scale) revert NavTooLarge(nav);
            scaled = nav * _scale;
        } else {
            scaled = nav / _scale;
        }
        if (scaled == 0) revert NavZero();
        _nav = nav;
        _price = scaled;
        _asOf = asOf;
        emit NavPublished(nav, scaled, asOf, msg.sender);
    }

    /// @inheritdoc INavOracle
    function price() external view returns (uint256) {
        uint64 at = _asOf;
        if (at == 0) revert NavNotPublished();
        if (block.timestamp > uint256(at) + maxAge) revert NavStale(at, maxAge);
        return _price;
    }

    /// @inheritdoc INavOracle
    function latestNav() external view returns (uint256 nav, uint64 asOf) {
        return (_nav, _asOf);
    }
}
