// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The smallest smart wallet: its owner makes it call anything.
contract OwnedWallet {
    address public immutable owner;

    constructor(address owner_) {
        owner = owner_;
    }

    /// @notice Calls `target` with `data` on the owner's behalf.
    function exec(address target, bytes calldata data) external returns (bytes memory) {
        require(msg.sender == owner, "not the owner");
        (bool ok, bytes memory out) = target.call(data);
        require(ok, "call failed");
        return out;
    }
}
