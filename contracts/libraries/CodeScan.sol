// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title CodeScan
/// @notice Finds the first reachable DELEGATECALL (0xf4), CALLCODE (0xf2) or SELFDESTRUCT (0xff) in runtime
/// code: code that can run another contract's code in its own context (a proxy, a clone) or destroy itself
/// can change what it does without its code hash changing, so a code hash says nothing about it.
/// @dev The code is read instruction by instruction, as the EVM's own jump-destination analysis reads
/// it: the immediates of PUSH1..PUSH32 are data, never instructions. Bytes after STOP, JUMP, RETURN, REVERT
/// or INVALID and before the next JUMPDEST cannot be reached (execution does not fall through those, and
/// a jump lands only on a JUMPDEST), so a forbidden byte there is not an instruction that can run: this is
/// what lets the compiler's metadata after the final INVALID contain any byte. The reading never loses step
/// with the EVM's (it skips immediates in unreachable bytes too), so a JUMPDEST the EVM accepts is always
/// seen. Undefined opcodes are not treated as terminators, since a later fork may define them.
library CodeScan {
    /// @dev Bit n set = opcode n is refused.
    uint256 internal constant FORBIDDEN = (1 << 0xf2) | (1 << 0xf4) | (1 << 0xff);
    /// @dev Bit n set = execution never continues to the next byte after opcode n.
    uint256 internal constant TERMINATORS = (1 << 0x00) | (1 << 0x56) | (1 << 0xf3) | (1 << 0xfd) | (1 << 0xfe);

    /// @notice The first reachable forbidden instruction in `code`.
    /// @return found Whether there is one.
    /// @return offset Its byte offset in `code` (0 when none).
    /// @return opcode The opcode (0 when none).
    function firstForbidden(bytes memory code) internal pure returns (bool found, uint256 offset, uint8 opcode) {
        uint256 forbidden = FORBIDDEN;
        uint256 terminators = TERMINATORS;
        assembly ("memory-safe") {
            let start := add(code, 0x20)
            let end := add(start, mload(code))
            let live := 1
            for { let p := start } lt(p, end) { p := add(p, 1) } {
                let op := byte(0, mload(p))
                if eq(op, 0x5b) { live := 1 }
                if and(live, and(shr(op, forbidden), 1)) {
                    found := 1
                    offset := sub(p, start)
                    opcode := op
                    break
                }
                // PUSH1 (0x60) .. PUSH32 (0x7f): skip the immediate.
                if eq(shr(5, op), 3) { p := add(p, sub(op, 0x5f)) }
                if and(shr(op, terminators), 1) { live := 0 }
            }
        }
    }

    /// @notice The first reachable forbidden instruction in the code deployed at `target`.
    function firstForbiddenAt(address target) internal view returns (bool found, uint256 offset, uint8 opcode) {
        return firstForbidden(target.code);
    }
}
