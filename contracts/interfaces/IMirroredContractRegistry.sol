// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IContractRegistry} from "./IContractRegistry.sol";

/// @title IMirroredContractRegistry
/// @notice The contract registry of a chain whose credentials are mirrored from the home chain: registration
/// is local (the contracts live here), vetted code, registrants' credentials and guardians' blocks come from
/// home through the credential mirror. Events and errors, and what a registrant calls.
interface IMirroredContractRegistry is IContractRegistry {
    /// @notice Who filed a registration, as it stood when it was filed. None: not identifiable (only vetted
    /// code can be registered so). Identifiable: the holder of a live mirrored credential, who answers for
    /// the contract while its code is not vetted.
    enum RegistrantKind {
        None,
        Identifiable
    }

    /// @notice A contract was registered, with its code hash, whether that code was vetted (as mirrored)
    /// and when its challenge window ends.
    event ContractRegistered(
        address indexed target, address indexed registrant, bytes32 codeHash, bool vetted, uint40 windowEndsAt
    );

    /// @notice `target` has no code (an account, a contract still in its constructor, a precompile).
    error NotAContract(address target);
    /// @notice `target` is an EIP-7702 delegated account: its owner's key could act for it.
    error DelegatedAccount(address target);
    /// @notice `target` is registered, with this code, by a registrant who still answers for it.
    error AlreadyRegistered(address target, address registrant);
    /// @notice A home guardian's block on `target` has reached this chain.
    error ContractIsBlocked(address target);
    /// @notice Registering code that is not vetted needs a live mirrored credential.
    error RegistrantNotIdentifiable(address registrant);
    /// @notice The challenge window is shorter than the minimum or longer than the maximum.
    error ChallengeWindowOutOfRange(uint40 window, uint40 min, uint40 max);
    /// @notice `target`'s code can run other code in its own context or destroy itself.
    error ForbiddenOpcode(address target, uint256 offset, uint8 opcode);
    /// @notice An address given at deployment is zero.
    error ZeroAddress();
    /// @notice Taking over `target`'s registration from a registrant who lost standing needs a claim filed
    /// by the caller at least the takeover delay ago (`readyAt` 0: no claim filed, call {claimTakeover}).
    error TakeoverNotReady(address target, uint40 readyAt);
    /// @notice `target` has no registration that can be taken over: none, changed code, or a registrant who
    /// still answers for it.
    error NothingToTakeOver(address target);

    /// @notice `claimant` filed a claim to take over `target`'s registration, usable from `readyAt` if its
    /// registrant has not regained standing by then.
    event TakeoverClaimed(address indexed target, address indexed claimant, uint40 readyAt);

    /// @notice Registers `target`; the caller is recorded as its registrant.
    function register(address target) external;

    /// @notice Files the caller's claim to take over `target`'s registration, whose registrant lost
    /// standing (revoked, expired, suspended qualifier). The caller must be identifiable.
    function claimTakeover(address target) external returns (uint40 readyAt);
}
