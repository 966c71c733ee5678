// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ITransferVerifier} from "../../contracts/interfaces/ITransferVerifier.sol";

/// @notice Benchmark only: a verifier that allows everything, to measure the token's own rules plus the
/// cost of asking a verifier, apart from what the real verifiers check.
contract PassVerifier is ITransferVerifier {
    function detectTransferRestriction(address, address, uint256) external pure returns (uint8) {
        return 0;
    }

    function detectSendRestriction(address) external pure returns (uint8) {
        return 0;
    }

    function detectReceiveRestriction(address) external pure returns (uint8) {
        return 0;
    }

    function detectSpenderRestriction(address) external pure returns (uint8) {
        return 0;
    }

    function messageForTransferRestriction(uint8) external pure returns (string memory) {
        return "";
    }
}
