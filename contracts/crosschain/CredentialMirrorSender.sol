// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CredentialRegistry} from "../registries/CredentialRegistry.sol";
import {ContractRegistry} from "../registries/ContractRegistry.sol";
import {CredentialIndex} from "../libraries/CredentialIndex.sol";
import {IMessenger} from "../interfaces/IMessenger.sol";
import {ICredentialMirror} from "../interfaces/ICredentialMirror.sol";
import {MirrorMessages} from "./MirrorMessages.sol";

/// @title CredentialMirrorSender
/// @notice Home-chain half of credential mirroring. Anyone may push the home truth about a wallet or a
/// qualifier, or home governance's vetting of a code hash, to the mirror on the other chain (paying the
/// messaging fee): the message content is read here from the home credential and contract registries, never
/// taken from the caller, so a caller can only ever send the truth.
/// @dev Permissionless `sync` rather than hooks in the registries: issuing, revoking, suspending, flagging
/// and blocking at home never depend on the messaging layer (a fee, a paused endpoint, a broken DVN can
/// never stop a revocation at home), and the home registries stay unchanged. Timeliness comes from whoever
/// watches the home events (the monitor's relayer, the holder's counterparty, the issuer) calling `sync` at
/// once; if nobody does, the mirror's staleness bound refuses stale credentials anyway.
contract CredentialMirrorSender is ICredentialMirror {
    using CredentialIndex for uint256;

    /// @notice The home credential registry.
    CredentialRegistry public immutable credentials;
    /// @notice The home contract registry, whose governance vets code hashes.
    ContractRegistry public immutable contracts;
    /// @notice The messenger to the mirror chain.
    IMessenger public immutable messenger;
    /// @notice The sequence number the next message carries.
    uint64 public nextSeq;

    /// @notice Reads the home registries and sends their changes through the messenger.
    /// @param credentials_ The home credential registry.
    /// @param contracts_ The home contract registry (its vetted code hashes).
    /// @param messenger_ A messenger bound to this contract.
    /// @param firstSeq The sequence number of the first message: 1 for a new mirror; for a sender that takes
    /// over from another (a redeployment, a new messenger), the old sender's `nextSeq`, or the mirror would drop
    /// this sender's updates as older than those it already applied.
    constructor(CredentialRegistry credentials_, ContractRegistry contracts_, IMessenger messenger_, uint64 firstSeq) {
        if (firstSeq == 0) revert ZeroFirstSeq();
        nextSeq = firstSeq;
        credentials = credentials_;
        contracts = contracts_;
        messenger = messenger_;
    }

    /// @notice Sends `wallet`'s state as the home registry holds it now: its credentials of active qualifiers
    /// (class and expiry), its sanctions flag and its guardians' blocked flag. Anyone; `msg.value` pays the
    /// messaging fee ({quoteSync}), any excess is refunded to the caller.
    function sync(address wallet) external payable returns (bytes32 messageId) {
        if (wallet == address(0)) revert ZeroWallet();
        uint256 word = walletWord(wallet);
        uint64 seq = nextSeq++;
        emit WalletSynced(wallet, seq, word);
        return _send(MirrorMessages.Message(MirrorMessages.WALLET, seq, uint40(block.timestamp), uint160(wallet), word));
    }

    /// @notice Sends qualifier `qualifierId`'s standing as it is now (a suspension stops every credential it
    /// issued on the mirror at once; a reinstatement revives them). Anyone; `msg.value` pays the fee.
    function syncQualifier(uint16 qualifierId) external payable returns (bytes32 messageId) {
        if (qualifierId == 0 || qualifierId > credentials.qualifierCount()) revert UnknownQualifier(qualifierId);
        bool active = credentials.isQualifierActive(qualifierId);
        uint64 seq = nextSeq++;
        emit QualifierSynced(qualifierId, seq, active);
        return _send(
            MirrorMessages.Message(MirrorMessages.QUALIFIER, seq, uint40(block.timestamp), qualifierId, active ? 1 : 0)
        );
    }

    /// @notice Sends whether home governance has `codeHash` vetted now (`ContractRegistry.isVettedCode`): on the
    /// mirror chain anyone may then register a contract with that code, until the vetting lapses
    /// (`maxStaleness` after this message unless re-synced) or a withdrawal arrives. Anyone; `msg.value` pays
    /// the fee.
    function syncCode(bytes32 codeHash) external payable returns (bytes32 messageId) {
        if (codeHash == bytes32(0)) revert ZeroCodeHash();
        bool vetted = contracts.isVettedCode(codeHash);
        uint64 seq = nextSeq++;
        emit CodeSynced(codeHash, seq, vetted);
        return _send(
            MirrorMessages.Message(MirrorMessages.CODE, seq, uint40(block.timestamp), uint256(codeHash), vetted ? 1 : 0)
        );
    }

    /// @notice The fee a `sync`, `syncQualifier` or `syncCode` costs now (every message has the same size).
    function quoteSync() external view returns (uint256) {
        return messenger.quote(new bytes(MirrorMessages.LENGTH));
    }

    /// @notice `wallet`'s word as it would be mirrored now: entries of credentials whose qualifier is active,
    /// with their expiry, plus the sanctions and blocked flags.
    function walletWord(address wallet) public view returns (uint256 word) {
        uint256[] memory ids = credentials.credentialsOf(wallet);
        uint256 slot;
        for (uint256 i; i < ids.length; ++i) {
            CredentialRegistry.Credential memory c = credentials.credential(ids[i]);
            if (!credentials.isQualifierActive(c.qualifierId)) continue;
            word = word.withEntry(slot++, CredentialIndex.encode(c.qualifierId, c.classId, uint32(c.expiresAt)));
        }
        word = word.withSanctioned(credentials.isSanctioned(wallet)).withBlocked(credentials.isBlocked(wallet));
    }

    function _send(MirrorMessages.Message memory m) private returns (bytes32) {
        // IMessenger.send, not address.send: it reverts on failure and its result is used.
        // solhint-disable-next-line check-send-result
        return messenger.send{value: msg.value}(MirrorMessages.encode(m), msg.sender);
    }
}
