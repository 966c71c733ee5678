// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICredentialStatus} from "../interfaces/ICredentialStatus.sol";
import {ISanctionsList} from "../interfaces/ISanctionsList.sol";
import {IMessageReceiver} from "../interfaces/IMessageReceiver.sol";
import {ICredentialMirror} from "../interfaces/ICredentialMirror.sol";
import {CredentialIndex} from "../libraries/CredentialIndex.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";
import {MirrorMessages} from "./MirrorMessages.sol";

/// @title CredentialMirror
/// @notice The credential registry as another chain sees it: what the home registry said about each wallet
/// and qualifier, written only by messages from the home chain's {CredentialMirrorSender} through this
/// contract's messenger. Verifiers read it through {ICredentialStatus}, the interface they read the home
/// registry through, so a {CredentialVerifier} and a SecurityToken deploy here unchanged.
/// @dev Staleness is bounded by design: a mirrored credential is valid until `min(its expiry, sentAt +
/// maxStaleness)`, `sentAt` being the home time the message was read (never later than this chain's clock
/// at arrival). If messages stop, every credential lapses within `maxStaleness`: the mirror refuses rather
/// than trusts a revoked credential forever; such a lapse answers {RestrictionCodes.SENDER_MIRROR_STALE}
/// (sync it), a credential past its own expiry {RestrictionCodes.SENDER_CREDENTIAL_EXPIRED} (renew it).
/// Sanctions and blocks refuse at once on arrival. Code hashes vetted by home governance are mirrored with
/// the same bound ({isVettedCode}), for the chain's {MirroredContractRegistry}.
contract CredentialMirror is ICredentialStatus, ISanctionsList, IMessageReceiver, ICredentialMirror {
    using CredentialIndex for uint256;

    /// @notice The messenger whose payloads (from the home sender) this mirror accepts.
    address public immutable messenger;
    /// @notice The longest a mirrored credential stays valid after the home state it came from was read.
    uint40 public immutable maxStaleness;

    /// @dev Bit 224 + i of a mirrored word (unused in the {CredentialIndex} layout): entry i's expiry is the
    /// staleness cap, not the credential's own expiry, so when it passes a sync from home revives it.
    uint256 private constant _STALE_CAP_BIT = 1 << 224;

    /// @notice A code hash's vetting as home governance last said it, and until when this chain trusts it.
    struct CodeVetting {
        bool vetted;
        /// `min(sentAt, arrival) + maxStaleness`: after it, the vetting counts as withdrawn.
        uint40 validUntil;
        /// The sequence number of the message it came from.
        uint64 seq;
    }

    mapping(address wallet => uint256 word) private _words;
    mapping(bytes32 codeHash => CodeVetting) private _codes;
    /// @notice The sequence number of the last update applied to each wallet.
    mapping(address wallet => uint64 seq) public walletSeq;
    /// @notice Whether the last standing mirrored for a qualifier was suspended.
    mapping(uint16 qualifierId => bool suspended) public qualifierSuspended;
    /// @notice The sequence number of the last standing update applied to each qualifier.
    mapping(uint16 qualifierId => uint64 seq) public qualifierSeq;

    /// @notice Accepts updates from one messenger and bounds how stale a mirrored credential may be.
    /// @param messenger_ The messenger bound to this mirror.
    /// @param maxStaleness_ Seconds a mirrored credential stays valid after the home state was read.
    constructor(address messenger_, uint40 maxStaleness_) {
        if (maxStaleness_ == 0) revert ZeroStaleness();
        messenger = messenger_;
        maxStaleness = maxStaleness_;
    }

    /// @inheritdoc IMessageReceiver
    /// @dev Refuses a malformed payload (the message stays undelivered). An update older than the one
    /// applied is dropped, not refused, so it cannot block the channel.
    function receiveMessage(bytes calldata payload) external {
        if (msg.sender != messenger) revert NotMessenger(msg.sender);
        MirrorMessages.Message memory m = MirrorMessages.decode(payload);
        // A clock ahead of ours never extends validity.
        uint40 sentAt = m.sentAt < block.timestamp ? m.sentAt : uint40(block.timestamp);
        if (m.kind == MirrorMessages.WALLET) _applyWallet(m, sentAt);
        else if (m.kind == MirrorMessages.QUALIFIER) _applyQualifier(m);
        else _applyCode(m, sentAt);
    }

    function _applyWallet(MirrorMessages.Message memory m, uint40 sentAt) private {
        address wallet = address(uint160(m.key));
        if (m.seq <= walletSeq[wallet]) {
            emit StaleUpdateIgnored(m.kind, m.key, m.seq);
            return;
        }
        uint40 validUntil = sentAt + maxStaleness;
        walletSeq[wallet] = m.seq;
        _words[wallet] = _capped(m.value, validUntil);
        emit WalletMirrored(wallet, m.seq, sentAt, validUntil);
    }

    function _applyQualifier(MirrorMessages.Message memory m) private {
        uint16 qid = uint16(m.key);
        if (m.seq <= qualifierSeq[qid]) {
            emit StaleUpdateIgnored(m.kind, m.key, m.seq);
            return;
        }
        qualifierSeq[qid] = m.seq;
        qualifierSuspended[qid] = m.value == 0;
        emit QualifierMirrored(qid, m.seq, m.value == 1);
    }

    function _applyCode(MirrorMessages.Message memory m, uint40 sentAt) private {
        bytes32 codeHash = bytes32(m.key);
        if (m.seq <= _codes[codeHash].seq) {
            emit StaleUpdateIgnored(m.kind, m.key, m.seq);
            return;
        }
        uint40 validUntil = sentAt + maxStaleness;
        _codes[codeHash] = CodeVetting(m.value == 1, validUntil, m.seq);
        emit CodeMirrored(codeHash, m.seq, m.value == 1, validUntil);
    }

    /// @dev `word` with every entry's expiry capped at `validUntil` (an entry whose own expiry was later is
    /// marked {_STALE_CAP_BIT}), entries of qualifier 0 cleared, the other unused bits dropped and the two
    /// flags kept.
    function _capped(uint256 word, uint40 validUntil) private pure returns (uint256 out) {
        for (uint256 i; i < CredentialIndex.MAX_ENTRIES; ++i) {
            uint256 e = word.entryAt(i);
            uint256 q = e.qualifierOf();
            if (q == 0) continue;
            uint256 expiry = e.expiryOf();
            if (expiry > validUntil) {
                expiry = validUntil;
                out |= _STALE_CAP_BIT << i;
            }
            out = out.withEntry(i, CredentialIndex.encode(uint16(q), uint8(e.classOf()), uint32(expiry)));
        }
        out = out.withSanctioned(word.isSanctioned()).withBlocked(word.isBlocked());
    }

    /// @inheritdoc ICredentialStatus
    function credentialStatusPair(address from, address to, uint256 classMask)
        external
        view
        returns (uint8 fromCode, uint8 toCode)
    {
        return (_status(from, classMask), _status(to, classMask));
    }

    /// @inheritdoc ICredentialStatus
    function credentialStatus(address account, uint256 classMask) external view returns (uint8) {
        return _status(account, classMask);
    }

    /// @notice Whether `account` holds a live mirrored credential of a class in `classMask` and is neither
    /// sanctioned nor blocked.
    function hasValidCredential(address account, uint256 classMask) external view returns (bool) {
        return _status(account, classMask) == RestrictionCodes.SUCCESS;
    }

    /// @inheritdoc ISanctionsList
    function isSanctioned(address addr) external view returns (bool) {
        return _words[addr].isSanctioned();
    }

    /// @notice Whether a home guardian's block on `account` has reached this chain.
    function isBlocked(address account) external view returns (bool) {
        return _words[account].isBlocked();
    }

    /// @notice The mirrored word of `wallet` ({CredentialIndex} layout, expiries already capped; bit 224 + i
    /// set when entry i's expiry is the staleness cap rather than its own).
    function wordOf(address wallet) external view returns (uint256) {
        return _words[wallet];
    }

    /// @notice Whether home governance had vetted `codeHash` when it was last mirrored, and that message is
    /// at most `maxStaleness` old: a vetting nobody re-syncs lapses, like a credential.
    function isVettedCode(bytes32 codeHash) external view returns (bool) {
        CodeVetting memory c = _codes[codeHash];
        return c.vetted && block.timestamp < c.validUntil;
    }

    /// @notice The last mirrored vetting of `codeHash` (zero when none arrived).
    function codeVetting(bytes32 codeHash) external view returns (CodeVetting memory) {
        return _codes[codeHash];
    }

    /// @dev The home registry's rule on the mirrored word: sanctioned, else blocked, else success if an
    /// accepted, unexpired (and not stale) entry has a qualifier not suspended, else the most telling
    /// failure: suspended (a live entry) or stale (an entry ended by the staleness cap: a sync may revive
    /// it) > expired (by its own expiry) > none. A live entry and a stale one never coexist: every entry of
    /// a word has the same cap.
    function _status(address account, uint256 classMask) private view returns (uint8 code) {
        uint256 word = _words[account];
        if (word.isSanctioned()) return RestrictionCodes.SENDER_SANCTIONED;
        if (word.isBlocked()) return RestrictionCodes.SENDER_CONTRACT_BLOCKED;
        code = RestrictionCodes.SENDER_NOT_QUALIFIED;
        for (uint256 i; i < CredentialIndex.MAX_ENTRIES; ++i) {
            uint256 e = word.entryAt(i);
            uint256 q = e.qualifierOf();
            if (q == 0 || (classMask >> e.classOf()) & 1 == 0) continue;
            if (e.expiryOf() <= block.timestamp) {
                if (word & (_STALE_CAP_BIT << i) != 0) code = RestrictionCodes.SENDER_MIRROR_STALE;
                else if (code == RestrictionCodes.SENDER_NOT_QUALIFIED) code = RestrictionCodes.SENDER_CREDENTIAL_EXPIRED;
            } else if (qualifierSuspended[uint16(q)]) {
                code = RestrictionCodes.SENDER_QUALIFIER_SUSPENDED;
            } else {
                return RestrictionCodes.SUCCESS;
            }
        }
    }
}
