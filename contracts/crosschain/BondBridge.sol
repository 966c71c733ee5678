// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {SecurityToken} from "../token/SecurityToken.sol";
import {IMessenger} from "../interfaces/IMessenger.sol";
import {IMessageReceiver} from "../interfaces/IMessageReceiver.sol";
import {IBondBridge} from "../interfaces/IBondBridge.sol";
import {TokenBucket} from "../libraries/TokenBucket.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";

/// @title BondBridge
/// @notice Moves a SecurityToken between two chains, OFT-style: burn here, mint on the peer chain, one bridge
/// on each side holding the token's MINTER_ROLE there. The sender and the recipient are checked here before
/// anything is burnt (the token's own `detectTransferRestriction(from, to, amount)`: pause, freezes, unfrozen
/// balance, both parties' credentials), and both again on arrival: the recipient must be able to receive, and
/// the sender must not be sanctioned, blocked or wallet-frozen in this chain's view (a flag raised while the
/// transfer was in flight, or one the source chain had not learnt yet). A receipt the destination refuses is
/// not minted but kept in escrow, never lost: anyone may retry it once both parties pass, and the issuer may
/// release it to another eligible address, return it to the sender's chain, or void it (a receipt the
/// source never sent: a forgery by a compromised messaging layer).
/// @dev Supply across chains is conserved: `totalSupply` here + escrowed here + voided here + (`totalSent` -
/// what the peer received) + the same on the peer chain stays constant. A forged receipt shows as a negative
/// amount in flight towards the chain that received it; voiding it records it there without minting it.
/// A transfer id commits to its source chain, bridge, nonce, sender, recipient and amount, so the source
/// recognises a return of something it really sent: a return of anything else is voided on arrival. Outbound transfers draw on an issuer-set token
/// bucket; a bridge with no limit set sends nothing (fail closed). Arrivals draw on a second, inbound bucket,
/// so a compromised messaging layer cannot mint without bound: an arrival the inbound bucket has no room for
/// goes to escrow (neither refused nor lost), and a retry of it draws on the bucket later. A bridge with no
/// inbound limit set mints nothing on arrival (fail closed).
contract BondBridge is AccessControl, IBondBridge, IMessageReceiver {
    using TokenBucket for TokenBucket.Bucket;

    /// @notice The token this bridge burns and mints (it holds the token's MINTER_ROLE).
    SecurityToken public immutable token;
    /// @notice The messenger to the peer chain's bridge.
    IMessenger public immutable messenger;

    /// @notice Transfers sent from here so far (nonce of the next one).
    uint64 public nextNonce;
    /// @notice Amount burnt here for the peer chain, ever.
    uint256 public totalSent;
    /// @notice Amount that arrived here from the peer chain, ever (minted or escrowed).
    uint256 public totalReceived;
    /// @notice Amount waiting in escrow here now.
    uint256 public totalEscrowed;
    /// @notice Amount that arrived here and was recorded without being minted, ever: escrows the issuer voided
    /// and returns of transfers this bridge never sent.
    uint256 public totalVoided;

    TokenBucket.Bucket private _outbound;
    TokenBucket.Bucket private _inbound;
    mapping(bytes32 transferId => Escrow) private _escrows;
    /// @notice Whether a transfer from the peer chain was already handled here (minted or escrowed).
    mapping(bytes32 transferId => bool) public processed;
    /// @notice Whether a transfer sent from here already came back here as a return.
    mapping(bytes32 transferId => bool) public returned;

    /// @dev A transfer: abi.encode(transferId, from, to, amount).
    uint256 private constant PAYLOAD_LENGTH = 128;
    /// @dev A return: abi.encode(returnId, from, to, amount, originalId), where `originalId` is the transfer
    /// the receiving bridge sent from `to` to `from`.
    uint256 private constant RETURN_LENGTH = 160;

    /// @notice Bridges one token through one messenger; the issuer administers it.
    /// @param token_ The token (grant this bridge its MINTER_ROLE).
    /// @param messenger_ A messenger bound to this bridge.
    /// @param admin The issuer: sets the rate limit, releases and returns escrows.
    constructor(SecurityToken token_, IMessenger messenger_, address admin) {
        if (address(token_) == address(0) || address(messenger_) == address(0) || admin == address(0)) {
            revert ZeroAddress();
        }
        token = token_;
        messenger = messenger_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ sending

    /// @notice Burns `amount` of the caller's tokens here and sends them to `to` on the peer chain. Refused
    /// unless the token would let the caller transfer `amount` to `to` here (sender and recipient eligible,
    /// nothing paused or frozen in the way) and the rate limit has room. `msg.value` pays the messaging fee
    /// ({quoteSend}); any excess is refunded.
    /// @return transferId The transfer's id on both chains.
    function send(address to, uint256 amount) external payable returns (bytes32 transferId) {
        if (to == address(0) || amount == 0) revert InvalidTransfer();
        uint8 code = token.detectTransferRestriction(msg.sender, to, amount);
        if (code != 0) revert BridgeRefused(code, msg.sender, to, amount);
        _outbound.consume(amount);
        transferId = _nextTransferId(msg.sender, to, amount);
        totalSent += amount;
        token.burn(msg.sender, amount);
        // IMessenger.send, not address.send: it reverts on failure and its result is used.
        // solhint-disable-next-line check-send-result
        bytes32 messageId = messenger.send{value: msg.value}(abi.encode(transferId, msg.sender, to, amount), msg.sender);
        emit BridgeSent(transferId, msg.sender, to, amount, messageId);
    }

    /// @notice The messaging fee of a transfer now.
    function quoteSend() external view returns (uint256) {
        return messenger.quote(new bytes(PAYLOAD_LENGTH));
    }

    /// @notice The messaging fee of a return ({returnToSender}) now.
    function quoteReturn() external view returns (uint256) {
        return messenger.quote(new bytes(RETURN_LENGTH));
    }

    /// @notice How much the rate limit lets leave now.
    function availableToSend() external view returns (uint256) {
        return _outbound.available();
    }

    // ------------------------------------------------------------------ receiving

    /// @inheritdoc IMessageReceiver
    /// @dev A transfer is minted to the recipient if its sender passes the sender check ({_senderClear}), the
    /// token lets the recipient receive now and the inbound bucket has room for the amount; otherwise the
    /// amount goes to escrow. A return is first checked against what this bridge sent: a return of a
    /// transfer it never sent (or one already returned) is voided, never minted or escrowed; a genuine
    /// return skips the sender check (the tokens are the original sender's own, coming back).
    function receiveMessage(bytes calldata payload) external {
        if (msg.sender != address(messenger)) revert NotMessenger(msg.sender);
        if (payload.length != PAYLOAD_LENGTH && payload.length != RETURN_LENGTH) revert MalformedTransfer();
        (bytes32 transferId, uint256 fromWord, uint256 toWord, uint256 amount) =
            abi.decode(payload[:PAYLOAD_LENGTH], (bytes32, uint256, uint256, uint256));
        if (fromWord > type(uint160).max || toWord > type(uint160).max || toWord == 0 || amount == 0) {
            revert MalformedTransfer();
        }
        if (processed[transferId]) revert AlreadyProcessed(transferId);
        processed[transferId] = true;
        totalReceived += amount;
        address from = address(uint160(fromWord));
        address to = address(uint160(toWord));
        bool senderClear;
        if (payload.length == RETURN_LENGTH) {
            bytes32 originalId = bytes32(payload[PAYLOAD_LENGTH:RETURN_LENGTH]);
            if (!_acceptReturn(originalId, to, from, amount)) {
                totalVoided += amount;
                emit ReturnVoided(transferId, originalId, from, to, amount);
                return;
            }
            senderClear = true;
        } else {
            senderClear = _senderClear(from);
        }
        if (senderClear && _tryMint(to, amount)) {
            emit BridgeReceived(transferId, from, to, amount);
        } else {
            _escrows[transferId] = Escrow(from, to, amount);
            totalEscrowed += amount;
            emit Escrowed(transferId, from, to, amount);
        }
    }

    // ------------------------------------------------------------------ escrow

    /// @notice Mints an escrowed amount to its recipient, now that it can receive and its sender passes the
    /// sender check (not sanctioned, blocked or wallet-frozen here). Anyone: it goes only where its sender
    /// sent it. Draws on the inbound rate limit (reverts with {TokenBucket-RateLimited} while the bucket has
    /// no room; the escrow stays). An escrow larger than the bucket's capacity can only be released by the
    /// issuer ({release}), as can an escrowed return whose `from` (the recipient that refused it on the
    /// other chain) is refused here.
    function retry(bytes32 transferId) external {
        Escrow memory e = _takeEscrow(transferId);
        if (!token.canReceive(e.to)) revert RecipientStillRefused(transferId, e.to);
        if (!_senderClear(e.from)) revert SenderStillRefused(transferId, e.from);
        _inbound.consume(e.amount);
        emit EscrowReleased(transferId, e.to, e.amount);
        token.mint(e.to, e.amount);
    }

    /// @notice Mints an escrowed amount to `to`, an address that can receive (the recipient's new wallet, the
    /// sender's wallet on this chain). Admin (the issuer): the issuer's own decision, so it does not draw on
    /// the inbound rate limit.
    function release(bytes32 transferId, address to) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Escrow memory e = _takeEscrow(transferId);
        emit EscrowReleased(transferId, to, e.amount);
        token.mint(to, e.amount);
    }

    /// @notice Sends an escrowed amount back to its sender on the peer chain (where, if the sender cannot
    /// receive either, it lands in that chain's escrow). Admin (the issuer); `msg.value` pays the fee
    /// ({quoteReturn}). The peer bridge checks the return against what it sent: a return of a receipt it
    /// never sent (a forgery) is voided there, never minted, so returning a forged escrow destroys nothing
    /// and creates nothing; {voidEscrow} is the direct way to dispose of one.
    function returnToSender(bytes32 transferId) external payable onlyRole(DEFAULT_ADMIN_ROLE) returns (bytes32 returnId) {
        Escrow memory e = _takeEscrow(transferId);
        returnId = _nextTransferId(e.to, e.from, e.amount);
        totalSent += e.amount;
        bytes memory payload = abi.encode(returnId, e.to, e.from, e.amount, transferId);
        // IMessenger.send, not address.send: it reverts on failure and its result is used.
        // solhint-disable-next-line check-send-result
        bytes32 messageId = messenger.send{value: msg.value}(payload, msg.sender);
        emit EscrowReturned(transferId, returnId, e.from, e.amount);
        emit BridgeSent(returnId, e.to, e.from, e.amount, messageId);
    }

    /// @notice Disposes of an escrow without minting it: for a receipt the source chain never sent (a
    /// forgery by a compromised messaging layer, which the inbound rate limit parked here). The amount is
    /// recorded in {totalVoided}, so supply across chains stays reconcilable. Admin (the issuer). Voiding a
    /// genuine receipt destroys the sender's tokens: check the source chain's `BridgeSent` first.
    function voidEscrow(bytes32 transferId) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Escrow memory e = _takeEscrow(transferId);
        totalVoided += e.amount;
        emit EscrowVoided(transferId, e.from, e.to, e.amount);
    }

    /// @notice Whether `transferId` is a transfer this bridge sent, as nonce `transferId >> 192`, from `from`
    /// to `to` of `amount`.
    function sentHere(bytes32 transferId, address from, address to, uint256 amount) public view returns (bool) {
        uint64 nonce = uint64(uint256(transferId) >> 192);
        return nonce < nextNonce && transferId == _transferId(nonce, from, to, amount);
    }

    /// @notice An escrow (zero amount when there is none).
    function escrowOf(bytes32 transferId) external view returns (Escrow memory) {
        return _escrows[transferId];
    }

    // ------------------------------------------------------------------ admin

    /// @notice Sets the outbound token bucket: at most `capacity` units at once, refilling at
    /// `refillPerSecond`. Admin (the issuer). A capacity of zero stops outbound transfers.
    function setRateLimit(uint128 capacity, uint128 refillPerSecond) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _outbound.configure(capacity, refillPerSecond);
        emit RateLimitSet(capacity, refillPerSecond);
    }

    /// @notice The outbound bucket's settings.
    function rateLimit() external view returns (uint128 capacity, uint128 refillPerSecond) {
        return (_outbound.capacity, _outbound.refillPerSecond);
    }

    /// @notice Sets the inbound token bucket: at most `capacity` units minted on arrival at once, refilling
    /// at `refillPerSecond`; arrivals beyond it wait in escrow. Admin (the issuer). A capacity of zero sends
    /// every arrival to escrow.
    function setInboundRateLimit(uint128 capacity, uint128 refillPerSecond) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _inbound.configure(capacity, refillPerSecond);
        emit InboundRateLimitSet(capacity, refillPerSecond);
    }

    /// @notice The inbound bucket's settings.
    function inboundRateLimit() external view returns (uint128 capacity, uint128 refillPerSecond) {
        return (_inbound.capacity, _inbound.refillPerSecond);
    }

    /// @notice How much the inbound rate limit lets mint on arrival now.
    function availableToReceive() external view returns (uint256) {
        return _inbound.available();
    }

    // ------------------------------------------------------------------ internals

    /// @dev The nonce in the top 64 bits, then 192 bits of a hash of everything the transfer commits to.
    function _transferId(uint64 nonce, address from, address to, uint256 amount) private view returns (bytes32) {
        uint256 digest = uint256(keccak256(abi.encode(block.chainid, address(this), nonce, from, to, amount)));
        return bytes32((uint256(nonce) << 192) | (digest & type(uint192).max));
    }

    function _nextTransferId(address from, address to, uint256 amount) private returns (bytes32) {
        return _transferId(nextNonce++, from, to, amount);
    }

    /// @dev Whether a return of `originalId` (sent from here by `from` to `to`) is one this bridge sent and
    /// has not seen come back yet; marks it returned.
    function _acceptReturn(bytes32 originalId, address from, address to, uint256 amount) private returns (bool) {
        if (returned[originalId] || !sentHere(originalId, from, to, amount)) return false;
        returned[originalId] = true;
        return true;
    }

    /// @dev The sender check on arrival: not wallet-frozen on this token and not refused as a spender by its
    /// verifier (sanctioned, or a blocked contract, in this chain's view). A sender a credential mirror has no
    /// recent word on (`SPENDER_MIRROR_STALE`) is clear: the source chain checked it when it sent, and on a
    /// mirrored chain the source is home, whose registry is the authority. Never reverts.
    function _senderClear(address from) private view returns (bool) {
        uint8 code = token.detectSpenderRestriction(from);
        return code == RestrictionCodes.SUCCESS || code == RestrictionCodes.SPENDER_MIRROR_STALE;
    }

    function _takeEscrow(bytes32 transferId) private returns (Escrow memory e) {
        e = _escrows[transferId];
        if (e.amount == 0) revert NoEscrow(transferId);
        delete _escrows[transferId];
        totalEscrowed -= e.amount;
    }

    /// @dev Mints unless the recipient cannot receive or the inbound bucket has no room; a mint that fails
    /// anyway (the supply cap) counts as refused too, so a receipt never reverts and never gets lost. Such a
    /// failed mint still used its room in the bucket (erring on the side of minting less).
    function _tryMint(address to, uint256 amount) private returns (bool) {
        if (!token.canReceive(to)) return false;
        if (!_inbound.tryConsume(amount)) return false;
        try token.mint(to, amount) {
            return true;
        } catch {
            return false;
        }
    }
}
