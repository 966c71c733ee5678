// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IMessenger
/// @notice The one thing a cross-chain application asks of its messaging layer: carry an opaque payload to
/// its one counterpart on one other chain. LayerZero and Axelar each sit behind this interface, so the
/// credential mirror and the bond bridge do not depend on either.
/// @dev A messenger is bound to one application on its chain and to one peer messenger on the other chain:
/// only its application may send, and it delivers only what its peer sent, to its application only.
interface IMessenger {
    /// @notice The messenger's application was set.
    event AppBound(address indexed app);
    /// @notice A payload left for the peer chain.
    event MessageSent(bytes32 indexed messageId, uint256 payloadLength);
    /// @notice A payload from the peer chain was handed to the application.
    event MessageDelivered(bytes32 indexed messageId, uint256 payloadLength);

    /// @notice The caller is not the application this messenger serves.
    error NotApp(address caller);
    /// @notice The application is already set (it is set once).
    error AppAlreadyBound(address app);
    /// @notice The application is the zero address.
    error ZeroApp();

    /// @notice The native fee that sending `payload` costs now.
    function quote(bytes calldata payload) external view returns (uint256 nativeFee);

    /// @notice Sends `payload` to the application on the peer chain. Caller: the bound application. The
    /// whole `msg.value` pays the fee; any excess goes back to `refundTo`.
    /// @return messageId The messaging layer's id of the message.
    function send(bytes calldata payload, address refundTo) external payable returns (bytes32 messageId);

    /// @notice The application this messenger serves (sends for and delivers to).
    function app() external view returns (address);
}
