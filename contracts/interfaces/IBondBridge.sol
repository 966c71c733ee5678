// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IBondBridge
/// @notice Events and errors of the compliant bond bridge (burn on the source chain, mint on the other).
interface IBondBridge {
    /// @notice `amount` left `from` here (burnt) for `to` on the peer chain.
    event BridgeSent(bytes32 indexed transferId, address indexed from, address indexed to, uint256 amount, bytes32 messageId);
    /// @notice A transfer from the peer chain was minted to its recipient.
    event BridgeReceived(bytes32 indexed transferId, address indexed from, address indexed to, uint256 amount);
    /// @notice The recipient could not receive on arrival, the sender is sanctioned, blocked or wallet-frozen
    /// here, or the inbound rate limit had no room: the amount waits in escrow (not minted).
    event Escrowed(bytes32 indexed transferId, address indexed from, address indexed to, uint256 amount);
    /// @notice An escrowed amount was minted to `to` (its recipient by a retry, or another address by the issuer).
    event EscrowReleased(bytes32 indexed transferId, address indexed to, uint256 amount);
    /// @notice The issuer sent an escrowed amount back to its sender on the peer chain, as transfer `returnId`.
    event EscrowReturned(bytes32 indexed transferId, bytes32 indexed returnId, address indexed to, uint256 amount);
    /// @notice The issuer voided an escrow (a receipt the source never sent): recorded, never minted.
    event EscrowVoided(bytes32 indexed transferId, address indexed from, address indexed to, uint256 amount);
    /// @notice A return of transfer `originalId` arrived, but this bridge never sent that transfer (or it
    /// already came back): the amount is recorded as voided, never minted.
    event ReturnVoided(bytes32 indexed transferId, bytes32 indexed originalId, address indexed from, address to, uint256 amount);
    /// @notice The issuer set the outbound rate limit.
    event RateLimitSet(uint128 capacity, uint128 refillPerSecond);
    /// @notice The issuer set the inbound rate limit (arrivals above it wait in escrow).
    event InboundRateLimitSet(uint128 capacity, uint128 refillPerSecond);

    /// @notice The token refuses the transfer here (code as in ERC-1404, from the token and its verifier):
    /// the sender cannot send, or the recipient could not receive.
    error BridgeRefused(uint8 code, address from, address to, uint256 amount);
    /// @notice Zero recipient or zero amount.
    error InvalidTransfer();
    /// @notice No escrow under this transfer id.
    error NoEscrow(bytes32 transferId);
    /// @notice The escrow's recipient still cannot receive.
    error RecipientStillRefused(bytes32 transferId, address recipient);
    /// @notice The escrow's sender is sanctioned, blocked or wallet-frozen here: only the issuer may release it.
    error SenderStillRefused(bytes32 transferId, address sender);
    /// @notice The payload is not a bridge transfer.
    error MalformedTransfer();
    /// @notice This transfer id was already handled here.
    error AlreadyProcessed(bytes32 transferId);
    /// @notice A zero address where a contract is needed.
    error ZeroAddress();

    /// @notice An amount waiting for a recipient that could not receive on arrival.
    struct Escrow {
        address from;
        address to;
        uint256 amount;
    }
}
