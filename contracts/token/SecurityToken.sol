// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {PackedERC20} from "./PackedERC20.sol";
import {ITransferVerifier} from "../interfaces/ITransferVerifier.sol";
import {IERC7943Fungible} from "../interfaces/IERC7943Fungible.sol";
import {IERC1404} from "../interfaces/IERC1404.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";

/// @title SecurityToken
/// @notice An ERC-20 security token whose every transfer asks a pluggable {ITransferVerifier}.
/// The core is small and not upgradeable: policy changes by replacing the verifier.
/// @dev Roles (meant to be held by the issuer's multisig and its agents):
/// - DEFAULT_ADMIN_ROLE: replace the verifier, publish disclosures, grant and revoke roles.
/// - MINTER_ROLE: mint (to eligible wallets only) and burn.
/// - FREEZER_ROLE: freeze whole wallets and parts of balances.
/// - ENFORCER_ROLE: forced transfers with a case reference, lost-wallet recovery.
/// - PAUSER_ROLE: pause and unpause holder transfers.
/// Permissioned operations (mint, burn, forced transfer, recovery) still work while paused.
/// A failing transfer reverts with {TransferRestricted} carrying an ERC-1404 code.
contract SecurityToken is PackedERC20, AccessControl, IERC7943Fungible, IERC1404 {
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    bytes32 public constant FREEZER_ROLE = keccak256("FREEZER_ROLE");
    bytes32 public constant ENFORCER_ROLE = keccak256("ENFORCER_ROLE");
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @notice Public facts about the offering. Never personal data.
    struct Disclosure {
        string classification; // e.g. "bond", "equity", "fund unit"
        string jurisdiction; // ISO 3166 alpha-2 of the governing law, e.g. "CH"
        string documentUri; // where the offering documents are published
        bytes32 documentHash; // keccak-256 (or sha-256) of the offering documents
    }

    /// @notice The issuer this token belongs to (the first admin).
    address public immutable issuer;

    // Packed in one slot: read once per transfer.
    ITransferVerifier private _verifier;
    bool private _paused;

    Disclosure private _disclosure;

    /// @notice A transfer broke a rule; `code` is its ERC-1404 code, explained by {messageForTransferRestriction}.
    error TransferRestricted(uint8 code, address from, address to, uint256 amount);
    /// @notice `verifier` is not a contract.
    error InvalidVerifier(address verifier);
    /// @notice A forced transfer or recovery from a wallet to itself is meaningless and refused.
    error SameWallet(address account);
    /// @notice The batch arrays differ in length.
    error LengthMismatch();
    /// @notice A recovery found nothing to move.
    error NothingToRecover(address lostWallet);

    event VerifierUpdated(address indexed previousVerifier, address indexed newVerifier);
    event Paused(address indexed by);
    event Unpaused(address indexed by);
    event WalletFrozen(address indexed account, bool frozen);
    /// @notice Emitted with {ForcedTransfer}: the case that justifies it (bytes32(0) when none was given).
    event ForcedTransferCase(bytes32 indexed caseRef, address indexed from, address indexed to, uint256 amount);
    event WalletRecovered(
        address indexed lostWallet, address indexed newWallet, uint256 amount, uint256 frozen, bytes32 indexed caseRef
    );
    event DisclosureUpdated(string classification, string jurisdiction, string documentUri, bytes32 documentHash);

    /// @param name_ Token name.
    /// @param symbol_ Token symbol.
    /// @param decimals_ Token decimals.
    /// @param issuer_ The issuer; receives DEFAULT_ADMIN_ROLE and every agent role.
    /// @param verifier_ The initial transfer policy.
    /// @param disclosure_ The initial disclosure.
    constructor(
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        address issuer_,
        ITransferVerifier verifier_,
        Disclosure memory disclosure_
    ) PackedERC20(name_, symbol_, decimals_) {
        if (address(verifier_).code.length == 0) revert InvalidVerifier(address(verifier_));
        issuer = issuer_;
        _verifier = verifier_;
        _grantRole(DEFAULT_ADMIN_ROLE, issuer_);
        _grantRole(MINTER_ROLE, issuer_);
        _grantRole(FREEZER_ROLE, issuer_);
        _grantRole(ENFORCER_ROLE, issuer_);
        _grantRole(PAUSER_ROLE, issuer_);
        emit VerifierUpdated(address(0), address(verifier_));
        _setDisclosure(disclosure_);
    }

    // ------------------------------------------------------------------ transfers

    /// @inheritdoc IERC20
    function transfer(address to, uint256 amount) external returns (bool) {
        _checkedTransfer(msg.sender, to, amount);
        return true;
    }

    /// @inheritdoc IERC20
    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        _spendAllowance(from, msg.sender, amount);
        _checkedTransfer(from, to, amount);
        return true;
    }

    /// @dev Checks the token's own rules, then the verifier's, then moves the tokens.
    function _checkedTransfer(address from, address to, uint256 amount) internal {
        uint8 code = _detectTokenRestriction(from, to, amount);
        if (code == RestrictionCodes.SUCCESS) code = _verifier.detectTransferRestriction(from, to, amount);
        if (code != RestrictionCodes.SUCCESS) revert TransferRestricted(code, from, to, amount);
        _move(from, to, amount);
    }

    /// @dev The token-level rules of a holder transfer: pause, both wallet freezes, balances.
    function _detectTokenRestriction(address from, address to, uint256 amount) internal view returns (uint8) {
        if (_paused) return RestrictionCodes.PAUSED;
        Account memory source = _accounts[from];
        if (source.walletFrozen) return RestrictionCodes.SENDER_WALLET_FROZEN;
        if (to == address(0)) return RestrictionCodes.INVALID_RECIPIENT;
        if (_accounts[to].walletFrozen) return RestrictionCodes.RECIPIENT_WALLET_FROZEN;
        if (amount > source.balance) return RestrictionCodes.INSUFFICIENT_BALANCE;
        if (source.frozen > source.balance - amount) return RestrictionCodes.INSUFFICIENT_UNFROZEN_BALANCE;
        return RestrictionCodes.SUCCESS;
    }

    /// @dev The rules for `to` receiving through a mint, a forced transfer or a recovery.
    function _detectReceiveRestriction(address to) internal view returns (uint8) {
        if (to == address(0)) return RestrictionCodes.INVALID_RECIPIENT;
        if (_accounts[to].walletFrozen) return RestrictionCodes.RECIPIENT_WALLET_FROZEN;
        return _verifier.detectReceiveRestriction(to);
    }

    function _requireCanReceive(address to, address from, uint256 amount) internal view {
        uint8 code = _detectReceiveRestriction(to);
        if (code != RestrictionCodes.SUCCESS) revert TransferRestricted(code, from, to, amount);
    }

    // ------------------------------------------------------------------ ERC-1404 and ERC-7943 views

    /// @inheritdoc IERC1404
    function detectTransferRestriction(address from, address to, uint256 amount) public view returns (uint8) {
        uint8 code = _detectTokenRestriction(from, to, amount);
        if (code != RestrictionCodes.SUCCESS) return code;
        return _verifier.detectTransferRestriction(from, to, amount);
    }

    /// @inheritdoc IERC1404
    /// @dev The token explains its own codes (below 16) and asks its verifier for the rest, so the
    /// verifiers' sentences are not deployed again with every token.
    function messageForTransferRestriction(uint8 code) external view returns (string memory) {
        string memory text = RestrictionCodes.tokenMessage(code);
        if (bytes(text).length == 0 && code >= RestrictionCodes.TRANSFERS_LOCKED) {
            text = _verifier.messageForTransferRestriction(code);
        }
        if (bytes(text).length == 0) text = "Unknown restriction code.";
        return text;
    }

    /// @inheritdoc IERC7943Fungible
    function canTransfer(address from, address to, uint256 amount) external view returns (bool) {
        return detectTransferRestriction(from, to, amount) == RestrictionCodes.SUCCESS;
    }

    /// @inheritdoc IERC7943Fungible
    function canSend(address account) external view returns (bool) {
        return !_accounts[account].walletFrozen && _verifier.detectSendRestriction(account) == RestrictionCodes.SUCCESS;
    }

    /// @inheritdoc IERC7943Fungible
    function canReceive(address account) external view returns (bool) {
        return _detectReceiveRestriction(account) == RestrictionCodes.SUCCESS;
    }

    /// @inheritdoc IERC7943Fungible
    function getFrozenTokens(address account) external view returns (uint256) {
        return _accounts[account].frozen;
    }

    /// @notice Whether the issuer froze `account` as a whole.
    function isWalletFrozen(address account) external view returns (bool) {
        return _accounts[account].walletFrozen;
    }

    /// @notice The balance of `account` that is not frozen.
    function unfrozenBalanceOf(address account) external view returns (uint256) {
        Account memory a = _accounts[account];
        return a.frozen >= a.balance ? 0 : a.balance - a.frozen;
    }

    /// @notice The current transfer policy.
    function verifier() external view returns (ITransferVerifier) {
        return _verifier;
    }

    /// @notice Whether holder transfers are paused.
    function paused() external view returns (bool) {
        return _paused;
    }

    /// @notice The offering's public disclosure.
    function disclosure() external view returns (Disclosure memory) {
        return _disclosure;
    }

    // ------------------------------------------------------------------ issuer: supply

    /// @notice Mints `amount` to `to`, which must be allowed to receive. MINTER_ROLE.
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _checkedMint(to, amount);
    }

    /// @notice Mints to many wallets at once. MINTER_ROLE.
    function batchMint(address[] calldata to, uint256[] calldata amounts) external onlyRole(MINTER_ROLE) {
        if (to.length != amounts.length) revert LengthMismatch();
        for (uint256 i; i < to.length; ++i) {
            _checkedMint(to[i], amounts[i]);
        }
    }

    /// @notice Burns `amount` of `from`, frozen tokens included (the frozen amount shrinks to match). MINTER_ROLE.
    function burn(address from, uint256 amount) external onlyRole(MINTER_ROLE) {
        _burnFrozenFirst(from, amount);
    }

    /// @notice Burns from many wallets at once. MINTER_ROLE.
    function batchBurn(address[] calldata from, uint256[] calldata amounts) external onlyRole(MINTER_ROLE) {
        if (from.length != amounts.length) revert LengthMismatch();
        for (uint256 i; i < from.length; ++i) {
            _burnFrozenFirst(from[i], amounts[i]);
        }
    }

    function _checkedMint(address to, uint256 amount) internal {
        _requireCanReceive(to, address(0), amount);
        _mint(to, amount);
    }

    function _burnFrozenFirst(address from, uint256 amount) internal {
        _releaseFrozenFor(from, amount);
        _burn(from, amount);
    }

    /// @dev Before `amount` leaves `account` by force: if it reaches into frozen tokens, shrink the frozen
    /// amount to what stays behind and emit {Frozen} (before the Transfer event, as ERC-7943 asks).
    function _releaseFrozenFor(address account, uint256 amount) internal {
        Account storage a = _accounts[account];
        uint256 balance = a.balance;
        if (amount > balance) revert ERC20InsufficientBalance(account, balance, amount);
        uint256 remaining = balance - amount;
        if (a.frozen > remaining) {
            a.frozen = uint120(remaining);
            emit Frozen(account, remaining);
        }
    }

    // ------------------------------------------------------------------ issuer: enforcement

    /// @inheritdoc IERC7943Fungible
    /// @dev ENFORCER_ROLE. Same as {forcedTransferWithCase} with no case reference.
    function forcedTransfer(address from, address to, uint256 amount) external onlyRole(ENFORCER_ROLE) returns (bool) {
        _forcedTransfer(from, to, amount, bytes32(0));
        return true;
    }

    /// @notice Moves `amount` from `from` to `to` regardless of the sender's rules, to resolve a case.
    /// `to` must be allowed to receive. Frozen tokens of `from` are unfrozen as needed. ENFORCER_ROLE.
    /// @param caseRef The case that justifies the transfer (court order, incident number).
    function forcedTransferWithCase(address from, address to, uint256 amount, bytes32 caseRef)
        external
        onlyRole(ENFORCER_ROLE)
    {
        _forcedTransfer(from, to, amount, caseRef);
    }

    /// @notice Forced transfers in batch, under one case reference. ENFORCER_ROLE.
    function batchForcedTransfer(
        address[] calldata from,
        address[] calldata to,
        uint256[] calldata amounts,
        bytes32 caseRef
    ) external onlyRole(ENFORCER_ROLE) {
        if (from.length != to.length || from.length != amounts.length) revert LengthMismatch();
        for (uint256 i; i < from.length; ++i) {
            _forcedTransfer(from[i], to[i], amounts[i], caseRef);
        }
    }

    function _forcedTransfer(address from, address to, uint256 amount, bytes32 caseRef) internal {
        // A wallet "paying itself" would unfreeze tokens without moving any: refuse it.
        if (from == to) revert SameWallet(from);
        _requireCanReceive(to, from, amount);
        _releaseFrozenFor(from, amount);
        _move(from, to, amount);
        emit ForcedTransfer(from, to, amount);
        emit ForcedTransferCase(caseRef, from, to, amount);
    }

    /// @notice Moves the whole balance and frozen amount of a lost wallet to a new eligible wallet of the
    /// same holder, and freezes the lost wallet so it cannot be used again. ENFORCER_ROLE.
    function recoverWallet(address lostWallet, address newWallet, bytes32 caseRef) external onlyRole(ENFORCER_ROLE) {
        if (lostWallet == newWallet) revert SameWallet(lostWallet);
        Account memory lost = _accounts[lostWallet];
        if (lost.balance == 0 && lost.frozen == 0) revert NothingToRecover(lostWallet);
        _requireCanReceive(newWallet, lostWallet, lost.balance);

        Account storage lostRecord = _accounts[lostWallet];
        Account storage newRecord = _accounts[newWallet];
        lostRecord.frozen = 0;
        lostRecord.walletFrozen = true;
        uint256 newFrozen = uint256(newRecord.frozen) + lost.frozen;
        if (newFrozen > MAX_SUPPLY) newFrozen = MAX_SUPPLY;
        newRecord.frozen = uint120(newFrozen);
        emit Frozen(lostWallet, 0);
        emit WalletFrozen(lostWallet, true);
        if (lost.frozen != 0) emit Frozen(newWallet, newFrozen);

        if (lost.balance != 0) _move(lostWallet, newWallet, lost.balance);
        emit WalletRecovered(lostWallet, newWallet, lost.balance, lost.frozen, caseRef);
    }

    // ------------------------------------------------------------------ issuer: freezing

    /// @inheritdoc IERC7943Fungible
    /// @dev FREEZER_ROLE. Amounts above {MAX_SUPPLY} are stored as {MAX_SUPPLY}, which freezes any balance.
    function setFrozenTokens(address account, uint256 amount) external onlyRole(FREEZER_ROLE) returns (bool) {
        _setFrozenTokens(account, amount);
        return true;
    }

    /// @notice {setFrozenTokens} for many wallets. FREEZER_ROLE.
    function batchSetFrozenTokens(address[] calldata accounts, uint256[] calldata amounts)
        external
        onlyRole(FREEZER_ROLE)
    {
        if (accounts.length != amounts.length) revert LengthMismatch();
        for (uint256 i; i < accounts.length; ++i) {
            _setFrozenTokens(accounts[i], amounts[i]);
        }
    }

    /// @notice Freezes or unfreezes a whole wallet: a frozen wallet can neither send nor receive. FREEZER_ROLE.
    function setWalletFrozen(address account, bool frozen) external onlyRole(FREEZER_ROLE) {
        _setWalletFrozen(account, frozen);
    }

    /// @notice {setWalletFrozen} for many wallets. FREEZER_ROLE.
    function batchSetWalletFrozen(address[] calldata accounts, bool[] calldata frozen) external onlyRole(FREEZER_ROLE) {
        if (accounts.length != frozen.length) revert LengthMismatch();
        for (uint256 i; i < accounts.length; ++i) {
            _setWalletFrozen(accounts[i], frozen[i]);
        }
    }

    function _setFrozenTokens(address account, uint256 amount) internal {
        if (amount > MAX_SUPPLY) amount = MAX_SUPPLY;
        _accounts[account].frozen = uint120(amount);
        emit Frozen(account, amount);
    }

    function _setWalletFrozen(address account, bool frozen) internal {
        _accounts[account].walletFrozen = frozen;
        emit WalletFrozen(account, frozen);
    }

    // ------------------------------------------------------------------ issuer: administration

    /// @notice Pauses holder transfers. PAUSER_ROLE.
    function pause() external onlyRole(PAUSER_ROLE) {
        _paused = true;
        emit Paused(msg.sender);
    }

    /// @notice Resumes holder transfers. PAUSER_ROLE.
    function unpause() external onlyRole(PAUSER_ROLE) {
        _paused = false;
        emit Unpaused(msg.sender);
    }

    /// @notice Replaces the transfer policy. DEFAULT_ADMIN_ROLE.
    function setVerifier(ITransferVerifier newVerifier) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (address(newVerifier).code.length == 0) revert InvalidVerifier(address(newVerifier));
        emit VerifierUpdated(address(_verifier), address(newVerifier));
        _verifier = newVerifier;
    }

    /// @notice Publishes a new disclosure. DEFAULT_ADMIN_ROLE.
    function setDisclosure(Disclosure calldata newDisclosure) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setDisclosure(newDisclosure);
    }

    function _setDisclosure(Disclosure memory d) internal {
        _disclosure = d;
        emit DisclosureUpdated(d.classification, d.jurisdiction, d.documentUri, d.documentHash);
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) public view override(AccessControl, IERC165) returns (bool) {
        return interfaceId == type(IERC7943Fungible).interfaceId || interfaceId == type(IERC1404).interfaceId
            || interfaceId == type(IERC20).interfaceId || super.supportsInterface(interfaceId);
    }
}
