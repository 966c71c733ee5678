// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {OApp, Origin, MessagingFee, MessagingReceipt} from "lz-oapp/oapp/OApp.sol";
import {IMessenger} from "../interfaces/IMessenger.sol";
import {IMessageReceiver} from "../interfaces/IMessageReceiver.sol";

/// @title LayerZeroMessenger
/// @notice An {IMessenger} over LayerZero V2: a LayerZero OApp that carries its application's payloads to the
/// one peer OApp on `peerEid`, and hands the peer's payloads to its application.
/// @dev Trust: a payload is delivered only if the local endpoint accepted it (the DVNs configured for this
/// OApp verified it) and it came from the peer set for `peerEid` (OApp's own `OnlyPeer` check, and the
/// endpoint's `allowInitializePath`). The owner (governance of this chain) sets the peer and the endpoint
/// configuration, so the owner is trusted exactly as far as the application's own admin is.
contract LayerZeroMessenger is OApp, IMessenger {
    /// @notice The LayerZero endpoint id of the peer chain.
    uint32 public immutable peerEid;
    /// @notice The gas the executor gives the application's `receiveMessage` on the peer chain.
    uint128 public immutable receiveGas;
    /// @inheritdoc IMessenger
    address public app;

    /// @notice A message came from another endpoint id than the peer's.
    error WrongSourceChain(uint32 srcEid);

    /// @param endpoint_ The local LayerZero EndpointV2.
    /// @param owner_ Owner and endpoint delegate (governance of this chain).
    /// @param peerEid_ The peer chain's endpoint id.
    /// @param receiveGas_ Gas for `receiveMessage` on the peer chain (LayerZero executor option).
    constructor(address endpoint_, address owner_, uint32 peerEid_, uint128 receiveGas_)
        OApp(endpoint_, owner_)
        Ownable(owner_)
    {
        peerEid = peerEid_;
        receiveGas = receiveGas_;
    }

    /// @notice Sets the application this messenger serves, once. Owner.
    function bind(address app_) external onlyOwner {
        if (app_ == address(0)) revert ZeroApp();
        if (app != address(0)) revert AppAlreadyBound(app);
        app = app_;
        emit AppBound(app_);
    }

    /// @inheritdoc IMessenger
    function quote(bytes calldata payload) external view returns (uint256 nativeFee) {
        return _quote(peerEid, payload, _options(), false).nativeFee;
    }

    /// @inheritdoc IMessenger
    function send(bytes calldata payload, address refundTo) external payable returns (bytes32 messageId) {
        if (msg.sender != app || app == address(0)) revert NotApp(msg.sender);
        MessagingReceipt memory receipt = _lzSend(peerEid, payload, _options(), MessagingFee(msg.value, 0), refundTo);
        emit MessageSent(receipt.guid, payload.length);
        return receipt.guid;
    }

    /// @dev Called by {OAppReceiver-lzReceive} after the endpoint and peer checks.
    function _lzReceive(Origin calldata origin, bytes32 guid, bytes calldata message, address, bytes calldata)
        internal
        override
    {
        if (origin.srcEid != peerEid) revert WrongSourceChain(origin.srcEid);
        emit MessageDelivered(guid, message.length);
        IMessageReceiver(app).receiveMessage(message);
    }

    /// @dev LayerZero type-3 options with one executor lzReceive option: `receiveGas`, no native drop.
    function _options() private view returns (bytes memory) {
        return abi.encodePacked(uint16(3), uint8(1), uint16(17), uint8(1), receiveGas);
    }
}
