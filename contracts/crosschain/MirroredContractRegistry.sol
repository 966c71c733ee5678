// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IContractRegistry} from "../interfaces/IContractRegistry.sol";
import {IMirroredContractRegistry} from "../interfaces/IMirroredContractRegistry.sol";
import {CredentialMirror} from "./CredentialMirror.sol";
import {CodeScan} from "../libraries/CodeScan.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";

/// @title MirroredContractRegistry
/// @notice The accountable open door for DeFi on a chain whose credentials are mirrored from home, so that a
/// {CredentialVerifier} deployed here unchanged accepts registered contracts. It has no governance of its
/// own: governance, qualifiers and guardians stay on the home chain, and reach this chain only through the
/// {CredentialMirror}.
/// - Registration is local (the contracts live here). Code home governance has vetted (mirrored with the
///   staleness bound, {CredentialMirror-isVettedCode}) may be registered by anyone and is eligible at once.
///   Other code needs an identifiable registrant (a live mirrored credential, neither sanctioned nor
///   blocked), is scanned ({CodeScan}: no DELEGATECALL, CALLCODE or SELFDESTRUCT), and is eligible when the
///   challenge window has passed; its registrant stays answerable: the verifier accepts the contract only
///   while the registrant passes the token's own credential check.
/// - The code hash is pinned at registration: changed code is {IContractRegistry.Status.CodeChanged}.
/// - Blocks come from home guardians: `ContractRegistry.blockContract` at home sets the address's blocked
///   bit, which the mirror carries with the address's wallet sync. A block is per address, so it applies
///   on both chains; this registry reports {IContractRegistry.Status.Blocked} for it.
/// @dev Without governance here, a stuck record cannot be removed by hand. Instead an identifiable caller
/// takes over a registration whose registrant no longer answers for it, restarting the window, so a
/// registrant who loses their credential cannot leave a contract unregistrable on this chain forever:
/// - at once when the registrant is sanctioned or blocked (deliberate home actions), or filed no answerable
///   registration (vetted code: the vetting, not the registrant, made it eligible);
/// - when its credential was revoked, expired or its qualifier suspended, only with a claim the taker filed
///   ({claimTakeover}) at least {takeoverDelay} earlier, and only if the registrant still fails then: a
///   short suspension or a renewal still in flight does not hand the record to a passer-by.
/// A registrant whose mirrored credential is merely stale (no message renewed it) keeps the registration:
/// anyone may sync it, and only what home says decides. A registration made while its code was vetted
/// answers for nothing once the vetting is withdrawn or lapses ({IContractRegistry.Status.CodeNotVetted}):
/// whoever wants it eligible registers it again under the rules for unvetted code.
/// Only deployed contracts can be registered: externally owned accounts, contracts still in their
/// constructor and EIP-7702 delegated accounts (code 0xef0100 || address) are refused.
contract MirroredContractRegistry is IMirroredContractRegistry {
    /// @notice The shortest challenge window: a home guardian's block needs a home transaction, a sync and a
    /// relay to reach this chain before the contract becomes eligible.
    uint40 public constant MIN_CHALLENGE_WINDOW = 1 hours;
    /// @notice The longest challenge window (as at home).
    uint40 public constant MAX_CHALLENGE_WINDOW = 30 days;

    /// @dev One slot, read once per check.
    struct Registration {
        address registrant;
        uint40 registeredAt;
        /// Eligible from this time on (unless its code is vetted, which makes it eligible at once).
        uint40 windowEndsAt;
        RegistrantKind kind;
    }

    /// @notice The credential mirror: registrants' credentials, blocks and vetted code hashes.
    CredentialMirror public immutable mirror;
    /// @notice Seconds a registration of unvetted code waits before it is eligible.
    uint40 public immutable challengeWindow;

    mapping(address target => Registration) private _registrations;
    mapping(address target => bytes32) private _codeHashes;
    mapping(address target => mapping(address claimant => uint40 claimedAt)) private _claims;

    /// @notice Reads `mirror_`; registrations of unvetted code wait `challengeWindow_` seconds.
    /// @param mirror_ The credential mirror of this chain.
    /// @param challengeWindow_ Between {MIN_CHALLENGE_WINDOW} and {MAX_CHALLENGE_WINDOW}; fixed for good.
    constructor(CredentialMirror mirror_, uint40 challengeWindow_) {
        if (address(mirror_) == address(0)) revert ZeroAddress();
        if (challengeWindow_ < MIN_CHALLENGE_WINDOW || challengeWindow_ > MAX_CHALLENGE_WINDOW) {
            revert ChallengeWindowOutOfRange(challengeWindow_, MIN_CHALLENGE_WINDOW, MAX_CHALLENGE_WINDOW);
        }
        mirror = mirror_;
        challengeWindow = challengeWindow_;
    }

    /// @inheritdoc IMirroredContractRegistry
    /// @dev Vetted code (as mirrored now): open to anyone, eligible at once. Other code: the caller must be
    /// identifiable ({isIdentifiable}); the code is scanned and the contract is eligible when the challenge
    /// window has passed. Refused: an address without code, a delegated account, a blocked address, and a
    /// registration of the same code whose registrant still answers for it (identifiable, or merely stale),
    /// or any registration when the caller is not identifiable.
    function register(address target) external {
        _requireDeployedContract(target);
        if (mirror.isBlocked(target)) revert ContractIsBlocked(target);
        bytes32 codeHash = target.codehash;
        RegistrantKind kind = registrantKindOf(msg.sender);
        Registration storage r = _registrations[target];
        if (r.registrant != address(0) && _codeHashes[target] == codeHash) {
            if (kind == RegistrantKind.None || _stillAnswered(r)) revert AlreadyRegistered(target, r.registrant);
            if (!_lostStandingForGood(r)) {
                uint40 claimedAt = _claims[target][msg.sender];
                uint40 readyAt = claimedAt == 0 ? 0 : claimedAt + takeoverDelay();
                if (readyAt == 0 || block.timestamp < readyAt) revert TakeoverNotReady(target, readyAt);
            }
        }
        bool vetted = mirror.isVettedCode(codeHash);
        if (!vetted) {
            if (kind == RegistrantKind.None) revert RegistrantNotIdentifiable(msg.sender);
            _requireNoForbiddenOpcode(target);
        }
        delete _claims[target][msg.sender];
        uint40 windowEndsAt = uint40(block.timestamp) + challengeWindow;
        // Vetted code is eligible because of its vetting, not its registrant: recorded as answered by nobody,
        // so a withdrawn vetting leaves it ineligible until registered again under the unvetted rules.
        _registrations[target] =
            Registration(msg.sender, uint40(block.timestamp), windowEndsAt, vetted ? RegistrantKind.None : kind);
        _codeHashes[target] = codeHash;
        emit ContractRegistered(target, msg.sender, codeHash, vetted, windowEndsAt);
    }

    /// @inheritdoc IMirroredContractRegistry
    /// @dev Refused to a caller who is not identifiable, and when there is nothing to take over (no
    /// registration, changed code, or a registrant who still answers for it, stale included). A later claim by
    /// the same caller restarts its delay.
    function claimTakeover(address target) external returns (uint40 readyAt) {
        if (registrantKindOf(msg.sender) == RegistrantKind.None) revert RegistrantNotIdentifiable(msg.sender);
        Registration storage r = _registrations[target];
        if (r.registrant == address(0) || _codeHashes[target] != target.codehash || _stillAnswered(r)) {
            revert NothingToTakeOver(target);
        }
        _claims[target][msg.sender] = uint40(block.timestamp);
        readyAt = uint40(block.timestamp) + takeoverDelay();
        emit TakeoverClaimed(target, msg.sender, readyAt);
    }

    /// @notice How long a takeover claim waits: the longer of the challenge window and the mirror's staleness
    /// bound, so a registrant's reinstatement or renewal has time to arrive.
    function takeoverDelay() public view returns (uint40) {
        uint40 staleness = mirror.maxStaleness();
        return staleness > challengeWindow ? staleness : challengeWindow;
    }

    /// @notice When `claimant`'s claim on `target` was filed (0: none).
    function takeoverClaimedAt(address target, address claimant) external view returns (uint40) {
        return _claims[target][claimant];
    }

    /// @notice Whether `account` may register unvetted code: it holds a live mirrored credential of any
    /// class and is neither sanctioned nor blocked.
    function isIdentifiable(address account) public view returns (bool) {
        return registrantKindOf(account) == RegistrantKind.Identifiable;
    }

    /// @notice What `account` would be recorded as if it registered a contract now.
    function registrantKindOf(address account) public view returns (RegistrantKind) {
        return mirror.credentialStatus(account, type(uint256).max) == RestrictionCodes.SUCCESS
            ? RegistrantKind.Identifiable
            : RegistrantKind.None;
    }

    /// @inheritdoc IContractRegistry
    function statusOf(address target) external view returns (Status status) {
        (status,) = eligibilityOf(target, false);
    }

    /// @inheritdoc IContractRegistry
    function eligibilityOf(address target, bool vettedCodeOnly)
        public
        view
        returns (Status status, address answerableRegistrant)
    {
        if (mirror.isBlocked(target)) return (Status.Blocked, address(0));
        Registration memory r = _registrations[target];
        if (r.registrant == address(0)) return (Status.Unregistered, address(0));
        bytes32 codeHash = target.codehash;
        if (codeHash != _codeHashes[target]) return (Status.CodeChanged, address(0));
        if (mirror.isVettedCode(codeHash)) return (Status.Registered, address(0));
        if (vettedCodeOnly || r.kind == RegistrantKind.None) return (Status.CodeNotVetted, address(0));
        if (block.timestamp < r.windowEndsAt) return (Status.InChallengeWindow, address(0));
        return (Status.Registered, r.registrant);
    }

    /// @notice Who registered `target`, when, and when its window ends (zero when never registered).
    function registration(address target) external view returns (Registration memory) {
        return _registrations[target];
    }

    /// @notice The code hash `target` had when it was registered.
    function registeredCodeHash(address target) external view returns (bytes32) {
        return _codeHashes[target];
    }

    /// @dev Whether `r` was filed by an identifiable registrant who has not lost that standing: its mirrored
    /// credential is live, or merely stale (no message renewed it; anyone may sync it, and only a sync that
    /// shows it revoked, expired, sanctioned or blocked at home lets another registrant take over).
    function _stillAnswered(Registration storage r) private view returns (bool) {
        if (r.kind != RegistrantKind.Identifiable) return false;
        uint8 code = mirror.credentialStatus(r.registrant, type(uint256).max);
        return code == RestrictionCodes.SUCCESS || code == RestrictionCodes.SENDER_MIRROR_STALE;
    }

    /// @dev Whether `r`'s registrant can be replaced at once: it answered for nothing (vetted code), or home
    /// sanctioned or blocked it.
    function _lostStandingForGood(Registration storage r) private view returns (bool) {
        if (r.kind != RegistrantKind.Identifiable) return true;
        uint8 code = mirror.credentialStatus(r.registrant, type(uint256).max);
        return code == RestrictionCodes.SENDER_SANCTIONED || code == RestrictionCodes.SENDER_CONTRACT_BLOCKED;
    }

    function _requireNoForbiddenOpcode(address target) private view {
        (bool found, uint256 offset, uint8 opcode) = CodeScan.firstForbiddenAt(target);
        if (found) revert ForbiddenOpcode(target, offset, opcode);
    }

    function _requireDeployedContract(address target) private view {
        uint256 size = target.code.length;
        if (size == 0) revert NotAContract(target);
        if (size == 23) {
            bytes3 prefix;
            assembly ("memory-safe") {
                let ptr := mload(0x40)
                extcodecopy(target, ptr, 0, 3)
                prefix := and(mload(ptr), shl(232, 0xffffff))
            }
            if (prefix == 0xef0100) revert DelegatedAccount(target);
        }
    }
}
