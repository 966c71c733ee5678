// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IContractRegistry
/// @notice What a verifier asks of the contract registry.
interface IContractRegistry {
    /// @dev Only Registered is eligible to hold and move tokens.
    enum Status {
        Unregistered,
        /// Registered, code unchanged, and either its code is vetted or its accountable registration
        /// has outlived its challenge window.
        Registered,
        /// Blocked by a guardian.
        Blocked,
        /// Registered by an identifiable registrant, code not vetted, challenge window still running.
        InChallengeWindow,
        /// The code at the address is no longer the code that was registered.
        CodeChanged,
        /// The code is not vetted and the question asked for vetted code only, or the registrant was
        /// not identifiable and governance has since withdrawn the vetting.
        CodeNotVetted
    }

    /// @notice `target`'s status for a token that accepts any registered contract.
    function statusOf(address target) external view returns (Status);

    /// @notice `target`'s status; with `vettedCodeOnly`, a contract whose code governance has not vetted
    /// is CodeNotVetted even after its challenge window.
    /// @return status The status.
    /// @return answerableRegistrant When `status` is Registered only because an accountable registration
    /// outlived its window (its code is not vetted, and governance did not file it, whoever holds the
    /// role now): the registrant, who must pass the asking token's own credential check for the contract
    /// to be accepted. Otherwise zero.
    function eligibilityOf(address target, bool vettedCodeOnly)
        external
        view
        returns (Status status, address answerableRegistrant);
}
