// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ICredentialStatus
/// @notice What a verifier asks of the credential registry during a transfer.
interface ICredentialStatus {
    /// @notice Sender-side restriction codes (0 = has a live credential of a class in `classMask` from a
    /// qualifier in good standing and is neither sanctioned nor blocked) for `from` and for `to`. Add
    /// {RestrictionCodes.RECIPIENT_OFFSET} to the second one to get the recipient-side code.
    function credentialStatusPair(address from, address to, uint256 classMask)
        external
        view
        returns (uint8 fromCode, uint8 toCode);

    /// @notice Sender-side restriction code of `account` for credentials of a class in `classMask`. A
    /// sanctioned account gets {RestrictionCodes.SENDER_SANCTIONED} and a blocked one
    /// {RestrictionCodes.SENDER_CONTRACT_BLOCKED} whatever the mask, so a mask of 0 asks for the two flags alone.
    function credentialStatus(address account, uint256 classMask) external view returns (uint8 code);
}
