// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

/// @title PackedERC20
/// @notice ERC-20 core whose per-wallet record packs the balance, the frozen amount and the
/// wallet-freeze flag into one storage slot.
/// @dev Same external behaviour and ERC-6093 errors as OpenZeppelin's ERC20, with one difference:
/// the total supply is capped at 2^120 - 1 base units. The packing is the point: a restricted
/// transfer must check both wallets' freeze state, and here that costs no extra storage read.
/// Public transfer functions are left to the inheriting token, which must check its rules first.
abstract contract PackedERC20 is IERC20, IERC20Metadata, IERC20Errors {
    /// @dev One slot per wallet.
    struct Account {
        uint120 balance;
        uint120 frozen;
        bool walletFrozen;
    }

    /// @notice The largest total supply in base units (about 1.3e36).
    uint256 public constant MAX_SUPPLY = type(uint120).max;

    /// @dev Where the fields of {Account} sit in its storage word, for code that reads the raw word once.
    uint256 internal constant BALANCE_MASK = type(uint120).max;
    uint256 internal constant FROZEN_SHIFT = 120;
    uint256 internal constant WALLET_FROZEN_SHIFT = 240;

    mapping(address account => Account) internal _accounts;
    mapping(address account => mapping(address spender => uint256)) private _allowances;
    uint256 private _totalSupply;
    string private _name;
    string private _symbol;
    uint8 private immutable _decimals;

    /// @notice A mint would take the total supply above {MAX_SUPPLY}.
    error SupplyCapExceeded(uint256 totalSupply, uint256 amount);

    constructor(string memory name_, string memory symbol_, uint8 decimals_) {
        _name = name_;
        _symbol = symbol_;
        _decimals = decimals_;
    }

    /// @inheritdoc IERC20Metadata
    function name() external view returns (string memory) {
        return _name;
    }

    /// @inheritdoc IERC20Metadata
    function symbol() external view returns (string memory) {
        return _symbol;
    }

    /// @inheritdoc IERC20Metadata
    function decimals() external view returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc IERC20
    function totalSupply() external view returns (uint256) {
        return _totalSupply;
    }

    /// @inheritdoc IERC20
    function balanceOf(address account) external view returns (uint256) {
        return _accounts[account].balance;
    }

    /// @inheritdoc IERC20
    function allowance(address owner, address spender) external view returns (uint256) {
        return _allowances[owner][spender];
    }

    /// @inheritdoc IERC20
    function approve(address spender, uint256 value) external returns (bool) {
        _approve(msg.sender, spender, value);
        return true;
    }

    /// @dev The storage slot of `account`'s record and the record as a raw word: balance in bits 0-119,
    /// frozen amount in 120-239, wallet freeze in 240-247. Write it back with {_storeWord}.
    function _accountWord(address account) internal view returns (uint256 slot, uint256 word) {
        assembly ("memory-safe") {
            mstore(0x00, account)
            mstore(0x20, _accounts.slot)
            slot := keccak256(0x00, 0x40)
            word := sload(slot)
        }
    }

    /// @dev Writes a record read with {_accountWord} back to its slot.
    function _storeWord(uint256 slot, uint256 word) internal {
        assembly ("memory-safe") {
            sstore(slot, word)
        }
    }

    /// @dev Moves `amount` from `from` to `to` and emits {Transfer}. No rule is checked here.
    function _move(address from, address to, uint256 amount) internal {
        Account storage source = _accounts[from];
        uint256 fromBalance = source.balance;
        if (fromBalance < amount) revert ERC20InsufficientBalance(from, fromBalance, amount);
        // Cannot overflow: amount <= fromBalance and every balance is <= totalSupply <= MAX_SUPPLY.
        unchecked {
            source.balance = uint120(fromBalance - amount);
            _accounts[to].balance += uint120(amount);
        }
        emit Transfer(from, to, amount);
    }

    /// @dev Creates `amount` tokens for `to`. No rule is checked here.
    function _mint(address to, uint256 amount) internal {
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        uint256 supply = _totalSupply;
        if (amount > MAX_SUPPLY - supply) revert SupplyCapExceeded(supply, amount);
        unchecked {
            _totalSupply = supply + amount;
            _accounts[to].balance += uint120(amount);
        }
        emit Transfer(address(0), to, amount);
    }

    /// @dev Destroys `amount` tokens of `from`. No rule is checked here.
    function _burn(address from, uint256 amount) internal {
        Account storage source = _accounts[from];
        uint256 fromBalance = source.balance;
        if (fromBalance < amount) revert ERC20InsufficientBalance(from, fromBalance, amount);
        unchecked {
            source.balance = uint120(fromBalance - amount);
            _totalSupply -= amount;
        }
        emit Transfer(from, address(0), amount);
    }

    function _approve(address owner, address spender, uint256 value) internal {
        if (owner == address(0)) revert ERC20InvalidApprover(address(0));
        if (spender == address(0)) revert ERC20InvalidSpender(address(0));
        _allowances[owner][spender] = value;
        emit Approval(owner, spender, value);
    }

    /// @dev Lowers the allowance of `spender` over `owner`'s tokens; an infinite allowance stays infinite.
    function _spendAllowance(address owner, address spender, uint256 value) internal {
        uint256 current = _allowances[owner][spender];
        if (current != type(uint256).max) {
            if (current < value) revert ERC20InsufficientAllowance(spender, current, value);
            unchecked {
                _allowances[owner][spender] = current - value;
            }
        }
    }
}
