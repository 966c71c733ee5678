// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ISanctionsList
/// @notice The interface of the Chainalysis sanctions oracle, also implemented by Qualified's own lists.
interface ISanctionsList {
    /// @notice Whether `addr` is sanctioned.
    function isSanctioned(address addr) external view returns (bool);
}
