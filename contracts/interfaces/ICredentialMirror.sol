// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ICredentialMirror
/// @notice Events and errors of the two halves of credential mirroring: the home-chain sender, which reads
/// the home credential registry and sends what it finds, and the mirror registry on the other chain.
interface ICredentialMirror {
    /// @notice The home sender sent a wallet's state (credentials of active qualifiers, sanctions and
    /// blocked flags) as read now.
    event WalletSynced(address indexed wallet, uint64 seq, uint256 word);
    /// @notice The home sender sent a qualifier's standing as read now.
    event QualifierSynced(uint16 indexed qualifierId, uint64 seq, bool active);

    /// @notice The home sender sent whether home governance has `codeHash` vetted, as read now.
    event CodeSynced(bytes32 indexed codeHash, uint64 seq, bool vetted);

    /// @notice The mirror applied a wallet update; entries' validity is capped at `validUntil`.
    event WalletMirrored(address indexed wallet, uint64 seq, uint40 sentAt, uint40 validUntil);
    /// @notice The mirror applied a qualifier update.
    event QualifierMirrored(uint16 indexed qualifierId, uint64 seq, bool active);
    /// @notice The mirror applied a code vetting update, trusted until `validUntil`.
    event CodeMirrored(bytes32 indexed codeHash, uint64 seq, bool vetted, uint40 validUntil);
    /// @notice An update older than one already applied arrived late and was dropped.
    event StaleUpdateIgnored(uint8 kind, uint256 key, uint64 seq);

    /// @notice The qualifier id is zero or unknown at home.
    error UnknownQualifier(uint16 qualifierId);
    /// @notice The wallet is the zero address.
    error ZeroWallet();
    /// @notice The code hash is zero.
    error ZeroCodeHash();
    /// @notice The staleness bound is zero.
    error ZeroStaleness();
    /// @notice The staleness bound is longer than the mirror allows.
    error StalenessTooLong(uint40 maxStaleness, uint40 max);
    /// @notice The first sequence number of a home sender is zero (the mirror would drop its first update).
    error ZeroFirstSeq();
}
