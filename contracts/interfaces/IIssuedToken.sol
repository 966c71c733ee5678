// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IIssuedToken
/// @notice A token that names its issuer, as {SecurityToken} does.
interface IIssuedToken {
    /// @notice The issuer the token belongs to.
    function issuer() external view returns (address);
}
