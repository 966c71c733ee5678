// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IContractRegistry} from "../interfaces/IContractRegistry.sol";

/// @title ContractRegistry
/// @notice The open door for DeFi: anyone registers a contract (a pool, a vault, a router) and it may
/// hold and move tokens that accept registered contracts at once, with no approval. Guardians,
/// appointed by governance, block a contract that misbehaves (with a reason) and can unblock it.
/// @dev Only deployed contracts can be registered: addresses without code (externally owned accounts,
/// contracts still in their constructor, precompiles) and EIP-7702 delegated accounts (code
/// 0xef0100 || address) are refused, since their owner's key could act for them.
/// Roles: DEFAULT_ADMIN_ROLE (governance) grants GUARDIAN_ROLE.
contract ContractRegistry is AccessControl, IContractRegistry {
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    /// @dev One slot, read once per check.
    struct Registration {
        address registrant;
        uint40 registeredAt;
        bool blocked;
    }

    /// @notice The last block decision on a contract.
    struct BlockRecord {
        address guardian;
        uint40 at;
        string reason;
    }

    mapping(address target => Registration) private _registrations;
    mapping(address target => BlockRecord) private _blockRecords;

    error NotAContract(address target);
    error DelegatedAccount(address target);
    error AlreadyRegistered(address target, address registrant);
    error ContractIsBlocked(address target);
    error NotBlocked(address target);
    error EmptyReason();
    error ZeroGovernance();

    event ContractRegistered(address indexed target, address indexed registrant, bytes32 codeHash);
    event ContractBlocked(address indexed target, address indexed guardian, string reason);
    event ContractUnblocked(address indexed target, address indexed guardian, string reason);

    /// @param governance Receives DEFAULT_ADMIN_ROLE.
    constructor(address governance) {
        if (governance == address(0)) revert ZeroGovernance();
        _grantRole(DEFAULT_ADMIN_ROLE, governance);
    }

    /// @notice Registers `target`. Open to anyone; the caller is recorded as its registrant.
    function register(address target) external {
        _requireDeployedContract(target);
        Registration storage r = _registrations[target];
        if (r.blocked) revert ContractIsBlocked(target);
        if (r.registrant != address(0)) revert AlreadyRegistered(target, r.registrant);
        r.registrant = msg.sender;
        r.registeredAt = uint40(block.timestamp);
        emit ContractRegistered(target, msg.sender, target.codehash);
    }

    /// @notice Blocks `target`, registered or not (a known-bad contract can be blocked before it
    /// registers). A blocked contract can neither receive nor send tokens. GUARDIAN_ROLE.
    function blockContract(address target, string calldata reason) external onlyRole(GUARDIAN_ROLE) {
        if (bytes(reason).length == 0) revert EmptyReason();
        Registration storage r = _registrations[target];
        if (r.blocked) revert ContractIsBlocked(target);
        r.blocked = true;
        _blockRecords[target] = BlockRecord(msg.sender, uint40(block.timestamp), reason);
        emit ContractBlocked(target, msg.sender, reason);
    }

    /// @notice Lifts a block. GUARDIAN_ROLE.
    function unblockContract(address target, string calldata reason) external onlyRole(GUARDIAN_ROLE) {
        if (bytes(reason).length == 0) revert EmptyReason();
        Registration storage r = _registrations[target];
        if (!r.blocked) revert NotBlocked(target);
        r.blocked = false;
        _blockRecords[target] = BlockRecord(msg.sender, uint40(block.timestamp), reason);
        emit ContractUnblocked(target, msg.sender, reason);
    }

    /// @inheritdoc IContractRegistry
    function statusOf(address target) external view returns (Status) {
        Registration memory r = _registrations[target];
        if (r.blocked) return Status.Blocked;
        if (r.registrant == address(0)) return Status.Unregistered;
        return Status.Registered;
    }

    /// @notice Who registered `target` and when (zero when never registered).
    function registration(address target) external view returns (Registration memory) {
        return _registrations[target];
    }

    /// @notice The last block or unblock decision on `target`.
    function blockRecord(address target) external view returns (BlockRecord memory) {
        return _blockRecords[target];
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
