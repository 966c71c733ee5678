// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The registry's open door, seen from the wrong side: a contract that registers itself so it can
/// receive tokens, which a guardian then blocks. Used by the demo.
interface IRegistry {
    /// @notice Registers `target` with the contract registry.
    function register(address target) external;
}

/// @notice A demo vault that tries to register itself, without any credential.
contract SelfRegisteringVault {
    /// @notice Registers this vault in `registry`.
    function registerSelf(IRegistry registry) external {
        registry.register(address(this));
    }
}
