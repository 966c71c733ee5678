// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {System, Pool} from "./utils/System.sol";
import {CredentialRegistry} from "../../contracts/registries/CredentialRegistry.sol";
import {ContractRegistry} from "../../contracts/registries/ContractRegistry.sol";
import {CredentialIndex} from "../../contracts/libraries/CredentialIndex.sol";
import {Jurisdiction} from "../../contracts/libraries/Jurisdiction.sol";
import {RestrictionCodes} from "../../contracts/libraries/RestrictionCodes.sol";

/// @dev Exposes the library so a failing validation can be caught.
contract JurisdictionHarness {
    function validate(uint16 j) external pure {
        Jurisdiction.validate(j);
    }
}

contract RegistriesFuzzTest is Test {
    using CredentialIndex for uint256;

    System.Deployment internal d;
    address[] internal qualifiers;

    function setUp() public {
        for (uint256 i = 1; i <= 4; ++i) {
            qualifiers.push(address(uint160(0x9000 + i)));
        }
        d = System.deploy(address(this), qualifiers);
    }

    /// Entries written into a wallet word read back unchanged, and never disturb the others.
    function testFuzz_indexEntriesRoundTrip(uint256 word, uint16 q, uint8 c, uint32 expiry, uint8 slotSeed) public pure {
        uint256 slot = slotSeed % CredentialIndex.MAX_ENTRIES;
        uint256 entry = CredentialIndex.encode(q, c, expiry);
        uint256 updated = word.withEntry(slot, entry);
        assertEq(updated.entryAt(slot).qualifierOf(), q, "qualifier");
        assertEq(updated.entryAt(slot).classOf(), c, "class");
        assertEq(updated.entryAt(slot).expiryOf(), expiry, "expiry");
        for (uint256 i; i < CredentialIndex.MAX_ENTRIES; ++i) {
            if (i != slot) assertEq(updated.entryAt(i), word.entryAt(i), "other entries untouched");
        }
        assertTrue(updated.isSanctioned() == word.isSanctioned(), "sanctions flag untouched");
    }

    /// ISO 3166 validation accepts exactly numeric 1-999 and two upper-case letters.
    function testFuzz_jurisdictionValidation(uint16 j) public {
        JurisdictionHarness h = new JurisdictionHarness();
        uint16 hi = j >> 8;
        uint16 lo = j & 0xff;
        bool expected = (j >= 1 && j <= 999) || (j >= 1000 && hi >= 0x41 && hi <= 0x5a && lo >= 0x41 && lo <= 0x5a);
        bool ok;
        try h.validate(j) {
            ok = true;
        } catch {}
        assertTrue(ok == expected, "jurisdiction validity");
    }

    /// Whatever credentials a wallet holds, it passes only if one is unexpired and from an active qualifier;
    /// suspending all of its qualifiers always stops it.
    function testFuzz_suspendedQualifiersNeverPass(uint8 issuedMask, uint8 suspendedMask, uint32 dt) public {
        address holder = address(0xBEEF);
        issuedMask = uint8(bound(issuedMask, 1, 15));
        uint256 start = block.timestamp;
        for (uint256 i; i < 4; ++i) {
            if ((issuedMask >> i) & 1 == 0) continue;
            vm.prank(qualifiers[i]);
            d.credentials.issue(
                CredentialRegistry.Issuance(holder, System.CLASS_PROFESSIONAL, System.CH, uint40(start + (i + 1) * 1 days))
            );
        }
        for (uint256 i; i < 4; ++i) {
            if ((suspendedMask >> i) & 1 == 1) d.credentials.suspendQualifier(uint16(i + 1), "fuzz");
        }
        uint256 later = start + bound(dt, 0, 5 days);
        vm.warp(later);
        bool anyLive;
        for (uint256 i; i < 4; ++i) {
            bool issued = (issuedMask >> i) & 1 == 1;
            bool active = (suspendedMask >> i) & 1 == 0;
            bool unexpired = later < start + (i + 1) * 1 days;
            if (issued && active && unexpired) anyLive = true;
        }
        uint8 code = d.credentials.credentialStatus(holder, 1 << System.CLASS_PROFESSIONAL);
        assertTrue((code == RestrictionCodes.SUCCESS) == anyLive, "passes iff a live credential from an active qualifier");
        if (suspendedMask & issuedMask == issuedMask) assertTrue(code != RestrictionCodes.SUCCESS, "all qualifiers suspended");
    }

    /// The contract registry refuses any address without code and any EIP-7702 delegated account.
    function testFuzz_contractRegistryRefusesNonContracts(address target, address delegate) public {
        vm.assume(target.code.length == 0 && uint160(target) > 0xffff);
        vm.expectRevert(abi.encodeWithSelector(ContractRegistry.NotAContract.selector, target));
        d.contracts.register(target);
        vm.etch(target, abi.encodePacked(bytes3(0xef0100), delegate));
        vm.expectRevert(abi.encodeWithSelector(ContractRegistry.DelegatedAccount.selector, target));
        d.contracts.register(target);
    }

    /// Anyone registers vetted code, is recorded as its registrant, and a block always wins.
    function testFuzz_registerThenBlock(address registrant) public {
        vm.assume(registrant != address(0));
        Pool pool = new Pool();
        d.contracts.setCodeVetted(address(pool), true, "fuzz pool");
        vm.prank(registrant);
        d.contracts.register(address(pool));
        assertEq(d.contracts.registration(address(pool)).registrant, registrant, "registrant recorded");
        assertTrue(d.verifier.detectReceiveRestriction(address(pool)) == RestrictionCodes.SUCCESS, "vetted: eligible at once");
        d.contracts.blockContract(address(pool), "fuzz");
        assertTrue(d.verifier.detectReceiveRestriction(address(pool)) == RestrictionCodes.RECIPIENT_CONTRACT_BLOCKED, "blocked");
    }

    /// Unvetted code registered by an identifiable registrant is eligible exactly when its window has
    /// passed, or at once when governance vets its code meanwhile; an unidentifiable registrant is refused.
    function testFuzz_challengeWindow(uint40 window, uint40 elapsed, bool vetLater, address stranger) public {
        window = uint40(bound(window, 0, d.contracts.MAX_CHALLENGE_WINDOW()));
        elapsed = uint40(bound(elapsed, 0, 60 days));
        d.contracts.setChallengeWindow(window);
        Pool pool = new Pool();
        vm.assume(stranger != address(this) && stranger != address(0));
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(ContractRegistry.RegistrantNotIdentifiable.selector, stranger));
        d.contracts.register(address(pool));
        d.contracts.register(address(pool)); // governance is identifiable
        vm.warp(block.timestamp + elapsed);
        if (vetLater) d.contracts.setCodeVetted(address(pool), true, "fuzz pool");
        bool eligible = d.verifier.detectReceiveRestriction(address(pool)) == RestrictionCodes.SUCCESS;
        assertTrue(eligible == (vetLater || elapsed >= window), "eligible iff vetted or past the window");
    }

    /// Whatever a wallet holds, its sanctions and blocked flags decide first: the registry's code for any
    /// class mask matches the model.
    function testFuzz_blockBeatsCredential(bool blocked, bool sanctioned, uint256 classMask, uint32 ttl) public {
        address wallet = address(0xBEEF);
        vm.prank(qualifiers[0]);
        d.credentials.issue(
            CredentialRegistry.Issuance(wallet, System.CLASS_PROFESSIONAL, System.CH, uint40(block.timestamp + 1 + (ttl % 365 days)))
        );
        if (blocked) d.contracts.blockContract(wallet, "fuzz");
        address[] memory list = new address[](1);
        list[0] = wallet;
        d.credentials.setSanctioned(list, sanctioned, "fuzz");
        uint8 code = d.credentials.credentialStatus(wallet, classMask);
        uint8 expected = sanctioned
            ? RestrictionCodes.SENDER_SANCTIONED
            : blocked
                ? RestrictionCodes.SENDER_CONTRACT_BLOCKED
                : (classMask >> System.CLASS_PROFESSIONAL) & 1 == 1 ? RestrictionCodes.SUCCESS : RestrictionCodes.SENDER_NOT_QUALIFIED;
        assertEq(code, expected, "credential status");
        assertTrue(d.credentials.isBlocked(wallet) == blocked, "blocked flag");
        assertTrue(d.credentials.isSanctioned(wallet) == sanctioned, "sanctions flag unaffected by the block");
    }
}
