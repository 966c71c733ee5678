// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title RestrictionCodes
/// @notice The one table of ERC-1404 restriction codes used by the token and every Qualified verifier.
/// @dev 1-15 are checked by the token itself, 16 and up by verifiers. Where a rule applies to
/// both sides of a transfer, the sender's code is even and the recipient's is the next odd number,
/// so `code + RECIPIENT_OFFSET` turns a sender-side reason into the recipient-side one.
library RestrictionCodes {
    uint8 internal constant SUCCESS = 0;

    // Token-level rules.
    uint8 internal constant PAUSED = 1;
    uint8 internal constant SENDER_WALLET_FROZEN = 2;
    uint8 internal constant RECIPIENT_WALLET_FROZEN = 3;
    uint8 internal constant INSUFFICIENT_UNFROZEN_BALANCE = 4;
    uint8 internal constant INSUFFICIENT_BALANCE = 5;
    uint8 internal constant INVALID_RECIPIENT = 6;
    uint8 internal constant SPENDER_WALLET_FROZEN = 7;
    uint8 internal constant VERIFIER_FAILED = 8;

    // Verifier rules.
    uint8 internal constant TRANSFERS_LOCKED = 16;
    uint8 internal constant SENDER_SANCTIONED = 18;
    uint8 internal constant RECIPIENT_SANCTIONED = 19;
    uint8 internal constant SENDER_NOT_ALLOWLISTED = 20;
    uint8 internal constant RECIPIENT_NOT_ALLOWLISTED = 21;
    uint8 internal constant SENDER_NOT_QUALIFIED = 22;
    uint8 internal constant RECIPIENT_NOT_QUALIFIED = 23;
    uint8 internal constant SENDER_CREDENTIAL_EXPIRED = 24;
    uint8 internal constant RECIPIENT_CREDENTIAL_EXPIRED = 25;
    uint8 internal constant SENDER_QUALIFIER_SUSPENDED = 26;
    uint8 internal constant RECIPIENT_QUALIFIER_SUSPENDED = 27;
    uint8 internal constant SENDER_CONTRACT_BLOCKED = 28;
    uint8 internal constant RECIPIENT_CONTRACT_BLOCKED = 29;
    uint8 internal constant SENDER_CONTRACT_IN_CHALLENGE_WINDOW = 30;
    uint8 internal constant RECIPIENT_CONTRACT_IN_CHALLENGE_WINDOW = 31;
    uint8 internal constant SENDER_CONTRACT_CODE_CHANGED = 32;
    uint8 internal constant RECIPIENT_CONTRACT_CODE_CHANGED = 33;
    uint8 internal constant SENDER_CONTRACT_CODE_NOT_VETTED = 34;
    uint8 internal constant RECIPIENT_CONTRACT_CODE_NOT_VETTED = 35;
    uint8 internal constant SENDER_CONTRACT_REGISTRANT_NOT_QUALIFIED = 36;
    uint8 internal constant RECIPIENT_CONTRACT_REGISTRANT_NOT_QUALIFIED = 37;
    /// @dev Only a credential mirror answers these: a mirrored credential lapsed because no message from the
    /// home chain renewed it within the staleness bound (its own expiry had not passed).
    uint8 internal constant SENDER_MIRROR_STALE = 38;
    uint8 internal constant RECIPIENT_MIRROR_STALE = 39;
    /// @dev A third-party spender (neither sender nor recipient) has no sender/recipient pair.
    uint8 internal constant SPENDER_SANCTIONED = 40;
    uint8 internal constant SPENDER_BLOCKED = 41;
    /// @dev Only on a chain that reads a credential mirror: no update from home vouched for the spender's
    /// standing (sanctions, blocks) within the staleness bound.
    uint8 internal constant SPENDER_MIRROR_STALE = 42;

    /// @dev Added to a sender-side code to get the matching recipient-side code.
    uint8 internal constant RECIPIENT_OFFSET = 1;

    /// @notice The sentence for `code`, or an empty string for a code this table does not define.
    function message(uint8 code) internal pure returns (string memory) {
        return code < TRANSFERS_LOCKED ? tokenMessage(code) : verifierMessage(code);
    }

    /// @notice The sentence for one of the token's own codes (0-15), or an empty string.
    function tokenMessage(uint8 code) internal pure returns (string memory) {
        if (code == SUCCESS) return "No restriction: the transfer is allowed.";
        if (code == PAUSED) return "The issuer has paused all transfers of this token.";
        if (code == SENDER_WALLET_FROZEN) return "The issuer has frozen the sender's wallet.";
        if (code == RECIPIENT_WALLET_FROZEN) return "The issuer has frozen the recipient's wallet.";
        if (code == INSUFFICIENT_UNFROZEN_BALANCE) {
            return "The amount is more than the sender's unfrozen balance: part of the balance is frozen by the issuer.";
        }
        if (code == INSUFFICIENT_BALANCE) return "The amount is more than the sender's balance.";
        if (code == INVALID_RECIPIENT) return "The recipient is the zero address: use a burn or a redemption instead.";
        if (code == SPENDER_WALLET_FROZEN) {
            return "The issuer has frozen the spender's wallet: it cannot move other holders' tokens.";
        }
        if (code == VERIFIER_FAILED) {
            return "The transfer policy could not be evaluated (the verifier failed to answer): the transfer is refused.";
        }
        return "";
    }

    /// @notice The sentence for one of the verifiers' codes (16 and up), or an empty string.
    // One sentence per code: a lookup table, longer than a function usually is.
    // solhint-disable-next-line function-max-lines
    function verifierMessage(uint8 code) internal pure returns (string memory) {
        if (code == TRANSFERS_LOCKED) {
            return "Transfers are locked for this token: holders can only redeem to the issuer.";
        }
        if (code == SENDER_SANCTIONED) return "The sender is on a sanctions list.";
        if (code == RECIPIENT_SANCTIONED) return "The recipient is on a sanctions list.";
        if (code == SENDER_NOT_ALLOWLISTED) return "The sender is not on this token's allowlist.";
        if (code == RECIPIENT_NOT_ALLOWLISTED) return "The recipient is not on this token's allowlist.";
        if (code == SENDER_NOT_QUALIFIED) {
            return "The sender holds no credential of a class this token accepts and is not a registered contract.";
        }
        if (code == RECIPIENT_NOT_QUALIFIED) {
            return "The recipient holds no credential of a class this token accepts and is not a registered contract.";
        }
        if (code == SENDER_CREDENTIAL_EXPIRED) return "The sender's credential has expired: ask its qualifier to renew it.";
        if (code == RECIPIENT_CREDENTIAL_EXPIRED) {
            return "The recipient's credential has expired: ask its qualifier to renew it.";
        }
        if (code == SENDER_QUALIFIER_SUSPENDED) {
            return "The qualifier that issued the sender's credential is suspended: get a credential from another qualifier.";
        }
        if (code == RECIPIENT_QUALIFIER_SUSPENDED) {
            return "The qualifier that issued the recipient's credential is suspended: get a credential from another qualifier.";
        }
        if (code == SENDER_CONTRACT_BLOCKED) return "A guardian has blocked the sender: it can neither send nor receive.";
        if (code == RECIPIENT_CONTRACT_BLOCKED) return "A guardian has blocked the recipient: it can neither send nor receive.";
        if (code == SENDER_CONTRACT_IN_CHALLENGE_WINDOW) {
            return "The sender is a registered contract still in its challenge window: it is eligible when the window ends.";
        }
        if (code == RECIPIENT_CONTRACT_IN_CHALLENGE_WINDOW) {
            return "The recipient is a registered contract still in its challenge window: it is eligible when the window ends.";
        }
        if (code == SENDER_CONTRACT_CODE_CHANGED) {
            return "The sender's code has changed since it was registered: it must be registered again.";
        }
        if (code == RECIPIENT_CONTRACT_CODE_CHANGED) {
            return "The recipient's code has changed since it was registered: it must be registered again.";
        }
        if (code == SENDER_CONTRACT_CODE_NOT_VETTED) {
            return "The sender is a contract whose code governance has not vetted, and this token accepts only vetted code.";
        }
        if (code == RECIPIENT_CONTRACT_CODE_NOT_VETTED) {
            return "The recipient is a contract whose code governance has not vetted, and this token accepts only vetted code.";
        }
        if (code == SENDER_CONTRACT_REGISTRANT_NOT_QUALIFIED) {
            return "The sender is a registered contract whose code is not vetted, and its registrant does not pass this token's credential check.";
        }
        if (code == RECIPIENT_CONTRACT_REGISTRANT_NOT_QUALIFIED) {
            return "The recipient is a registered contract whose code is not vetted, and its registrant does not pass this token's credential check.";
        }
        if (code == SENDER_MIRROR_STALE) return "The sender's mirrored credential is stale: sync it from the home chain.";
        if (code == RECIPIENT_MIRROR_STALE) {
            return "The recipient's mirrored credential is stale: sync it from the home chain.";
        }
        if (code == SPENDER_SANCTIONED) {
            return "The spender is on a sanctions list: it cannot move other holders' tokens.";
        }
        if (code == SPENDER_BLOCKED) {
            return "A guardian has blocked the spender: it cannot move other holders' tokens.";
        }
        if (code == SPENDER_MIRROR_STALE) {
            return "The spender's standing has not been mirrored from the home chain recently: sync it from the home chain.";
        }
        return "";
    }
}
