// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {BaseVerifier} from "./BaseVerifier.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";

/// @title NoTransferVerifier
/// @notice Lock-up policy: holders cannot transfer to each other; they can only redeem to the issuer's
/// redemption address. Minting (receiving from the issuer) stays possible.
contract NoTransferVerifier is BaseVerifier {
    /// @notice The only address holders may transfer to.
    address public immutable redemptionAddress;

    error ZeroRedemptionAddress();

    constructor(address redemptionAddress_) {
        if (redemptionAddress_ == address(0)) revert ZeroRedemptionAddress();
        redemptionAddress = redemptionAddress_;
    }

    /// @inheritdoc BaseVerifier
    function detectTransferRestriction(address, address to, uint256) external view override returns (uint8) {
        return to == redemptionAddress ? RestrictionCodes.SUCCESS : RestrictionCodes.TRANSFERS_LOCKED;
    }

    /// @inheritdoc BaseVerifier
    function detectSendRestriction(address) public pure override returns (uint8) {
        return RestrictionCodes.SUCCESS;
    }

    /// @inheritdoc BaseVerifier
    function detectReceiveRestriction(address) public pure override returns (uint8) {
        return RestrictionCodes.SUCCESS;
    }
}
