// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IERC1404
/// @notice Simple Restricted Token Standard: pre-flight a transfer and explain a refusal.
interface IERC1404 {
    /// @notice 0 when a transfer of `value` from `from` to `to` would succeed, a restriction code otherwise.
    function detectTransferRestriction(address from, address to, uint256 value) external view returns (uint8 restrictionCode);

    /// @notice A human-readable sentence for `restrictionCode`.
    function messageForTransferRestriction(uint8 restrictionCode) external view returns (string memory message);
}
