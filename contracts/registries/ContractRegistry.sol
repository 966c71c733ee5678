// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IContractRegistry} from "../interfaces/IContractRegistry.sol";
import {CredentialRegistry} from "./CredentialRegistry.sol";
import {IssuerRegistry} from "./IssuerRegistry.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";
import {CodeScan} from "../libraries/CodeScan.sol";

/// @title ContractRegistry
/// @notice The accountable open door for DeFi. Governance keeps a list of vetted code hashes (an AMM pair,
/// a lending market: code no single key controls); anyone registers a contract with vetted code and it is
/// eligible at once. Any other code needs an identifiable registrant (a holder of a live credential,
/// governance, or a qualified issuer; never a sanctioned or blocked account), who stays on record, and it becomes eligible only when its
/// challenge window (set by governance, a day by default) has passed without a guardian blocking it.
/// The code hash is stored at registration and compared whenever eligibility is answered: changed code
/// (self-destruct and a CREATE2 redeploy) is not registered.
/// No code that can delegate or destroy itself is ever eligible: vetted code is scanned once when
/// governance vets it (from a deployed exemplar), unvetted code at its registration ({CodeScan}). A proxy
/// or a clone shares one code hash whatever it runs, and can change what it runs without its code hash
/// changing; so a code hash vouches only for code with no DELEGATECALL, CALLCODE or SELFDESTRUCT.
/// A registration that is eligible only because its window passed answers for its registrant: a token
/// accepts it only while the registrant passes that token's own credential check (see {eligibilityOf}).
/// @dev Only deployed contracts can be registered: addresses without code (externally owned accounts,
/// contracts still in their constructor, precompiles) and EIP-7702 delegated accounts (code
/// 0xef0100 || address) are refused, since their owner's key could act for them. Smart wallets belong to
/// people: they get credentials from a qualifier, not a registration here.
/// A guardian's block is written into the credential registry's wallet word as well (this registry
/// holds its BLOCKER_ROLE), so a blocked address can neither send nor receive whatever it holds, and an
/// ordinary transfer reads no extra slot.
/// Roles: DEFAULT_ADMIN_ROLE (governance) grants GUARDIAN_ROLE, vets code hashes, sets the window.
contract ContractRegistry is AccessControl, IContractRegistry {
    /// @notice May block and unblock addresses.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    /// @notice The longest challenge window governance may set.
    uint40 public constant MAX_CHALLENGE_WINDOW = 30 days;
    /// @notice The window a registration of unvetted code waits out, unless governance sets another.
    uint40 public constant DEFAULT_CHALLENGE_WINDOW = 1 days;

    /// @notice Who filed a registration, as it stood when it was filed.
    /// None: not identifiable (only vetted code can be registered so). Identifiable: a holder of a live
    /// credential or a qualified issuer, who answers for the contract. Governance: the admin role, whose
    /// registrations answer for no single key and stay valid when the role moves to a new key.
    enum RegistrantKind {
        None,
        Identifiable,
        Governance
    }

    /// @dev One slot, read once per check.
    struct Registration {
        address registrant;
        uint40 registeredAt;
        /// Eligible from this time on (unless its code is vetted, which makes it eligible at once).
        uint40 windowEndsAt;
        bool blocked;
        /// What the registrant was when it registered.
        RegistrantKind kind;
    }

    /// @notice The last block decision on a contract.
    struct BlockRecord {
        address guardian;
        uint40 at;
        string reason;
    }

    /// @notice Where credentials (and the blocked flags) live.
    CredentialRegistry public immutable credentials;
    /// @notice Where issuers are qualified.
    IssuerRegistry public immutable issuers;
    /// @notice Seconds a registration of unvetted code waits before it is eligible.
    uint40 public challengeWindow = DEFAULT_CHALLENGE_WINDOW;
    /// @notice Code hashes governance has vetted.
    mapping(bytes32 codeHash => bool) public isVettedCode;

    mapping(address target => Registration) private _registrations;
    mapping(address target => bytes32) private _codeHashes;
    mapping(address target => BlockRecord) private _blockRecords;

    error NotAContract(address target);
    error DelegatedAccount(address target);
    error AlreadyRegistered(address target, address registrant);
    error ContractIsBlocked(address target);
    error NotBlocked(address target);
    error RegistrantNotIdentifiable(address registrant);
    error ChallengeWindowTooLong(uint40 window, uint40 max);
    error EmptyReason();
    error ZeroAddress();
    /// @notice `target`'s code can run other code in its own context or destroy itself.
    error ForbiddenOpcode(address target, uint256 offset, uint8 opcode);
    error NotRegistered(address target);

    /// @notice A contract was registered, with its code hash, whether that code is vetted and when its window ends.
    event ContractRegistered(
        address indexed target, address indexed registrant, bytes32 codeHash, bool vetted, uint40 windowEndsAt
    );
    /// @notice A guardian blocked an address, with the reason.
    event ContractBlocked(address indexed target, address indexed guardian, string reason);
    /// @notice A guardian lifted a block, with the reason.
    event ContractUnblocked(address indexed target, address indexed guardian, string reason);
    /// @notice Governance vetted (or withdrew the vetting of) a code hash.
    event CodeVetted(bytes32 indexed codeHash, bool vetted, string label);
    /// @notice A registration was removed, with the reason.
    event ContractDeregistered(address indexed target, address indexed by, string reason);
    /// @notice Governance set the challenge window for future registrations of unvetted code.
    event ChallengeWindowSet(uint40 window);

    /// @notice `governance` receives the admin role; the registry reads `credentials_` and `issuers_` to judge registrants.
    /// @param governance Receives DEFAULT_ADMIN_ROLE.
    /// @param credentials_ The credential registry; governance must grant this registry its BLOCKER_ROLE.
    /// @param issuers_ The issuer registry, asked whether a registrant is a qualified issuer.
    constructor(address governance, CredentialRegistry credentials_, IssuerRegistry issuers_) {
        if (governance == address(0) || address(credentials_) == address(0) || address(issuers_) == address(0)) {
            revert ZeroAddress();
        }
        credentials = credentials_;
        issuers = issuers_;
        _grantRole(DEFAULT_ADMIN_ROLE, governance);
    }

    // ------------------------------------------------------------------ governance

    /// @notice Marks the code deployed at `exemplar` as vetted (or withdraws it): every contract with the
    /// same code hash is eligible as soon as anyone registers it. Vetting scans the code once and refuses
    /// code that can delegate or destroy itself ({ForbiddenOpcode}); withdrawing does not scan.
    /// Vet only ownerless code that no single key controls. DEFAULT_ADMIN_ROLE.
    /// @param exemplar A deployed contract with the code to vet, e.g. one Uniswap V2 pair.
    /// @param label What the code is, e.g. "Uniswap V2 pair (v2-core 1.0.1)".
    function setCodeVetted(address exemplar, bool vetted, string calldata label) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _requireDeployedContract(exemplar);
        bytes32 codeHash = exemplar.codehash;
        if (vetted) _requireNoForbiddenOpcode(exemplar);
        isVettedCode[codeHash] = vetted;
        emit CodeVetted(codeHash, vetted, label);
    }

    /// @notice Removes `target`'s registration (a squatted record, a registration made in error); a block
    /// on it stays. Anyone may register it again under the ordinary rules. DEFAULT_ADMIN_ROLE.
    function deregister(address target, string calldata reason) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (bytes(reason).length == 0) revert EmptyReason();
        Registration storage r = _registrations[target];
        if (r.registrant == address(0)) revert NotRegistered(target);
        bool blocked = r.blocked;
        _registrations[target] = Registration(address(0), 0, 0, blocked, RegistrantKind.None);
        delete _codeHashes[target];
        emit ContractDeregistered(target, msg.sender, reason);
    }

    /// @notice Sets the challenge window of future registrations (at most {MAX_CHALLENGE_WINDOW}).
    /// DEFAULT_ADMIN_ROLE.
    function setChallengeWindow(uint40 window) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (window > MAX_CHALLENGE_WINDOW) revert ChallengeWindowTooLong(window, MAX_CHALLENGE_WINDOW);
        challengeWindow = window;
        emit ChallengeWindowSet(window);
    }

    // ------------------------------------------------------------------ registration

    /// @notice Registers `target`; the caller is recorded as its registrant. Vetted code: open to anyone,
    /// eligible at once. Other code: the caller must be identifiable ({isIdentifiable}), and the contract
    /// is eligible when the challenge window has passed; its code is scanned and refused if it can delegate
    /// or destroy itself ({ForbiddenOpcode}). A contract whose code changed since an earlier registration
    /// may be registered again, and an identifiable caller takes over a registration whose registrant was
    /// not identifiable (a stranger who registered vetted code first).
    function register(address target) external {
        _requireDeployedContract(target);
        Registration storage r = _registrations[target];
        if (r.blocked || credentials.isBlocked(target)) revert ContractIsBlocked(target);
        bytes32 codeHash = target.codehash;
        RegistrantKind kind = registrantKindOf(msg.sender);
        if (r.registrant != address(0) && _codeHashes[target] == codeHash && (r.kind != RegistrantKind.None || kind == RegistrantKind.None)) {
            revert AlreadyRegistered(target, r.registrant);
        }
        bool vetted = isVettedCode[codeHash];
        if (!vetted) {
            if (kind == RegistrantKind.None) revert RegistrantNotIdentifiable(msg.sender);
            _requireNoForbiddenOpcode(target);
        }
        uint40 windowEndsAt = uint40(block.timestamp) + challengeWindow;
        _registrations[target] = Registration(msg.sender, uint40(block.timestamp), windowEndsAt, false, kind);
        _codeHashes[target] = codeHash;
        emit ContractRegistered(target, msg.sender, codeHash, vetted, windowEndsAt);
    }

    /// @notice Whether `account` may register unvetted code: it is neither sanctioned nor blocked, and it
    /// holds a live credential of any class, or is governance, or is an issuer qualified somewhere.
    function isIdentifiable(address account) public view returns (bool) {
        return registrantKindOf(account) != RegistrantKind.None;
    }

    /// @notice What `account` would be recorded as if it registered a contract now. A sanctioned or
    /// blocked account is {RegistrantKind.None} whatever role or issuer standing it has (its wallet word is
    /// read first).
    function registrantKindOf(address account) public view returns (RegistrantKind) {
        uint8 code = credentials.credentialStatus(account, type(uint256).max);
        if (code == RestrictionCodes.SENDER_SANCTIONED || code == RestrictionCodes.SENDER_CONTRACT_BLOCKED) {
            return RegistrantKind.None;
        }
        if (hasRole(DEFAULT_ADMIN_ROLE, account)) return RegistrantKind.Governance;
        if (code == RestrictionCodes.SUCCESS || issuers.qualifiedJurisdictions(account).length != 0) {
            return RegistrantKind.Identifiable;
        }
        return RegistrantKind.None;
    }

    // ------------------------------------------------------------------ guardians

    /// @notice Blocks `target`, registered or not (a known-bad contract can be blocked before it
    /// registers). A blocked address can neither receive nor send tokens, whatever credential it holds.
    /// GUARDIAN_ROLE.
    function blockContract(address target, string calldata reason) external onlyRole(GUARDIAN_ROLE) {
        if (bytes(reason).length == 0) revert EmptyReason();
        Registration storage r = _registrations[target];
        if (r.blocked) revert ContractIsBlocked(target);
        r.blocked = true;
        _blockRecords[target] = BlockRecord(msg.sender, uint40(block.timestamp), reason);
        emit ContractBlocked(target, msg.sender, reason);
        credentials.setBlocked(target, true);
    }

    /// @notice Lifts a block, whether this registry set it or a registry before it did (a block lives in
    /// the credential registry's wallet word and survives a move to a new contract registry). GUARDIAN_ROLE.
    function unblockContract(address target, string calldata reason) external onlyRole(GUARDIAN_ROLE) {
        if (bytes(reason).length == 0) revert EmptyReason();
        Registration storage r = _registrations[target];
        if (!r.blocked && !credentials.isBlocked(target)) revert NotBlocked(target);
        r.blocked = false;
        _blockRecords[target] = BlockRecord(msg.sender, uint40(block.timestamp), reason);
        emit ContractUnblocked(target, msg.sender, reason);
        credentials.setBlocked(target, false);
    }

    // ------------------------------------------------------------------ views

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
        Registration memory r = _registrations[target];
        if (r.blocked) return (Status.Blocked, address(0));
        if (r.registrant == address(0)) return (Status.Unregistered, address(0));
        bytes32 codeHash = target.codehash;
        if (codeHash != _codeHashes[target]) return (Status.CodeChanged, address(0));
        if (isVettedCode[codeHash]) return (Status.Registered, address(0));
        if (vettedCodeOnly || r.kind == RegistrantKind.None) return (Status.CodeNotVetted, address(0));
        if (block.timestamp < r.windowEndsAt) return (Status.InChallengeWindow, address(0));
        if (r.kind == RegistrantKind.Governance) return (Status.Registered, address(0));
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

    /// @notice The last block or unblock decision on `target`.
    function blockRecord(address target) external view returns (BlockRecord memory) {
        return _blockRecords[target];
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
