// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title TokenBucket
/// @notice A rate limit as production bridges keep one: a bucket holds up to `capacity` units and refills at
/// `refillPerSecond`; a transfer takes its amount out of the bucket or is refused.
library TokenBucket {
    struct Bucket {
        uint128 capacity;
        uint128 refillPerSecond;
        uint128 level;
        uint40 updatedAt;
    }

    /// @notice The bucket holds less than the amount asked for.
    error RateLimited(uint256 amount, uint256 available);

    /// @notice What the bucket holds now.
    function available(Bucket storage b) internal view returns (uint256) {
        uint256 level = uint256(b.level) + (block.timestamp - b.updatedAt) * uint256(b.refillPerSecond);
        return level < b.capacity ? level : b.capacity;
    }

    /// @notice Takes `amount` out of the bucket, or reverts with {RateLimited}.
    function consume(Bucket storage b, uint256 amount) internal {
        uint256 level = available(b);
        if (amount > level) revert RateLimited(amount, level);
        b.level = uint128(level - amount);
        b.updatedAt = uint40(block.timestamp);
    }

    /// @notice Takes `amount` out of the bucket if it holds that much; never reverts.
    /// @return taken Whether the amount was taken (the bucket is unchanged when not).
    function tryConsume(Bucket storage b, uint256 amount) internal returns (bool taken) {
        uint256 level = available(b);
        if (amount > level) return false;
        b.level = uint128(level - amount);
        b.updatedAt = uint40(block.timestamp);
        return true;
    }

    /// @notice Sets the limit. A bucket never configured before starts full; one stopped with capacity zero
    /// starts empty (lifting a stop lets out only what refills from then on); otherwise what it holds is
    /// kept, up to the new capacity.
    function configure(Bucket storage b, uint128 capacity, uint128 refillPerSecond) internal {
        uint256 level = b.updatedAt == 0 ? capacity : available(b);
        b.capacity = capacity;
        b.refillPerSecond = refillPerSecond;
        b.level = uint128(level < capacity ? level : capacity);
        b.updatedAt = uint40(block.timestamp);
    }
}
