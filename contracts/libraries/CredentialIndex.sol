// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title CredentialIndex
/// @notice Packs everything a transfer check needs about one wallet into a single 256-bit word.
/// @dev Layout: four 56-bit entries, entry i at bits [56*i, 56*i + 56):
///   bits  0-15 qualifier id (0 = empty entry), bits 16-23 class id, bits 24-55 expiry (unix seconds).
/// Bit 255 is the wallet's sanctions flag, bit 254 its blocked flag (set by the contract registry's
/// guardians). Reading one slot tells, for any set of accepted classes,
/// whether the wallet holds a live credential; the issuing qualifiers' standing is one more
/// (shared) slot. Hence at most {MAX_ENTRIES} live credentials per wallet.
library CredentialIndex {
    uint256 internal constant MAX_ENTRIES = 4;
    uint256 internal constant NOT_FOUND = type(uint256).max;
    uint256 private constant ENTRY_BITS = 56;
    uint256 private constant ENTRY_MASK = (1 << ENTRY_BITS) - 1;
    uint256 private constant SANCTIONED_BIT = 1 << 255;
    uint256 private constant BLOCKED_BIT = 1 << 254;
    /// @dev Either flag refuses the wallet, whatever it holds: one test for both on the hot path.
    uint256 private constant REFUSED_BITS = SANCTIONED_BIT | BLOCKED_BIT;

    /// @notice Builds an entry.
    function encode(uint16 qualifierId, uint8 classId, uint32 expiresAt) internal pure returns (uint256) {
        return uint256(qualifierId) | (uint256(classId) << 16) | (uint256(expiresAt) << 24);
    }

    /// @notice Entry `i` of `word`.
    function entryAt(uint256 word, uint256 i) internal pure returns (uint256) {
        unchecked {
            return (word >> (i * ENTRY_BITS)) & ENTRY_MASK;
        }
    }

    function qualifierOf(uint256 entry) internal pure returns (uint256) {
        return entry & 0xffff;
    }

    function classOf(uint256 entry) internal pure returns (uint256) {
        return (entry >> 16) & 0xff;
    }

    function expiryOf(uint256 entry) internal pure returns (uint256) {
        return entry >> 24;
    }

    /// @notice Position of the entry for (`qualifierId`, `classId`), or {NOT_FOUND}.
    function find(uint256 word, uint16 qualifierId, uint8 classId) internal pure returns (uint256) {
        for (uint256 i; i < MAX_ENTRIES; ++i) {
            uint256 e = entryAt(word, i);
            if (qualifierOf(e) == qualifierId && classOf(e) == classId) return i;
        }
        return NOT_FOUND;
    }

    /// @notice Position of the first empty entry, or {NOT_FOUND}.
    function findEmpty(uint256 word) internal pure returns (uint256) {
        for (uint256 i; i < MAX_ENTRIES; ++i) {
            if (qualifierOf(entryAt(word, i)) == 0) return i;
        }
        return NOT_FOUND;
    }

    /// @notice `word` with entry `i` replaced by `entry` (0 clears it).
    function withEntry(uint256 word, uint256 i, uint256 entry) internal pure returns (uint256) {
        uint256 shift = i * ENTRY_BITS;
        return (word & ~(ENTRY_MASK << shift)) | (entry << shift);
    }

    /// @notice The number of non-empty entries.
    function count(uint256 word) internal pure returns (uint256 n) {
        for (uint256 i; i < MAX_ENTRIES; ++i) {
            if (qualifierOf(entryAt(word, i)) != 0) ++n;
        }
    }

    function isSanctioned(uint256 word) internal pure returns (bool) {
        return word & SANCTIONED_BIT != 0;
    }

    function withSanctioned(uint256 word, bool sanctioned) internal pure returns (uint256) {
        return sanctioned ? word | SANCTIONED_BIT : word & ~SANCTIONED_BIT;
    }

    function isBlocked(uint256 word) internal pure returns (bool) {
        return word & BLOCKED_BIT != 0;
    }

    function withBlocked(uint256 word, bool blocked) internal pure returns (uint256) {
        return blocked ? word | BLOCKED_BIT : word & ~BLOCKED_BIT;
    }

    /// @notice Whether the wallet is sanctioned or blocked.
    function isRefused(uint256 word) internal pure returns (bool) {
        return word & REFUSED_BITS != 0;
    }
}
