// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {CredentialMirror} from "../../contracts/crosschain/CredentialMirror.sol";
import {MirroredContractRegistry} from "../../contracts/crosschain/MirroredContractRegistry.sol";
import {CredentialVerifier} from "../../contracts/verifiers/CredentialVerifier.sol";
import {ICredentialStatus} from "../../contracts/interfaces/ICredentialStatus.sol";
import {IContractRegistry} from "../../contracts/interfaces/IContractRegistry.sol";
import {CredentialIndex} from "../../contracts/libraries/CredentialIndex.sol";
import {RestrictionCodes} from "../../contracts/libraries/RestrictionCodes.sol";

/// @notice A vault of unvetted code (no DELEGATECALL, CALLCODE or SELFDESTRUCT) its owner registers on the L2.
contract Attack2Vault {
    /// @notice Tells this code apart.
    function attack2Kind() external pure returns (uint256) {
        return 0xA2;
    }
}

/// @notice Attacks on the L2 contract registry's takeover rule and on vetting withdrawals, with a
/// CredentialVerifier deployed over the mirror and the registry exactly as on the L2. This contract is the
/// mirror's messenger, so each message it delivers is what a relay from home would deliver.
contract MirroredRegistryAttack2Test is Test {
    uint40 internal constant MAX_STALENESS = 30 days;
    uint40 internal constant WINDOW = 7 days;
    uint8 internal constant BOND_CLASS = 1;
    uint8 internal constant OTHER_CLASS = 2;

    CredentialMirror internal mirror;
    MirroredContractRegistry internal registry;
    CredentialVerifier internal verifier;
    address internal vault;
    address internal alice = address(0xA11CE); // the vault's owner and registrant, holds the bond's class
    address internal bob = address(0xB0B); // a holder of the bond
    address internal mallory = address(0xBAD); // a passer-by with a credential of another class
    uint256 internal seq;

    function _send(uint256 kind, uint256 key, uint256 value) private {
        mirror.receiveMessage(abi.encode(kind, ++seq, block.timestamp, key, value));
    }

    function _credential(address wallet, uint16 qualifier, uint8 class, uint256 expiresAt) private {
        _send(1, uint160(wallet), CredentialIndex.encode(qualifier, class, uint32(expiresAt)));
    }

    function setUp() public {
        vm.warp(1_000_000);
        mirror = new CredentialMirror(address(this), MAX_STALENESS);
        registry = new MirroredContractRegistry(mirror, WINDOW);
        verifier = new CredentialVerifier(ICredentialStatus(address(mirror)), IContractRegistry(address(registry)), 1 << BOND_CLASS, false);
        _send(2, 1, 1); // qualifier 1 (the bond's class) active
        _send(2, 2, 1); // qualifier 2 active
        _credential(bob, 1, BOND_CLASS, block.timestamp + 365 days);
        _credential(mallory, 2, OTHER_CLASS, block.timestamp + 365 days);
        vault = address(new Attack2Vault());
        _send(1, uint160(vault), 0); // home vouches for the vault: neither sanctioned nor blocked
    }

    /// @dev Alice registers her vault and waits out the window: the vault then holds and moves the bond.
    function _aliceVaultInUse(uint256 aliceExpiry) private {
        _credential(alice, 1, BOND_CLASS, aliceExpiry);
        vm.prank(alice);
        registry.register(vault);
        vm.warp(block.timestamp + WINDOW + 1);
        assertEq(verifier.detectTransferRestriction(vault, bob, 1), RestrictionCodes.SUCCESS, "baseline: the vault moves the bond");
    }

    /// @notice A qualifier suspended for an hour at home (then reinstated) must not let a passer-by steal
    /// every registration its holders filed on the L2, freeze the bond in those contracts for a new window
    /// and then lock them out of the bond for good (the passer-by lacks the bond's class and stays
    /// identifiable, so the owner can never take the record back).
    function test_aShortSuspensionDoesNotLetAPasserByStealARegistration() public {
        _aliceVaultInUse(block.timestamp + 365 days);
        // Home suspends qualifier 1 for an hour; the keeper relays the suspension at once.
        _send(2, 1, 0);
        vm.prank(mallory);
        try registry.register(vault) {} catch {}
        vm.warp(block.timestamp + 1 hours);
        _send(2, 1, 1); // reinstated at home, relayed
        vm.prank(alice);
        try registry.register(vault) {} catch {}

        assertEq(registry.registration(vault).registrant, alice, "the owner's registration survives a one-hour suspension");
        assertEq(
            verifier.detectTransferRestriction(vault, bob, 1),
            RestrictionCodes.SUCCESS,
            "once reinstated, the bond in the vault moves again (not frozen for a new window)"
        );
        vm.warp(block.timestamp + WINDOW + 1);
        _send(1, uint160(vault), 0); // the vault kept vouched for
        _credential(alice, 1, BOND_CLASS, block.timestamp + 365 days);
        assertEq(
            verifier.detectTransferRestriction(vault, bob, 1),
            RestrictionCodes.SUCCESS,
            "nor locked out for good behind a registrant of another class"
        );
    }

    /// @notice The same theft needs no home action at all: a credential reaching its own expiry while its
    /// renewal is in flight (renewed at home, not yet relayed) opens the record to anyone identifiable.
    function test_aRenewalInFlightDoesNotOpenTheRecordToAnyone() public {
        uint256 expiry = block.timestamp + WINDOW + 10 days;
        _aliceVaultInUse(expiry);
        vm.warp(expiry); // expired on the L2; renewed at home the same minute, the sync not relayed yet
        vm.prank(mallory);
        try registry.register(vault) {} catch {}
        _credential(alice, 1, BOND_CLASS, block.timestamp + 365 days); // the renewal arrives
        _send(1, uint160(vault), 0);

        assertEq(registry.registration(vault).registrant, alice, "a renewal race does not hand the record to a passer-by");
        assertEq(verifier.detectTransferRestriction(vault, bob, 1), RestrictionCodes.SUCCESS, "the bond in the vault moves once renewed");
    }

    /// @notice Home governance withdraws the vetting of a code hash found defective: every instance on the
    /// L2 stops, whoever registered it (the L2 has no governance to deregister the rest). Today an instance
    /// registered by a credentialed account (whose window ran out while the code was vetted, and whose code
    /// was never scanned on the L2) stays eligible through its registrant.
    function test_aWithdrawnVettingStopsEveryInstanceOnTheL2() public {
        _credential(alice, 1, BOND_CLASS, block.timestamp + 365 days);
        bytes32 codeHash = vault.codehash;
        _send(3, uint256(codeHash), 1); // vetted at home, relayed
        vm.prank(alice);
        registry.register(vault);
        assertEq(verifier.detectTransferRestriction(vault, bob, 1), RestrictionCodes.SUCCESS, "vetted: eligible at once");
        vm.warp(block.timestamp + WINDOW + 1);
        _send(1, uint160(vault), 0);
        _send(3, uint256(codeHash), 0); // governance withdraws the vetting at home; relayed
        (IContractRegistry.Status status,) = registry.eligibilityOf(vault, false);
        assertTrue(status != IContractRegistry.Status.Registered, "a withdrawn vetting leaves no instance registered");
        assertTrue(verifier.detectTransferRestriction(bob, vault, 1) != RestrictionCodes.SUCCESS, "the withdrawn code receives no bond");
    }
}
