// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IIssuedToken} from "../interfaces/IIssuedToken.sol";
import {Jurisdiction} from "../libraries/Jurisdiction.sol";

/// @title IssuerRegistry
/// @notice Governance admits one regulator per jurisdiction; a regulator qualifies (and disqualifies)
/// issuers of its jurisdiction; a qualified issuer lists its tokens. Anyone can ask whether a token
/// is DeFi-ready (listed, and its issuer qualified by at least one sitting regulator) and where.
/// @dev A qualification is valid while the regulator that granted it still sits, in the same seat, for that
/// jurisdiction: removing or replacing a regulator withdraws its qualifications at once and for good (each
/// admission opens a new seat, so re-admitting a removed regulator revives nothing). A listing vouches for
/// its token only while the token still names the listed issuer ({IIssuedToken-issuer}); after a handover
/// the new issuer claims the listing with {syncTokenIssuer}.
/// Roles: DEFAULT_ADMIN_ROLE (governance) admits and removes regulators and may delist tokens.
contract IssuerRegistry is AccessControl {
    struct Regulator {
        uint16 jurisdiction;
        bool active;
        uint32 seat; // the admission that seated it (1, 2, ...)
        string name;
    }

    struct Qualification {
        address regulator;
        uint40 qualifiedAt;
        uint32 seat; // the regulator's seat when it granted this qualification
    }

    uint32 private _seatCount;

    mapping(address regulator => Regulator) private _regulators;
    mapping(uint16 jurisdiction => address regulator) private _regulatorOf;
    mapping(address issuer => mapping(uint16 jurisdiction => Qualification)) private _qualifications;
    mapping(address issuer => uint16[]) private _jurisdictionsOf;
    mapping(address issuer => mapping(uint16 jurisdiction => bool)) private _inJurisdictionList;
    mapping(address token => address issuer) private _tokenIssuer;

    error ZeroAddress();
    error EmptyName();
    error JurisdictionTaken(uint16 jurisdiction, address regulator);
    error AlreadyRegulator(address regulator);
    error NotARegulator(address account);
    error IssuerAlreadyQualified(address issuer, uint16 jurisdiction);
    error IssuerNotQualified(address issuer, uint16 jurisdiction);
    error NotQualifiedAnywhere(address issuer);
    error NotTokenIssuer(address token, address caller);
    error TokenAlreadyListed(address token);
    error TokenNotListed(address token);
    error NotAllowedToDelist(address token, address caller);
    error IssuerUnchanged(address token, address issuer);

    /// @notice Governance seated a regulator for a jurisdiction.
    event RegulatorAdmitted(address indexed regulator, uint16 indexed jurisdiction, string name);
    /// @notice Governance removed a regulator from its seat, with the reason.
    event RegulatorRemoved(address indexed regulator, uint16 indexed jurisdiction, string reason);
    /// @notice A regulator qualified an issuer in its jurisdiction.
    event IssuerQualified(address indexed issuer, uint16 indexed jurisdiction, address indexed regulator);
    /// @notice A regulator withdrew an issuer's qualification, with the reason.
    event IssuerDisqualified(address indexed issuer, uint16 indexed jurisdiction, address indexed regulator, string reason);
    /// @notice An issuer listed its token.
    event TokenListed(address indexed token, address indexed issuer);
    /// @notice A token's listing was removed (by its issuer or governance).
    event TokenDelisted(address indexed token, address indexed issuer, address indexed by);
    /// @notice A token's listing moved to the issuer the token now names.
    event TokenIssuerUpdated(address indexed token, address indexed previousIssuer, address indexed newIssuer);

    /// @notice `governance` receives the admin role (the timelock, in a deployment).
    /// @param governance Receives DEFAULT_ADMIN_ROLE.
    constructor(address governance) {
        if (governance == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, governance);
    }

    // ------------------------------------------------------------------ governance

    /// @notice Seats `regulator` for `jurisdiction` (ISO 3166, see {Jurisdiction}). Governance.
    function admitRegulator(address account, uint16 jurisdiction, string calldata regulatorName)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        if (account == address(0)) revert ZeroAddress();
        if (bytes(regulatorName).length == 0) revert EmptyName();
        Jurisdiction.validate(jurisdiction);
        address sitting = _regulatorOf[jurisdiction];
        if (sitting != address(0)) revert JurisdictionTaken(jurisdiction, sitting);
        if (_regulators[account].active) revert AlreadyRegulator(account);
        uint32 seat = ++_seatCount;
        _regulators[account] = Regulator(jurisdiction, true, seat, regulatorName);
        _regulatorOf[jurisdiction] = account;
        emit RegulatorAdmitted(account, jurisdiction, regulatorName);
    }

    /// @notice Unseats regulator `account`; every qualification it granted stops counting, also if it is
    /// admitted again later. Governance.
    function removeRegulator(address account, string calldata reason) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Regulator storage r = _regulators[account];
        if (!r.active) revert NotARegulator(account);
        r.active = false;
        delete _regulatorOf[r.jurisdiction];
        emit RegulatorRemoved(account, r.jurisdiction, reason);
    }

    // ------------------------------------------------------------------ regulators

    /// @notice Qualifies `issuer` in the caller's jurisdiction. Caller: a sitting regulator.
    function qualifyIssuer(address issuer) external {
        if (issuer == address(0)) revert ZeroAddress();
        uint16 j = _sittingJurisdiction(msg.sender);
        if (isQualifiedIssuer(issuer, j)) revert IssuerAlreadyQualified(issuer, j);
        if (!_inJurisdictionList[issuer][j]) {
            _inJurisdictionList[issuer][j] = true;
            _jurisdictionsOf[issuer].push(j);
        }
        _qualifications[issuer][j] = Qualification(msg.sender, uint40(block.timestamp), _regulators[msg.sender].seat);
        emit IssuerQualified(issuer, j, msg.sender);
    }

    /// @notice Withdraws the qualification of `issuer` in the caller's jurisdiction. Caller: a sitting regulator.
    function disqualifyIssuer(address issuer, string calldata reason) external {
        uint16 j = _sittingJurisdiction(msg.sender);
        if (!isQualifiedIssuer(issuer, j)) revert IssuerNotQualified(issuer, j);
        // Keep the jurisdiction in the issuer's list; an empty record marks it withdrawn.
        delete _qualifications[issuer][j];
        emit IssuerDisqualified(issuer, j, msg.sender, reason);
    }

    // ------------------------------------------------------------------ issuers

    /// @notice Lists `token` against the caller, who must be its issuer and qualified somewhere.
    function listToken(address token) external {
        if (_tokenIssuer[token] != address(0)) revert TokenAlreadyListed(token);
        if (qualifiedJurisdictions(msg.sender).length == 0) revert NotQualifiedAnywhere(msg.sender);
        if (!_namesIssuer(token, msg.sender)) revert NotTokenIssuer(token, msg.sender);
        _tokenIssuer[token] = msg.sender;
        emit TokenListed(token, msg.sender);
    }

    /// @notice Moves the listing of `token` to the caller after an issuer handover. Caller: the issuer the
    /// token names now (its consent: nobody can put a token under another issuer's qualifications).
    /// Until then the listing vouches for nothing, since the token no longer names the listed issuer.
    function syncTokenIssuer(address token) external {
        address listed = _tokenIssuer[token];
        if (listed == address(0)) revert TokenNotListed(token);
        if (!_namesIssuer(token, msg.sender)) revert NotTokenIssuer(token, msg.sender);
        if (msg.sender == listed) revert IssuerUnchanged(token, listed);
        _tokenIssuer[token] = msg.sender;
        emit TokenIssuerUpdated(token, listed, msg.sender);
    }

    /// @notice Removes `token` from the list. Caller: its issuer or governance.
    function delistToken(address token) external {
        address issuer = _tokenIssuer[token];
        if (issuer == address(0)) revert TokenNotListed(token);
        if (msg.sender != issuer && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) revert NotAllowedToDelist(token, msg.sender);
        delete _tokenIssuer[token];
        emit TokenDelisted(token, issuer, msg.sender);
    }

    // ------------------------------------------------------------------ views

    /// @notice Whether `issuer` holds a valid qualification in `jurisdiction`.
    function isQualifiedIssuer(address issuer, uint16 jurisdiction) public view returns (bool) {
        Qualification storage q = _qualifications[issuer][jurisdiction];
        address granted = q.regulator;
        return granted != address(0) && _regulatorOf[jurisdiction] == granted && _regulators[granted].seat == q.seat;
    }

    /// @notice The jurisdictions where `issuer` is validly qualified now.
    function qualifiedJurisdictions(address issuer) public view returns (uint16[] memory out) {
        uint16[] storage all = _jurisdictionsOf[issuer];
        out = new uint16[](all.length);
        uint256 n;
        for (uint256 i; i < all.length; ++i) {
            if (isQualifiedIssuer(issuer, all[i])) {
                out[n] = all[i];
                ++n;
            }
        }
        assembly ("memory-safe") {
            mstore(out, n)
        }
    }

    /// @notice Whether `token` is DeFi-ready, its listed issuer, and the jurisdictions and regulators vouching
    /// for it (none while the token names another issuer than the listed one).
    function tokenStatus(address token)
        external
        view
        returns (bool defiReady, address issuer, uint16[] memory jurisdictions, address[] memory regulators)
    {
        issuer = _tokenIssuer[token];
        if (issuer == address(0) || !_namesIssuer(token, issuer)) return (false, issuer, jurisdictions, regulators);
        jurisdictions = qualifiedJurisdictions(issuer);
        regulators = new address[](jurisdictions.length);
        for (uint256 i; i < jurisdictions.length; ++i) {
            regulators[i] = _regulatorOf[jurisdictions[i]];
        }
        defiReady = jurisdictions.length != 0;
    }

    /// @notice Whether `token` is listed, still names the listed issuer, and that issuer is qualified by at
    /// least one sitting regulator.
    function isDeFiReady(address token) external view returns (bool) {
        address issuer = _tokenIssuer[token];
        return issuer != address(0) && _namesIssuer(token, issuer) && qualifiedJurisdictions(issuer).length != 0;
    }

    /// @notice The issuer `token` is listed against (zero when not listed).
    function issuerOf(address token) external view returns (address) {
        return _tokenIssuer[token];
    }

    /// @notice A regulator's record.
    function regulator(address account) external view returns (Regulator memory) {
        return _regulators[account];
    }

    /// @notice The sitting regulator of `jurisdiction` (zero when none).
    function regulatorOf(uint16 jurisdiction) external view returns (address) {
        return _regulatorOf[jurisdiction];
    }

    /// @notice The qualification record of `issuer` in `jurisdiction` (may be stale; see {isQualifiedIssuer}).
    function qualification(address issuer, uint16 jurisdiction) external view returns (Qualification memory) {
        return _qualifications[issuer][jurisdiction];
    }

    /// @dev Whether `token` answers {IIssuedToken-issuer} with `account`. Never reverts: a token that reverts
    /// or answers malformed data names nobody.
    function _namesIssuer(address token, address account) private view returns (bool) {
        (bool ok, bytes memory answer) = token.staticcall(abi.encodeCall(IIssuedToken.issuer, ()));
        return ok && answer.length >= 32 && abi.decode(answer, (uint256)) == uint256(uint160(account));
    }

    function _sittingJurisdiction(address account) private view returns (uint16) {
        Regulator storage r = _regulators[account];
        if (!r.active) revert NotARegulator(account);
        return r.jurisdiction;
    }
}
