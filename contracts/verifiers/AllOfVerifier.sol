// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ITransferVerifier} from "../interfaces/ITransferVerifier.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";

/// @title AllOfVerifier
/// @notice Combines up to four verifiers: a transfer passes only if every one of them allows it, and the
/// first refusal (in order) is the reason given. Nest AllOfVerifiers for more rules.
/// @dev The children are immutables, so adding a rule costs its own check and no storage read here.
contract AllOfVerifier is ITransferVerifier {
    /// @notice The most rules one all-of verifier combines.
    uint256 public constant MAX_CHILDREN = 4;

    /// @notice How many rules this verifier combines, fixed at deployment.
    uint256 public immutable count;
    ITransferVerifier private immutable _v0;
    ITransferVerifier private immutable _v1;
    ITransferVerifier private immutable _v2;
    ITransferVerifier private immutable _v3;

    error InvalidChildCount(uint256 count);
    error ChildNotAContract(address child);

    /// @notice Fixes the rules, every one of which must allow a transfer.
    /// @param rules One to four verifiers, checked in this order.
    constructor(ITransferVerifier[] memory rules) {
        uint256 n = rules.length;
        if (n == 0 || n > MAX_CHILDREN) revert InvalidChildCount(n);
        for (uint256 i; i < n; ++i) {
            if (address(rules[i]).code.length == 0) revert ChildNotAContract(address(rules[i]));
        }
        count = n;
        _v0 = rules[0];
        _v1 = n > 1 ? rules[1] : ITransferVerifier(address(0));
        _v2 = n > 2 ? rules[2] : ITransferVerifier(address(0));
        _v3 = n > 3 ? rules[3] : ITransferVerifier(address(0));
    }

    /// @notice The verifiers combined, in order.
    function children() external view returns (ITransferVerifier[] memory list) {
        list = new ITransferVerifier[](count);
        for (uint256 i; i < count; ++i) {
            list[i] = _child(i);
        }
    }

    /// @inheritdoc ITransferVerifier
    function detectTransferRestriction(address from, address to, uint256 amount) external view returns (uint8 code) {
        for (uint256 i; i < count; ++i) {
            code = _child(i).detectTransferRestriction(from, to, amount);
            if (code != RestrictionCodes.SUCCESS) return code;
        }
    }

    /// @inheritdoc ITransferVerifier
    function detectSendRestriction(address account) external view returns (uint8 code) {
        for (uint256 i; i < count; ++i) {
            code = _child(i).detectSendRestriction(account);
            if (code != RestrictionCodes.SUCCESS) return code;
        }
    }

    /// @inheritdoc ITransferVerifier
    function detectReceiveRestriction(address account) external view returns (uint8 code) {
        for (uint256 i; i < count; ++i) {
            code = _child(i).detectReceiveRestriction(account);
            if (code != RestrictionCodes.SUCCESS) return code;
        }
    }

    /// @inheritdoc ITransferVerifier
    function detectSpenderRestriction(address spender) external view returns (uint8 code) {
        for (uint256 i; i < count; ++i) {
            code = _child(i).detectSpenderRestriction(spender);
            if (code != RestrictionCodes.SUCCESS) return code;
        }
    }

    /// @inheritdoc ITransferVerifier
    /// @dev The shared table first, then the first child that knows the code.
    function messageForTransferRestriction(uint8 code) external view returns (string memory text) {
        text = RestrictionCodes.message(code);
        for (uint256 i; i < count && bytes(text).length == 0; ++i) {
            text = _child(i).messageForTransferRestriction(code);
        }
    }

    function _child(uint256 i) private view returns (ITransferVerifier) {
        if (i == 0) return _v0;
        if (i == 1) return _v1;
        if (i == 2) return _v2;
        return _v3;
    }
}
