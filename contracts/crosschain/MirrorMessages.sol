// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title MirrorMessages
/// @notice The credential mirror's wire format: five words, `abi.encode(kind, seq, sentAt, key, value)`.
/// - WALLET: `key` is the wallet, `value` its word in the {CredentialIndex} layout as the home registry
///   holds it at `sentAt` (credential entries of active qualifiers only, sanctions bit 255, blocked bit 254).
/// - QUALIFIER: `key` is the qualifier id, `value` 1 when it is active at `sentAt`, 0 when suspended.
/// - CODE: `key` is a code hash (never zero), `value` 1 when home governance has it vetted at `sentAt`, 0 when not.
/// `seq` grows with every message the home sender sends, so the mirror can drop an older update that
/// arrives after a newer one (LayerZero delivery is unordered unless the OApp enforces order).
library MirrorMessages {
    uint8 internal constant WALLET = 1;
    uint8 internal constant QUALIFIER = 2;
    uint8 internal constant CODE = 3;
    /// @dev Five 32-byte words.
    uint256 internal constant LENGTH = 160;

    /// @notice The payload is not five words, or holds an unknown kind or an out-of-range field.
    error MalformedMessage();

    struct Message {
        uint8 kind;
        uint64 seq;
        uint40 sentAt;
        uint256 key;
        uint256 value;
    }

    function encode(Message memory m) internal pure returns (bytes memory) {
        return abi.encode(m.kind, m.seq, m.sentAt, m.key, m.value);
    }

    /// @notice Decodes `payload`, refusing anything malformed (fail closed): wrong length, an unknown kind,
    /// fields out of range (abi.decode into narrow types would also revert, with no reason).
    function decode(bytes calldata payload) internal pure returns (Message memory m) {
        if (payload.length != LENGTH) revert MalformedMessage();
        (uint256 kind, uint256 seq, uint256 sentAt, uint256 key, uint256 value) =
            abi.decode(payload, (uint256, uint256, uint256, uint256, uint256));
        if (seq > type(uint64).max || sentAt > type(uint40).max) revert MalformedMessage();
        if (kind == WALLET) {
            if (key > type(uint160).max) revert MalformedMessage();
        } else if (kind == QUALIFIER) {
            if (key > type(uint16).max || value > 1) revert MalformedMessage();
        } else if (kind == CODE) {
            if (key == 0 || value > 1) revert MalformedMessage();
        } else {
            revert MalformedMessage();
        }
        m = Message(uint8(kind), uint64(seq), uint40(sentAt), key, value);
    }
}
