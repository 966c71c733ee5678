// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {BaseVerifier} from "./BaseVerifier.sol";
import {ICredentialStatus} from "../interfaces/ICredentialStatus.sol";
import {IContractRegistry} from "../interfaces/IContractRegistry.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";

/// @title CredentialVerifier
/// @notice Both sides of a transfer must either hold a live credential of a class this token accepts,
/// issued by a qualifier in good standing, and be neither sanctioned nor blocked; or be an eligible
/// registered contract (a DeFi pool, a vault). Per token, the issuer chooses whether registered contracts
/// are accepted at all (`contracts` is zero when not), and whether only vetted code is (`vettedCodeOnly`).
/// @dev Immutable: the policy is fixed at deployment, and an issuer changes it by pointing its token at a
/// new verifier. Eligibility is read only from the governance-run registries, never from a contract the
/// user deployed or controls. A transfer between credentialed wallets costs one call to the credential
/// registry; the contract registry is asked only for a side without a credential.
contract CredentialVerifier is BaseVerifier {
    /// @notice The credential registry whose credentials, qualifier standing, sanctions and blocked flags this rule reads.
    ICredentialStatus public immutable credentials;
    /// @notice The contract registry that says which contracts may hold the token; zero when no contract may.
    IContractRegistry public immutable contracts;
    /// @notice Bit c set = credentials of class c are accepted.
    uint256 public immutable acceptedClasses;
    /// @notice True = only registered contracts whose code governance has vetted are accepted.
    bool public immutable vettedCodeOnly;

    error ZeroRegistry();

    /// @notice Fixes the registries, the accepted classes and the contract policy; none can change afterwards.
    /// @param credentials_ The credential registry.
    /// @param contracts_ The contract registry, or address(0) to accept no contracts.
    /// @param acceptedClasses_ Bit mask of accepted credential classes (0 = registered contracts only).
    /// @param vettedCodeOnly_ Accept only registered contracts whose code governance has vetted.
    constructor(
        ICredentialStatus credentials_,
        IContractRegistry contracts_,
        uint256 acceptedClasses_,
        bool vettedCodeOnly_
    ) {
        if (address(credentials_) == address(0)) revert ZeroRegistry();
        credentials = credentials_;
        contracts = contracts_;
        acceptedClasses = acceptedClasses_;
        vettedCodeOnly = vettedCodeOnly_;
    }

    /// @inheritdoc BaseVerifier
    function detectTransferRestriction(address from, address to, uint256) external view override returns (uint8) {
        (uint8 fromCode, uint8 toCode) = _statusPair(from, to);
        // Both sides hold a live credential: answer at once (the common case).
        assembly ("memory-safe") {
            if iszero(or(fromCode, toCode)) {
                mstore(0x00, 0)
                return(0x00, 0x20)
            }
        }
        if (fromCode != RestrictionCodes.SUCCESS) {
            fromCode = _contractFallback(from, fromCode);
            if (fromCode != RestrictionCodes.SUCCESS) return fromCode;
        }
        if (toCode != RestrictionCodes.SUCCESS) {
            toCode = _contractFallback(to, toCode);
            if (toCode != RestrictionCodes.SUCCESS) return toCode + RestrictionCodes.RECIPIENT_OFFSET;
        }
        return RestrictionCodes.SUCCESS;
    }

    /// @inheritdoc BaseVerifier
    function detectSendRestriction(address account) public view override returns (uint8) {
        return _check(account);
    }

    /// @inheritdoc BaseVerifier
    function detectReceiveRestriction(address account) public view override returns (uint8) {
        uint8 code = _check(account);
        return code == RestrictionCodes.SUCCESS ? code : code + RestrictionCodes.RECIPIENT_OFFSET;
    }

    /// @inheritdoc BaseVerifier
    /// @dev A spender needs no credential, but a sanctions flag or a guardian's block refuses it (a blocked
    /// router moves no holder's tokens). One call: a mask of 0 asks only for the two flags. On a chain that
    /// reads a credential mirror, a spender whose standing no recent update vouched for is refused too.
    function detectSpenderRestriction(address spender) external view override returns (uint8) {
        uint8 code = credentials.credentialStatus(spender, 0);
        if (code == RestrictionCodes.SENDER_SANCTIONED) return RestrictionCodes.SPENDER_SANCTIONED;
        if (code == RestrictionCodes.SENDER_CONTRACT_BLOCKED) return RestrictionCodes.SPENDER_BLOCKED;
        if (code == RestrictionCodes.SENDER_MIRROR_STALE) return RestrictionCodes.SPENDER_MIRROR_STALE;
        return RestrictionCodes.SUCCESS;
    }

    /// @dev {ICredentialStatus-credentialStatusPair} with the accepted classes, called in assembly with a
    /// fixed-size answer (on the hot path of every transfer). Reverts if the registry fails or answers
    /// anything but exactly two words, each a code; the token then refuses the transfer.
    function _statusPair(address from, address to) private view returns (uint8 fromCode, uint8 toCode) {
        address registry = address(credentials);
        uint256 mask = acceptedClasses;
        bytes4 selector = ICredentialStatus.credentialStatusPair.selector;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, selector)
            mstore(add(m, 0x04), from)
            mstore(add(m, 0x24), to)
            mstore(add(m, 0x44), mask)
            if iszero(staticcall(gas(), registry, m, 0x64, 0x00, 0x40)) { revert(0, 0) }
            fromCode := mload(0x00)
            toCode := mload(0x20)
            if or(iszero(eq(returndatasize(), 0x40)), gt(or(fromCode, toCode), 0xff)) { revert(0, 0) }
        }
    }

    /// @dev Sender-side code for `account`.
    function _check(address account) private view returns (uint8 code) {
        code = credentials.credentialStatus(account, acceptedClasses);
        if (code != RestrictionCodes.SUCCESS) code = _contractFallback(account, code);
    }

    /// @dev A side that fails the credential check may still pass as an eligible registered contract,
    /// unless it is sanctioned or blocked (a block beats everything), or, on a chain that reads a credential
    /// mirror, no recent update vouched that it is neither. A contract eligible only because its
    /// accountable registration outlived its window (code not vetted) passes only while its registrant
    /// passes this token's own credential check: a registrant can neither bring in a class this token
    /// refuses nor keep trading once sanctioned, blocked or revoked. Returns a sender-side code.
    function _contractFallback(address account, uint8 credentialCode) private view returns (uint8) {
        if (
            credentialCode == RestrictionCodes.SENDER_SANCTIONED || credentialCode == RestrictionCodes.SENDER_CONTRACT_BLOCKED
                || credentialCode == RestrictionCodes.SENDER_MIRROR_STALE || address(contracts) == address(0)
        ) {
            return credentialCode;
        }
        (IContractRegistry.Status status, address registrant) = contracts.eligibilityOf(account, vettedCodeOnly);
        if (status == IContractRegistry.Status.Registered) {
            if (registrant == address(0) || credentials.credentialStatus(registrant, acceptedClasses) == RestrictionCodes.SUCCESS) {
                return RestrictionCodes.SUCCESS;
            }
            return RestrictionCodes.SENDER_CONTRACT_REGISTRANT_NOT_QUALIFIED;
        }
        if (status == IContractRegistry.Status.Blocked) return RestrictionCodes.SENDER_CONTRACT_BLOCKED;
        if (status == IContractRegistry.Status.InChallengeWindow) return RestrictionCodes.SENDER_CONTRACT_IN_CHALLENGE_WINDOW;
        if (status == IContractRegistry.Status.CodeChanged) return RestrictionCodes.SENDER_CONTRACT_CODE_CHANGED;
        if (status == IContractRegistry.Status.CodeNotVetted) return RestrictionCodes.SENDER_CONTRACT_CODE_NOT_VETTED;
        return credentialCode;
    }
}
