// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IContractRegistry
/// @notice What a verifier asks of the contract registry.
interface IContractRegistry {
    enum Status {
        Unregistered,
        Registered,
        Blocked
    }

    /// @notice Whether `target` is registered and unblocked (Registered), blocked (Blocked) or unknown.
    function statusOf(address target) external view returns (Status);
}
