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
/// Sanctions and blocks refuse at once on arrival, and a wallet no update vouched for within `maxStaleness`
/// (or ever) is refused too, credential or not: a spender or a registered contract, which hold no
/// credential, cannot outlive a sanction that never arrived. Code hashes vetted by home governance are mirrored with
/// the same bound ({isVettedCode}), for the chain's {MirroredContractRegistry}.
contract CredentialMirror is ICredentialStatus, ISanctionsList, IMessageReceiver, ICredentialMirror {
    using CredentialIndex for uint256;

    /// @notice The messenger whose payloads (from the home sender) this mirror accepts.
    address public immutable messenger;
    /// @notice The longest a mirrored credential stays valid after the home state it came from was read.
    uint40 public immutable maxStaleness;

    /// @notice The longest staleness bound a mirror accepts: a bound of years would let a revoked credential
    /// live on here for years, and one near the top of `uint40` would overflow every update.
    uint40 public constant MAX_STALENESS = 30 days;

    /// @notice What the mirror knows of a wallet besides its word: the sequence number of the update applied
    /// last, and until when that update vouches for the wallet (`min(sentAt, arrival) + maxStaleness`).
    struct WalletSync {
        uint64 seq;
        uint40 validUntil;
    }

    /// @notice A code hash's vetting as home governance last said it, and until when this chain trusts it.
    struct CodeVetting {
        bool vetted;
        /// `min(sentAt, arrival) + maxStaleness`: after it, the vetting counts as withdrawn.
        uint40 validUntil;
        /// The sequence number of the message it came from.
        uint64 seq;
    }

    mapping(address wallet => uint256 word) private _words;
    mapping(address wallet => WalletSync) private _walletSyncs;
    mapping(bytes32 codeHash => CodeVetting) private _codes;
    /// @notice Whether the last standing mirrored for a qualifier was suspended.
    mapping(uint16 qualifierId => bool suspended) public qualifierSuspended;
    /// @notice The sequence number of the last standing update applied to each qualifier.
    mapping(uint16 qualifierId => uint64 seq) public qualifierSeq;

    /// @notice Accepts updates from one messenger and bounds how stale a mirrored credential may be.
    /// @param messenger_ The messenger bound to this mirror.
    /// @param maxStaleness_ Seconds a mirrored credential stays valid after the home state was read.
    constructor(address messenger_, uint40 maxStaleness_) {
        if (maxStaleness_ == 0) revert ZeroStaleness();
        if (maxStaleness_ > MAX_STALENESS) revert StalenessTooLong(maxStaleness_, MAX_STALENESS);
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
        if (m.seq <= _walletSyncs[wallet].seq) {
            emit StaleUpdateIgnored(m.kind, m.key, m.seq);
            return;
        }
        uint40 validUntil = sentAt + maxStaleness;
        _walletSyncs[wallet] = WalletSync(m.seq, validUntil);
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

    /// @dev `word` with every entry's expiry capped at `validUntil`, entries of qualifier 0 cleared, the unused
    /// bits dropped and the two flags kept.
    function _capped(uint256 word, uint40 validUntil) private pure returns (uint256 out) {
        for (uint256 i; i < CredentialIndex.MAX_ENTRIES; ++i) {
            uint256 e = word.entryAt(i);
            uint256 q = e.qualifierOf();
            if (q == 0) continue;
            uint256 expiry = e.expiryOf();
            if (expiry > validUntil) expiry = validUntil;
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

    /// @notice The mirrored word of `wallet` ({CredentialIndex} layout, expiries already capped).
    /// @dev Its flags are the last ones mirrored, however old: {credentialStatus} is the fail-closed answer.
    function wordOf(address wallet) external view returns (uint256) {
        return _words[wallet];
    }

    /// @notice The sequence number of the last update applied to `wallet` (0: none arrived).
    function walletSeq(address wallet) external view returns (uint64) {
        return _walletSyncs[wallet].seq;
    }

    /// @notice Until when the last update mirrored for `wallet` vouches for it (0: none arrived).
    function validUntilOf(address wallet) external view returns (uint40) {
        return _walletSyncs[wallet].validUntil;
    }

    /// @notice Whether an update from home vouched for `wallet` within the last `maxStaleness`: only then
    /// does the mirror treat its absence of sanctions and blocks as clean.
    function isFresh(address wallet) public view returns (bool) {
        return block.timestamp < _walletSyncs[wallet].validUntil;
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

    /// @dev Whether `account` has code on this chain other than an EIP-7702 delegation (0xef0100 || address),
    /// whose key is the same on every chain.
    function _holdsCode(address account) private view returns (bool) {
        uint256 size = account.code.length;
        if (size == 0) return false;
        if (size != 23) return true;
        bytes3 prefix;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            extcodecopy(account, ptr, 0, 3)
            prefix := and(mload(ptr), shl(232, 0xffffff))
        }
        return prefix != 0xef0100;
    }

    /// @dev The home registry's rule on the mirrored word: sanctioned, else blocked, else success if an
    /// accepted, unexpired entry has a qualifier not suspended and the account has no code here (entries are capped at the word's validity, so
    /// a live entry proves the word fresh). Otherwise fail closed on a word no update vouched for within the
    /// staleness bound, or never synced ({RestrictionCodes.SENDER_MIRROR_STALE}: its flags may be out of
    /// date, so a credential-less party such as a spender or a registered contract is refused until synced),
    /// else the most telling failure: suspended > expired (by its own expiry) > none.
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
                if (code == RestrictionCodes.SENDER_NOT_QUALIFIED) code = RestrictionCodes.SENDER_CREDENTIAL_EXPIRED;
            } else if (qualifierSuspended[uint16(q)]) {
                code = RestrictionCodes.SENDER_QUALIFIER_SUSPENDED;
            } else {
                if (!_holdsCode(account)) return RestrictionCodes.SUCCESS;
                // A credential follows a key: an address with code here is a contract the qualifier never
                // saw (a factory replayed on this chain, a Safe whose owners differ here). It holds the bond
                // here only as a contract registered on this chain.
                code = RestrictionCodes.SENDER_NOT_QUALIFIED;
                break;
            }
        }
        if (!isFresh(account)) return RestrictionCodes.SENDER_MIRROR_STALE;
    }
}
