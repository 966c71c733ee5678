// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {BaseVerifier} from "./BaseVerifier.sol";
import {ISanctionsList} from "../interfaces/ISanctionsList.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";

/// @title BlocklistVerifier
/// @notice AML blocklist: refuses any transfer that involves an address on its own list or, when one is
/// set, on a sanctions oracle with the Chainalysis `isSanctioned(address)` interface. It answers that
/// interface itself, so it can serve as another verifier's oracle.
/// @dev Fails closed: if the oracle reverts, the transfer reverts. The oracle is fixed at deployment (an
/// immutable costs no storage read per transfer); to change it, deploy a new verifier and point the token
/// at it. Roles: DEFAULT_ADMIN_ROLE grants LISTER_ROLE, which edits the list.
contract BlocklistVerifier is BaseVerifier, AccessControl, ISanctionsList {
    /// @notice The role that may add wallets to the blocklist and remove them.
    bytes32 public constant LISTER_ROLE = keccak256("LISTER_ROLE");

    /// @notice The external sanctions oracle, or address(0) for the own list only.
    ISanctionsList public immutable oracle;
    mapping(address account => bool) private _listed;

    error ZeroAdmin();

    /// @notice A wallet was put on (`listed`) or taken off the blocklist, naming where the decision came from.
    event BlocklistUpdated(address indexed account, bool listed, string source);

    /// @notice `admin` keeps the list (and receives LISTER_ROLE); `oracle_` (or zero) is a sanctions list read too.
    /// @param admin Receives DEFAULT_ADMIN_ROLE and LISTER_ROLE.
    /// @param oracle_ An external sanctions oracle, or address(0) for the own list only.
    constructor(address admin, ISanctionsList oracle_) {
        if (admin == address(0)) revert ZeroAdmin();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(LISTER_ROLE, admin);
        oracle = oracle_;
    }

    /// @notice Adds or removes addresses from the own list. LISTER_ROLE.
    /// @param source Where the listing comes from, e.g. "OFAC SDN 2026-11-20".
    function setBlocked(address[] calldata accounts, bool listed, string calldata source)
        external
        onlyRole(LISTER_ROLE)
    {
        for (uint256 i; i < accounts.length; ++i) {
            _listed[accounts[i]] = listed;
            emit BlocklistUpdated(accounts[i], listed, source);
        }
    }

    /// @notice Whether `addr` is on the own list (the oracle is not asked).
    function isListed(address addr) external view returns (bool) {
        return _listed[addr];
    }

    /// @inheritdoc ISanctionsList
    function isSanctioned(address addr) public view returns (bool) {
        if (_listed[addr]) return true;
        ISanctionsList o = oracle;
        return address(o) != address(0) && o.isSanctioned(addr);
    }

    /// @inheritdoc BaseVerifier
    function detectSendRestriction(address account) public view override returns (uint8) {
        return isSanctioned(account) ? RestrictionCodes.SENDER_SANCTIONED : RestrictionCodes.SUCCESS;
    }

    /// @inheritdoc BaseVerifier
    function detectSpenderRestriction(address spender) external view override returns (uint8) {
        return isSanctioned(spender) ? RestrictionCodes.SPENDER_SANCTIONED : RestrictionCodes.SUCCESS;
    }

    /// @inheritdoc BaseVerifier
    function detectReceiveRestriction(address account) public view override returns (uint8) {
        return isSanctioned(account) ? RestrictionCodes.RECIPIENT_SANCTIONED : RestrictionCodes.SUCCESS;
    }
}
