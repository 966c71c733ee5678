// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {CredentialMirror} from "../../contracts/crosschain/CredentialMirror.sol";
import {CredentialIndex} from "../../contracts/libraries/CredentialIndex.sol";
import {TokenBucket} from "../../contracts/libraries/TokenBucket.sol";
import {RestrictionCodes} from "../../contracts/libraries/RestrictionCodes.sol";

/// @notice A bucket to drive from the fuzzer.
contract BucketHarness {
    using TokenBucket for TokenBucket.Bucket;

    TokenBucket.Bucket internal b;

    function configure(uint128 capacity, uint128 rate) external {
        b.configure(capacity, rate);
    }

    function consume(uint256 amount) external {
        b.consume(amount);
    }

    function available() external view returns (uint256) {
        return b.available();
    }
}

/// @notice The staleness bound and the token bucket, fuzzed against their plain statements.
contract CrossChainFuzzTest is Test {
    uint40 internal constant MAX_STALENESS = 1 days;
    uint256 internal constant CLASS = 1;

    /// @dev Whatever a wallet message says and whenever it arrives, the mirror never accepts the credential
    /// at or after `min(expiry, min(sentAt, arrival) + maxStaleness)`, and accepts it before that.
    function testFuzz_mirroredCredentialNeverOutlivesTheBound(uint40 arrival, uint40 sentAt, uint32 expiry, uint40 later) public {
        arrival = uint40(bound(arrival, 1_000, type(uint32).max - 2 * uint256(MAX_STALENESS)));
        sentAt = uint40(bound(sentAt, 0, uint256(arrival) + 30 days));
        vm.warp(arrival);
        CredentialMirror mirror = new CredentialMirror(address(this), MAX_STALENESS);
        address wallet = address(0xA11CE);
        uint256 word = CredentialIndex.encode(1, uint8(CLASS), expiry);
        mirror.receiveMessage(abi.encode(uint256(1), uint256(1), uint256(sentAt), uint256(uint160(wallet)), word));

        uint256 read = sentAt < arrival ? sentAt : arrival;
        uint256 end = read + MAX_STALENESS;
        if (expiry < end) end = expiry;
        uint256 t = bound(later, arrival, uint256(arrival) + 3 * uint256(MAX_STALENESS));
        vm.warp(t);
        bool valid = mirror.hasValidCredential(wallet, 1 << CLASS);
        assertTrue(valid == (t < end), "valid exactly until min(expiry, min(sentAt, arrival) + maxStaleness)");
        if (!valid) {
            // Once no message vouches for the wallet (the cap passed), stale whatever its expiry: home may
            // hold a renewal. Within the cap, a credential past its own expiry is expired.
            uint8 expected = t >= read + MAX_STALENESS
                ? RestrictionCodes.SENDER_MIRROR_STALE
                : RestrictionCodes.SENDER_CREDENTIAL_EXPIRED;
            assertEq(uint256(mirror.credentialStatus(wallet, 1 << CLASS)), uint256(expected), "stale exactly when the bound passed");
            assertTrue(mirror.isFresh(wallet) == (t < read + MAX_STALENESS), "fresh until the bound");
        }
    }

    /// @dev Entries of one message share one cap, so a stale entry never coexists with a live one. A wallet
    /// whose entries all lapsed, one by its own expiry and one by the cap, is told it is stale (a sync may
    /// revive the second), in either order; one whose own-expired entry sits beside a live entry of a
    /// suspended qualifier is told about the suspension.
    function testFuzz_staleOutranksExpired(bool staleFirst, uint32 ownExpiryAfter) public {
        vm.warp(1_000_000);
        CredentialMirror mirror = new CredentialMirror(address(this), MAX_STALENESS);
        address wallet = address(0xB0B);
        uint256 start = block.timestamp;
        uint32 far = uint32(start + 10 * uint256(MAX_STALENESS));
        uint32 soon = uint32(start + bound(ownExpiryAfter, 1, MAX_STALENESS - 1));
        // Qualifier 2 is suspended.
        mirror.receiveMessage(abi.encode(uint256(2), uint256(1), start, uint256(2), uint256(0)));
        for (uint256 round; round < 2; ++round) {
            vm.warp(start);
            uint256 expired = CredentialIndex.encode(1, uint8(CLASS), soon);
            uint256 other = CredentialIndex.encode(round == 0 ? 1 : 2, uint8(CLASS) + 1, far);
            uint256 word = staleFirst
                ? CredentialIndex.withEntry(CredentialIndex.withEntry(0, 0, other), 1, expired)
                : CredentialIndex.withEntry(CredentialIndex.withEntry(0, 0, expired), 1, other);
            mirror.receiveMessage(abi.encode(uint256(1), uint256(2 + round), start, uint256(uint160(wallet)), word));
            vm.warp(round == 0 ? start + MAX_STALENESS : uint256(soon));
            uint8 expected = round == 0 ? RestrictionCodes.SENDER_MIRROR_STALE : RestrictionCodes.SENDER_QUALIFIER_SUSPENDED;
            assertEq(uint256(mirror.credentialStatus(wallet, 3 << CLASS)), uint256(expected), "the most telling refusal");
        }
    }

    /// @dev Over any sequence of takes, a bucket never lets out more than its capacity plus what refilled.
    function testFuzz_bucketNeverReleasesMoreThanItRefills(uint128 capacity, uint128 rate, uint256[8] memory takes, uint16[8] memory gaps) public {
        capacity = uint128(bound(capacity, 1, 1e30));
        rate = uint128(bound(rate, 0, 1e24));
        BucketHarness b = new BucketHarness();
        uint256 start = block.timestamp;
        b.configure(capacity, rate);
        uint256 taken;
        for (uint256 i; i < takes.length; ++i) {
            vm.warp(block.timestamp + gaps[i]);
            uint256 amount = bound(takes[i], 0, uint256(capacity) * 2);
            try b.consume(amount) {
                taken += amount;
            } catch {}
            assertLe(b.available(), capacity, "never above capacity");
            assertLe(taken, uint256(capacity) + (block.timestamp - start) * uint256(rate), "never more than capacity + refill");
        }
    }

    /// @dev A bucket stopped with capacity zero and then given a capacity again starts empty: nothing can leave
    /// at once the moment the stop is lifted, only what refills from then on.
    function testFuzz_bucketRestartedAfterStopStartsEmpty(
        uint128 capacity,
        uint128 rate,
        uint128 newCapacity,
        uint128 newRate,
        uint16 stopped,
        uint16 later,
        uint256 take
    ) public {
        capacity = uint128(bound(capacity, 1, 1e30));
        rate = uint128(bound(rate, 0, 1e24));
        newCapacity = uint128(bound(newCapacity, 1, 1e30));
        newRate = uint128(bound(newRate, 0, 1e24));
        BucketHarness b = new BucketHarness();
        b.configure(capacity, rate);
        assertEq(b.available(), capacity, "a bucket configured the first time starts full");
        b.consume(bound(take, 0, capacity));
        b.configure(0, 0);
        assertEq(b.available(), 0, "a stopped bucket lets nothing out");
        vm.warp(block.timestamp + stopped);
        uint256 restart = block.timestamp;
        b.configure(newCapacity, newRate);
        assertEq(b.available(), 0, "a restarted bucket starts empty");
        vm.warp(block.timestamp + later);
        uint256 refilled = (block.timestamp - restart) * uint256(newRate);
        assertEq(b.available(), refilled < newCapacity ? refilled : newCapacity, "then refills from empty");
    }
}
