// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {CodeScan} from "../../contracts/libraries/CodeScan.sol";

/// @notice The scan written plainly, byte by byte, as the rules read: the model the assembly must match.
library ReferenceScan {
    function firstForbidden(bytes memory code) internal pure returns (bool, uint256, uint8) {
        bool live = true;
        uint256 i = 0;
        while (i < code.length) {
            uint8 op = uint8(code[i]);
            if (op == 0x5b) live = true;
            if (live && (op == 0xf2 || op == 0xf4 || op == 0xff)) return (true, i, op);
            if (op >= 0x60 && op <= 0x7f) {
                i += 1 + (op - 0x5f);
                continue;
            }
            if (op == 0x00 || op == 0x56 || op == 0xf3 || op == 0xfd || op == 0xfe) live = false;
            i += 1;
        }
        return (false, 0, 0);
    }
}

contract CodeScanFuzzTest is Test {
    /// @dev Opcodes that matter to the scan, so that random code is mostly made of them.
    bytes internal constant ALPHABET = hex"00015b5b565760617f7ff2f4fffefdf33031";

    /// The assembly scan agrees with the reference on any bytes.
    function testFuzz_matchesReferenceOnRandomBytes(bytes memory code) public pure {
        _compare(code);
    }

    /// The assembly scan agrees with the reference on code built from the opcodes that matter (pushes
    /// hiding forbidden bytes, terminators, jump destinations in and out of push data).
    function testFuzz_matchesReferenceOnStructuredCode(uint256[4] memory seeds, uint8 length) public pure {
        bytes memory code = new bytes(length);
        for (uint256 i; i < length; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seeds, i)));
            code[i] = ALPHABET[r % ALPHABET.length];
        }
        _compare(code);
    }

    /// Reading deployed code gives the same answer as reading the bytes.
    function testFuzz_deployedCodeMatchesBytes(bytes memory code) public {
        vm.assume(code.length > 0 && uint8(code[0]) != 0xef);
        address target = address(0xC0DE5CA9);
        vm.etch(target, code);
        (bool f1, uint256 o1, uint8 c1) = CodeScan.firstForbiddenAt(target);
        (bool f2, uint256 o2, uint8 c2) = ReferenceScan.firstForbidden(code);
        assertTrue(f1 == f2, "found");
        assertEq(o1, o2, "offset");
        assertEq(c1, c2, "opcode");
    }

    function test_forbiddenInstructionsAreFound() public pure {
        _expect(hex"f4", true, 0, 0xf4); // DELEGATECALL
        _expect(hex"6001f2", true, 2, 0xf2); // PUSH1 01, CALLCODE
        _expect(hex"5bff", true, 1, 0xff); // JUMPDEST, SELFDESTRUCT
        // After a terminator, a JUMPDEST makes the bytes reachable again.
        _expect(hex"005bf4", true, 2, 0xf4);
        // In step with the EVM: STOP, PUSH2 5b7f, then a real JUMPDEST and DELEGATECALL. A reader that
        // resumed at the first 0x5b byte would take 7f for PUSH32 and skip the DELEGATECALL.
        _expect(hex"00615b7f5bf4", true, 5, 0xf4);
    }

    function test_dataIsNotInstructions() public pure {
        _expect(hex"7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", false, 0, 0); // PUSH32 of ff
        _expect(hex"63f4f2ff5b00", false, 0, 0); // PUSH4 f4f2ff5b, STOP
        // Metadata after the final INVALID: unreachable bytes.
        _expect(hex"6000fea2646970667358f4f2ff", false, 0, 0);
        // A PUSH at the very end whose immediate runs past the code.
        _expect(hex"607f", false, 0, 0);
        _expect(hex"", false, 0, 0);
    }

    function _expect(bytes memory code, bool found, uint256 offset, uint8 opcode) internal pure {
        (bool f, uint256 o, uint8 c) = CodeScan.firstForbidden(code);
        assertTrue(f == found, "found");
        assertEq(o, offset, "offset");
        assertEq(c, opcode, "opcode");
        _compare(code);
    }

    function _compare(bytes memory code) internal pure {
        (bool f1, uint256 o1, uint8 c1) = CodeScan.firstForbidden(code);
        (bool f2, uint256 o2, uint8 c2) = ReferenceScan.firstForbidden(code);
        assertTrue(f1 == f2, "found");
        assertEq(o1, o2, "offset");
        assertEq(c1, c2, "opcode");
    }
}
