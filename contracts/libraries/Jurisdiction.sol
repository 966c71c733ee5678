// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

/// @title Jurisdiction
/// @notice ISO 3166 country codes in a uint16: numeric codes 1-999 as they are, alpha-2 codes as two
/// upper-case ASCII bytes (e.g. "CH" = 0x4348). The two ranges cannot collide (0x4141 > 999).
library Jurisdiction {
    error InvalidJurisdiction(uint16 jurisdiction);

    /// @notice Reverts unless `j` is a numeric code in 1-999 or two letters A-Z.
    function validate(uint16 j) internal pure {
        if (j < 1000) {
            if (j == 0) revert InvalidJurisdiction(j);
            return;
        }
        uint16 hi = j >> 8;
        uint16 lo = j & 0xff;
        if (hi < 0x41 || hi > 0x5a || lo < 0x41 || lo > 0x5a) revert InvalidJurisdiction(j);
    }

    /// @notice "756" for a numeric code, "CH" for an alpha-2 code.
    function toString(uint16 j) internal pure returns (string memory) {
        if (j < 1000) return Strings.toString(j);
        return string(abi.encodePacked(bytes2(j)));
    }
}
