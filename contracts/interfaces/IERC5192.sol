// SPDX-License-Identifier: CC0-1.0
pragma solidity ^0.8.28;

/// @title IERC5192
/// @notice Minimal soulbound NFTs. Interface id 0xb45a3c0e.
interface IERC5192 {
    /// @notice Emitted when the locking status of `tokenId` becomes locked.
    event Locked(uint256 tokenId);

    /// @notice Emitted when the locking status of `tokenId` becomes unlocked.
    event Unlocked(uint256 tokenId);

    /// @notice Whether `tokenId` is locked (always true for a soulbound credential).
    function locked(uint256 tokenId) external view returns (bool);
}
