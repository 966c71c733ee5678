// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IMessageReceiver
/// @notice What a messenger calls on its application when a payload from the peer chain arrives.
interface IMessageReceiver {
    /// @notice The caller is not this application's messenger.
    error NotMessenger(address caller);

    /// @notice Handles a payload the peer application sent. Caller: this application's messenger only. A
    /// revert leaves the message undelivered, to be retried (fail closed).
    function receiveMessage(bytes calldata payload) external;
}
