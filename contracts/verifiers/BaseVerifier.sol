// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ITransferVerifier} from "../interfaces/ITransferVerifier.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";

/// @title BaseVerifier
/// @notice Shared plumbing for Qualified's verifiers: messages from the common code table, and a
/// transfer check made of the sender check followed by the recipient check.
abstract contract BaseVerifier is ITransferVerifier {
    /// @inheritdoc ITransferVerifier
    function detectTransferRestriction(address from, address to, uint256) external view virtual returns (uint8) {
        uint8 code = detectSendRestriction(from);
        if (code != RestrictionCodes.SUCCESS) return code;
        return detectReceiveRestriction(to);
    }

    /// @inheritdoc ITransferVerifier
    function detectSendRestriction(address account) public view virtual returns (uint8);

    /// @inheritdoc ITransferVerifier
    function detectReceiveRestriction(address account) public view virtual returns (uint8);

    /// @inheritdoc ITransferVerifier
    /// @dev Allowed unless a verifier with a sanctions list overrides it.
    function detectSpenderRestriction(address) external view virtual returns (uint8) {
        return RestrictionCodes.SUCCESS;
    }

    /// @inheritdoc ITransferVerifier
    function messageForTransferRestriction(uint8 code) external view virtual returns (string memory) {
        return RestrictionCodes.message(code);
    }
}
