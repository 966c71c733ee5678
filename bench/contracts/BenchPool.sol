// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Stands in for a DeFi pool in the gas benchmark: a deployed contract that holds tokens.
contract BenchPool {
    function kind() external pure returns (string memory) {
        return "pool";
    }
}
