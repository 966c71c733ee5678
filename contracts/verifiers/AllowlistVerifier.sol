// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {BaseVerifier} from "./BaseVerifier.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";

/// @title AllowlistVerifier
/// @notice Only addresses on the issuer's allowlist may send and receive.
/// @dev Roles: DEFAULT_ADMIN_ROLE grants LISTER_ROLE, which edits the list.
contract AllowlistVerifier is BaseVerifier, AccessControl {
    /// @notice The role that may add wallets to the allowlist and remove them.
    bytes32 public constant LISTER_ROLE = keccak256("LISTER_ROLE");

    mapping(address account => bool) private _allowed;

    error ZeroAdmin();

    /// @notice A wallet was added to (`allowed`) or removed from the allowlist.
    event AllowlistUpdated(address indexed account, bool allowed);

    /// @notice `admin` keeps the list and receives LISTER_ROLE.
    /// @param admin Receives DEFAULT_ADMIN_ROLE and LISTER_ROLE.
    constructor(address admin) {
        if (admin == address(0)) revert ZeroAdmin();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(LISTER_ROLE, admin);
    }

    /// @notice Adds or removes addresses. LISTER_ROLE.
    function setAllowed(address[] calldata accounts, bool allowed) external onlyRole(LISTER_ROLE) {
        for (uint256 i; i < accounts.length; ++i) {
            _allowed[accounts[i]] = allowed;
            emit AllowlistUpdated(accounts[i], allowed);
        }
    }

    /// @notice Whether `account` is on the allowlist.
    function isAllowed(address account) external view returns (bool) {
        return _allowed[account];
    }

    /// @inheritdoc BaseVerifier
    function detectSendRestriction(address account) public view override returns (uint8) {
        return _allowed[account] ? RestrictionCodes.SUCCESS : RestrictionCodes.SENDER_NOT_ALLOWLISTED;
    }

    /// @inheritdoc BaseVerifier
    function detectReceiveRestriction(address account) public view override returns (uint8) {
        return _allowed[account] ? RestrictionCodes.SUCCESS : RestrictionCodes.RECIPIENT_NOT_ALLOWLISTED;
    }
}
