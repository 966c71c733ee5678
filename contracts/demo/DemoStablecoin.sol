// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @notice A plain USD stablecoin for the demo's liquidity pool (6 decimals, owner mints).
contract DemoStablecoin is ERC20, Ownable {
    constructor(address owner_) ERC20("Demo USD", "dUSD") Ownable(owner_) {}

    /// @notice Mints `amount` to `to`. Owner only.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @notice Six decimals, as USD stablecoins have.
    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
