// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {AxelarExecutable} from "@axelar-network/axelar-gmp-sdk-solidity/contracts/executable/AxelarExecutable.sol";
import {IAxelarGasService} from "@axelar-network/axelar-gmp-sdk-solidity/contracts/interfaces/IAxelarGasService.sol";
import {StringToAddress, AddressToString} from "@axelar-network/axelar-gmp-sdk-solidity/contracts/libs/AddressString.sol";
import {IMessenger} from "../interfaces/IMessenger.sol";
import {IMessageReceiver} from "../interfaces/IMessageReceiver.sol";

/// @title AxelarMessenger
/// @notice An {IMessenger} over Axelar General Message Passing: the same credential mirror and bond bridge run
/// over Axelar instead of LayerZero by deploying this messenger in place of {LayerZeroMessenger}.
/// @dev Trust: a payload is delivered only if the Axelar gateway on this chain approved it (Axelar's validators
/// signed the contract call) and it came from the peer messenger on `peerChain`. The owner (governance of this
/// chain) sets the peer once.
contract AxelarMessenger is AxelarExecutable, Ownable, IMessenger {
    using StringToAddress for string;
    using AddressToString for address;

    /// @notice Axelar's gas service, which the whole `msg.value` of a send pays (zero: no prepaid gas).
    IAxelarGasService public immutable gasService;
    /// @notice Axelar's name of the peer chain.
    string public peerChain;
    /// @notice The peer messenger on `peerChain`.
    address public peer;
    /// @inheritdoc IMessenger
    address public app;
    /// @notice Contract calls sent so far (part of each message id).
    uint256 public sent;

    /// @notice The call came from another chain or another contract than the peer.
    error NotPeer(string sourceChain, string sourceAddress);
    /// @notice The peer is already set (it is set once), or being set to zero.
    error InvalidPeer();
    /// @notice A fee was sent but this messenger has no gas service to pay it to (it would be stranded here).
    error FeeWithoutGasService(uint256 value);

    /// @notice Binds the messenger to this chain's Axelar gateway; governance sets the peer and the application.
    /// @param gateway_ This chain's Axelar gateway.
    /// @param gasService_ Axelar's gas service (or zero).
    /// @param owner_ Governance of this chain: sets the peer and the application, once each.
    constructor(address gateway_, IAxelarGasService gasService_, address owner_) AxelarExecutable(gateway_) Ownable(owner_) {
        gasService = gasService_;
    }

    /// @notice Sets the peer messenger on `chain`, once. Owner.
    function setPeer(string calldata chain, address peer_) external onlyOwner {
        if (peer != address(0) || peer_ == address(0) || bytes(chain).length == 0) revert InvalidPeer();
        peerChain = chain;
        peer = peer_;
    }

    /// @notice Sets the application this messenger serves, once. Owner.
    function bind(address app_) external onlyOwner {
        if (app_ == address(0)) revert ZeroApp();
        if (app != address(0)) revert AppAlreadyBound(app);
        app = app_;
        emit AppBound(app_);
    }

    /// @inheritdoc IMessenger
    /// @dev Axelar's gas is estimated off chain (Axelar's own tools); any `msg.value` prepays it. Without a gas
    /// service, a send with a fee is refused ({FeeWithoutGasService}) rather than keeping the fee here.
    function quote(bytes calldata) external pure returns (uint256) {
        return 0;
    }

    /// @inheritdoc IMessenger
    function send(bytes calldata payload, address refundTo) external payable returns (bytes32 messageId) {
        if (msg.sender != app || app == address(0)) revert NotApp(msg.sender);
        if (peer == address(0)) revert InvalidPeer();
        if (msg.value > 0 && address(gasService) == address(0)) revert FeeWithoutGasService(msg.value);
        string memory destination = peer.toString();
        messageId = keccak256(abi.encode(block.chainid, address(this), sent++));
        emit MessageSent(messageId, payload.length);
        if (msg.value > 0) {
            gasService.payNativeGasForContractCall{value: msg.value}(address(this), peerChain, destination, payload, refundTo);
        }
        gateway.callContract(peerChain, destination, payload);
    }

    /// @dev Called by {AxelarExecutable-execute} once the gateway approved the call.
    function _execute(string calldata sourceChain, string calldata sourceAddress, bytes calldata payload) internal override {
        if (
            peer == address(0) || keccak256(bytes(sourceChain)) != keccak256(bytes(peerChain))
                || sourceAddress.toAddress() != peer
        ) {
            revert NotPeer(sourceChain, sourceAddress);
        }
        emit MessageDelivered(keccak256(abi.encode(sourceChain, payload)), payload.length);
        IMessageReceiver(app).receiveMessage(payload);
    }
}
