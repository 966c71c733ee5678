// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title QualifierRegistry
/// @notice The federation: governance defines credential classes and admits qualifiers, each with the
/// classes it may issue; it suspends and reinstates them. A qualifier's standing is one bit in a
/// shared bitmap, so suspending it invalidates all of its credentials at once, in O(1).
/// @dev Abstract: {CredentialRegistry} inherits it so that a transfer check reads credentials and
/// qualifier standing from the same contract (one external call instead of two).
/// Governance is DEFAULT_ADMIN_ROLE (a Safe behind a timelock in production).
abstract contract QualifierRegistry is AccessControl {
    struct Qualifier {
        address account; // the address that issues credentials for this qualifier
        uint64 admittedAt;
        bool suspended;
        uint256 classMask; // bit c set = may issue class c
        string name;
    }

    uint16 private _qualifierCount;
    mapping(uint16 id => Qualifier) private _qualifiers;
    mapping(address account => uint16 id) private _qualifierIdOf;
    /// @dev Bit (id & 255) of word (id >> 8) is set while qualifier `id` is admitted and not suspended.
    mapping(uint256 word => uint256 bits) private _activeBits;
    mapping(uint8 classId => string) private _classNames;
    uint256 private _definedClasses;

    error ZeroAddress();
    error AlreadyQualifier(address account, uint16 id);
    error UnknownQualifier(uint16 id);
    error NotAnActiveQualifier(address account);
    error UndefinedClasses(uint256 classMask);
    error EmptyName();
    error QualifierAlreadyInState(uint16 id, bool suspended);
    error TooManyQualifiers();

    /// @notice Governance defined credential class `classId`.
    event ClassDefined(uint8 indexed classId, string name);
    /// @notice Governance admitted a qualifier, with the classes it may issue.
    event QualifierAdmitted(uint16 indexed id, address indexed account, string name, uint256 classMask);
    /// @notice Governance suspended a qualifier: its credentials stop passing.
    event QualifierSuspended(uint16 indexed id, string reason);
    /// @notice Governance reinstated a suspended qualifier.
    event QualifierReinstated(uint16 indexed id);
    /// @notice Governance changed the classes a qualifier may issue.
    event QualifierClassesUpdated(uint16 indexed id, uint256 classMask);
    /// @notice A qualifier now issues from another account.
    event QualifierAccountUpdated(uint16 indexed id, address indexed previousAccount, address indexed newAccount);

    /// @notice Defines (or renames) credential class `classId`, e.g. 1 = "professional investor". Governance.
    function defineClass(uint8 classId, string calldata className_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (bytes(className_).length == 0) revert EmptyName();
        _classNames[classId] = className_;
        _definedClasses |= 1 << classId;
        emit ClassDefined(classId, className_);
    }

    /// @notice Admits `account` as a qualifier that may issue the classes in `classMask`. Governance.
    /// @return id The qualifier's id (1, 2, ...), stored in each credential it issues.
    function admitQualifier(address account, string calldata qualifierName, uint256 classMask)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        returns (uint16 id)
    {
        if (account == address(0)) revert ZeroAddress();
        if (bytes(qualifierName).length == 0) revert EmptyName();
        uint16 existing = _qualifierIdOf[account];
        if (existing != 0) revert AlreadyQualifier(account, existing);
        _requireDefined(classMask);
        if (_qualifierCount == type(uint16).max) revert TooManyQualifiers();
        id = ++_qualifierCount;
        _qualifiers[id] = Qualifier(account, uint64(block.timestamp), false, classMask, qualifierName);
        _qualifierIdOf[account] = id;
        _setActive(id, true);
        emit QualifierAdmitted(id, account, qualifierName, classMask);
    }

    /// @notice Suspends qualifier `id`: none of its credentials passes a check until reinstated. Governance.
    function suspendQualifier(uint16 id, string calldata reason) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Qualifier storage q = _existing(id);
        if (q.suspended) revert QualifierAlreadyInState(id, true);
        q.suspended = true;
        _setActive(id, false);
        emit QualifierSuspended(id, reason);
    }

    /// @notice Lifts a suspension: the qualifier's unexpired credentials pass again. Governance.
    function reinstateQualifier(uint16 id) external onlyRole(DEFAULT_ADMIN_ROLE) {
        Qualifier storage q = _existing(id);
        if (!q.suspended) revert QualifierAlreadyInState(id, false);
        q.suspended = false;
        _setActive(id, true);
        emit QualifierReinstated(id);
    }

    /// @notice Changes the classes qualifier `id` may issue from now on (credentials already issued are
    /// unaffected: suspend the qualifier or revoke them to withdraw those). Governance.
    function setQualifierClasses(uint16 id, uint256 classMask) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _requireDefined(classMask);
        _existing(id).classMask = classMask;
        emit QualifierClassesUpdated(id, classMask);
    }

    /// @notice Moves qualifier `id` to a new issuing address (key rotation). Governance.
    function setQualifierAccount(uint16 id, address newAccount) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newAccount == address(0)) revert ZeroAddress();
        uint16 existing = _qualifierIdOf[newAccount];
        if (existing != 0) revert AlreadyQualifier(newAccount, existing);
        Qualifier storage q = _existing(id);
        address previous = q.account;
        delete _qualifierIdOf[previous];
        _qualifierIdOf[newAccount] = id;
        q.account = newAccount;
        emit QualifierAccountUpdated(id, previous, newAccount);
    }

    /// @notice The record of qualifier `id`.
    function qualifier(uint16 id) external view returns (Qualifier memory) {
        return _qualifiers[id];
    }

    /// @notice The id of the qualifier that issues from `account`, 0 if none.
    function qualifierIdOf(address account) external view returns (uint16) {
        return _qualifierIdOf[account];
    }

    /// @notice The number of qualifiers ever admitted (ids run from 1 to this).
    function qualifierCount() external view returns (uint16) {
        return _qualifierCount;
    }

    /// @notice Whether qualifier `id` is admitted and not suspended.
    function isQualifierActive(uint16 id) public view returns (bool) {
        return _isActive(id);
    }

    /// @notice The name of class `classId` (empty when undefined).
    function className(uint8 classId) external view returns (string memory) {
        return _classNames[classId];
    }

    /// @notice Bit c set = class c is defined.
    function definedClasses() external view returns (uint256) {
        return _definedClasses;
    }

    /// @dev The id of the active qualifier issuing from `account`; reverts otherwise.
    function _activeQualifierId(address account) internal view returns (uint16 id) {
        id = _qualifierIdOf[account];
        if (id == 0 || !_isActive(id)) revert NotAnActiveQualifier(account);
    }

    function _qualifierIdOfAccount(address account) internal view returns (uint16) {
        return _qualifierIdOf[account];
    }

    function _className(uint8 classId) internal view returns (string memory) {
        return _classNames[classId];
    }

    function _qualifierClassMask(uint16 id) internal view returns (uint256) {
        return _qualifiers[id].classMask;
    }

    function _qualifierName(uint16 id) internal view returns (string memory) {
        return _qualifiers[id].name;
    }

    /// @dev The storage slot of the standing bitmap, for code that reads it in assembly (see {_isActive}).
    function _standingSlot() internal pure returns (uint256 slot) {
        assembly ("memory-safe") {
            slot := _activeBits.slot
        }
    }

    function _isActive(uint256 id) internal view returns (bool) {
        return (_activeBits[id >> 8] >> (id & 0xff)) & 1 == 1;
    }

    function _existing(uint16 id) private view returns (Qualifier storage q) {
        q = _qualifiers[id];
        if (q.account == address(0)) revert UnknownQualifier(id);
    }

    function _setActive(uint16 id, bool active) private {
        uint256 bit = 1 << (id & 0xff);
        if (active) _activeBits[id >> 8] |= bit;
        else _activeBits[id >> 8] &= ~bit;
    }

    function _requireDefined(uint256 classMask) private view {
        if (classMask == 0 || classMask & ~_definedClasses != 0) revert UndefinedClasses(classMask);
    }
}
