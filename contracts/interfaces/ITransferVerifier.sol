// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ITransferVerifier
/// @notice The pluggable policy a {SecurityToken} asks before any balance moves.
/// @dev Every function is `view`: the token calls it with STATICCALL, so a verifier can never
/// re-enter the token or change state during a transfer. A return value of 0 means "allowed";
/// any other value is a restriction code (see {RestrictionCodes}) that the token reverts with.
interface ITransferVerifier {
    /// @notice Restriction code for a transfer of `amount` from `from` to `to` between holders.
    /// @return code 0 when the transfer is allowed, a restriction code otherwise.
    function detectTransferRestriction(address from, address to, uint256 amount) external view returns (uint8 code);

    /// @notice Restriction code for `account` acting as a sender, whatever the counterparty.
    /// @return code 0 when `account` may send, a restriction code otherwise.
    function detectSendRestriction(address account) external view returns (uint8 code);

    /// @notice Restriction code for `account` acting as a recipient (also asked before a mint,
    /// a forced transfer and a wallet recovery).
    /// @return code 0 when `account` may receive, a restriction code otherwise.
    function detectReceiveRestriction(address account) external view returns (uint8 code);

    /// @notice Restriction code for `spender` moving another holder's tokens with `transferFrom` (asked only
    /// when the spender is neither the sender nor the recipient, which are checked as such). Meant for
    /// sanctions and guardians' blocks: a spender need not be qualified itself (a router, a settlement contract).
    /// @return code 0 when `spender` may move tokens it was approved for, a restriction code otherwise.
    function detectSpenderRestriction(address spender) external view returns (uint8 code);

    /// @notice A sentence a person can act on for `code`; empty when the verifier does not know it.
    function messageForTransferRestriction(uint8 code) external view returns (string memory message);
}
