// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title INavOracle
/// @notice A net asset value published by a token's issuer, read by a money market as the collateral's price.
/// @dev `price()` follows Morpho Blue's IOracle: the loan token's smallest units one smallest unit of the
/// collateral is worth, times 1e36. It reverts when the NAV is missing or older than the staleness bound,
/// so a market stops accepting borrows and liquidations on a price nobody vouches for any more.
interface INavOracle {
    /// @dev `price()` called before any NAV was published.
    error NavNotPublished();
    /// @dev The last NAV, valued as of `asOf`, is older than `maxAge` seconds.
    error NavStale(uint64 asOf, uint64 maxAge);
    /// @dev The NAV is valued no later than the NAV in force (valued as of `lastAsOf`): a delayed or reordered
    /// publication never overwrites a newer NAV.
    error NavOutOfOrder(uint64 asOf, uint64 lastAsOf);
    /// @dev The NAV's valuation date is after the current block's timestamp `now`.
    error NavFromTheFuture(uint64 asOf, uint64 now);
    /// @dev A NAV of zero would make every position liquidatable and every liquidation divide by zero.
    error NavZero();
    /// @dev The NAV, scaled to Morpho's price, does not fit in 256 bits.
    error NavTooLarge(uint256 nav);
    /// @dev Constructor: a zero admin or publisher, a zero staleness bound or decimals above 36.
    error InvalidOracleConfig();

    /// @notice The issuer published `nav` (loan token per whole collateral token, 18 decimals) valued as of
    /// `asOf`; `price` is what Morpho reads.
    event NavPublished(uint256 nav, uint256 price, uint64 asOf, address indexed publisher);

    /// @notice Publishes the NAV of one whole collateral token in whole loan tokens, with 18 decimals, valued
    /// as of `asOf` (unix seconds): after the NAV in force and not after the current block. Staleness is
    /// measured from `asOf`, so a NAV that waited to be mined is not priced as fresh. PUBLISHER_ROLE.
    function publish(uint256 nav, uint64 asOf) external;

    /// @notice Morpho Blue's price: loan-token units per collateral-token unit, scaled by 1e36.
    /// Reverts with {NavNotPublished} or {NavStale}.
    function price() external view returns (uint256);

    /// @notice The last NAV (18 decimals) and the date it was valued as of (0, 0 before the first).
    function latestNav() external view returns (uint256 nav, uint64 asOf);
}
