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
/// - DEFAULT_ADMIN_ROLE: replace the verifier, publish disclosures, name the issuer, grant and revoke roles.
/// - MINTER_ROLE: mint (to eligible wallets only) and burn.
/// - FREEZER_ROLE: freeze whole wallets and parts of balances.
/// - ENFORCER_ROLE: forced transfers with a case reference, lost-wallet recovery.
/// - PAUSER_ROLE: pause and unpause holder transfers.
/// Permissioned operations (mint, burn, forced transfer, recovery) still work while paused.
/// A failing transfer reverts with {TransferRestricted} carrying an ERC-1404 code. The spender of a
/// `transferFrom` that is neither party must not be frozen by the issuer nor refused by the verifier's
/// spender rule (a sanctions flag). A verifier that reverts or answers malformed data refuses the
/// transfer ({RestrictionCodes.VERIFIER_FAILED}); the ERC-7943 `can*` views then answer false.
contract SecurityToken is PackedERC20, AccessControl, IERC7943Fungible, IERC1404 {
    /// @notice May mint and burn.
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    /// @notice May freeze wallets and parts of balances.
    bytes32 public constant FREEZER_ROLE = keccak256("FREEZER_ROLE");
    /// @notice May force transfers and recover a lost wallet's tokens, each under a case reference.
    bytes32 public constant ENFORCER_ROLE = keccak256("ENFORCER_ROLE");
    /// @notice May pause and unpause every transfer.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @dev The longest sentence the token relays from its verifier (bytes); a longer one reads as
    /// unknown. Not public, so the token's hot functions keep their place in the dispatch.
    uint256 private constant MAX_VERIFIER_MESSAGE = 1024;

    /// @notice Public facts about the offering. Never personal data.
    struct Disclosure {
        string classification; // e.g. "bond", "equity", "fund unit"
        string jurisdiction; // ISO 3166 alpha-2 of the governing law, e.g. "CH"
        string documentUri; // where the offering documents are published
        bytes32 documentHash; // keccak-256 (or sha-256) of the offering documents
    }

    // Packed in one slot: read once per transfer.
    ITransferVerifier private _verifier;
    bool private _paused;

    Disclosure private _disclosure;

    /// @dev The issuer this token belongs to; always a holder of DEFAULT_ADMIN_ROLE.
    address private _issuer;

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
    /// @notice The issuer must hold DEFAULT_ADMIN_ROLE: grant it to `account` before naming it issuer.
    error IssuerNotAdmin(address account);
    /// @notice The named issuer cannot lose DEFAULT_ADMIN_ROLE: name another issuer first.
    error IssuerKeepsAdminRole(address account);

    /// @notice The admin replaced the transfer verifier.
    event VerifierUpdated(address indexed previousVerifier, address indexed newVerifier);
    /// @notice `by` paused every transfer.
    event Paused(address indexed by);
    /// @notice `by` resumed transfers.
    event Unpaused(address indexed by);
    /// @notice A whole wallet was frozen or unfrozen.
    event WalletFrozen(address indexed account, bool frozen);
    /// @notice Emitted with {ForcedTransfer}: the case that justifies it (bytes32(0) when none was given).
    event ForcedTransferCase(bytes32 indexed caseRef, address indexed from, address indexed to, uint256 amount);
    /// @notice The tokens (and frozen amount) of a lost wallet moved to its holder's new wallet, under a case reference.
    event WalletRecovered(
        address indexed lostWallet, address indexed newWallet, uint256 amount, uint256 frozen, bytes32 indexed caseRef
    );
    /// @notice The issuer published a new disclosure: classification, jurisdiction, offering document and its hash.
    event DisclosureUpdated(string classification, string jurisdiction, string documentUri, bytes32 documentHash);
    /// @notice The token now belongs to `newIssuer` (an admin handover); registries follow {issuer}.
    event IssuerUpdated(address indexed previousIssuer, address indexed newIssuer);

    /// @notice Deploys the token with its issuer, which receives every role, its verifier and its first disclosure.
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
        _issuer = issuer_;
        _verifier = verifier_;
        _grantRole(DEFAULT_ADMIN_ROLE, issuer_);
        _grantRole(MINTER_ROLE, issuer_);
        _grantRole(FREEZER_ROLE, issuer_);
        _grantRole(ENFORCER_ROLE, issuer_);
        _grantRole(PAUSER_ROLE, issuer_);
        emit VerifierUpdated(address(0), address(verifier_));
        emit IssuerUpdated(address(0), issuer_);
        _setDisclosure(disclosure_);
    }

    // ------------------------------------------------------------------ transfers

    /// @inheritdoc IERC20
    function transfer(address to, uint256 amount) external returns (bool) {
        _checkedTransfer(msg.sender, to, amount);
        return true;
    }

    /// @inheritdoc IERC20
    /// @dev A spender that is neither `from` nor `to` is checked too: see {detectSpenderRestriction}.
    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        _spendAllowance(from, msg.sender, amount);
        if (msg.sender != from && msg.sender != to) {
            uint8 code = detectSpenderRestriction(msg.sender);
            if (code != RestrictionCodes.SUCCESS) revert TransferRestricted(code, from, to, amount);
        }
        _checkedTransfer(from, to, amount);
        return true;
    }

    /// @dev Checks the token's own rules, then the verifier's, then moves the tokens. Each wallet's record
    /// (balance, frozen amount, wallet freeze: one slot) is read once and written back from that word.
    function _checkedTransfer(address from, address to, uint256 amount) internal {
        (uint8 code, uint256 fromSlot, uint256 fromWord, uint256 toSlot, uint256 toWord) =
            _detectTransfer(from, to, amount);
        if (code != RestrictionCodes.SUCCESS) revert TransferRestricted(code, from, to, amount);
        if (from != to) {
            // amount <= balance was checked, and a balance never exceeds the total supply (<= MAX_SUPPLY),
            // so only the balance field of each word changes.
            unchecked {
                _storeWord(fromSlot, fromWord - amount);
                _storeWord(toSlot, toWord + amount);
            }
        }
        emit Transfer(from, to, amount);
    }

    /// @dev The full check of a holder transfer (token rules, then the verifier), with both wallets' raw
    /// records. Never reverts.
    function _detectTransfer(address from, address to, uint256 amount)
        internal
        view
        returns (uint8 code, uint256 fromSlot, uint256 fromWord, uint256 toSlot, uint256 toWord)
    {
        // The verifier's address and the pause flag share one slot (declared next to each other).
        uint256 policy;
        uint256 pauseFlag;
        assembly ("memory-safe") {
            policy := sload(_verifier.slot)
            pauseFlag := and(shr(mul(_paused.offset, 8), policy), 0xff)
        }
        (fromSlot, fromWord) = _accountWord(from);
        (toSlot, toWord) = _accountWord(to);
        // One test for the common case that every token rule passes; {_tokenCode} names the rule otherwise.
        uint256 broken;
        assembly ("memory-safe") {
            // Layout of a record word: see {PackedERC20-_accountWord}.
            let mask := 0xffffffffffffffffffffffffffffff // BALANCE_MASK (120 bits)
            let held := and(fromWord, mask)
            broken := or(
                or(pauseFlag, shr(240, or(fromWord, toWord))), // WALLET_FROZEN_SHIFT
                or(
                    or(iszero(to), gt(amount, held)),
                    gt(and(shr(120, fromWord), mask), sub(held, amount)) // FROZEN_SHIFT
                )
            )
        }
        if (broken != 0) return (_tokenCode(pauseFlag != 0, fromWord, to, toWord, amount), 0, 0, 0, 0);
        code = _askVerifierTransfer(ITransferVerifier(address(uint160(policy))), from, to, amount);
    }

    /// @dev The token-level rules of a holder transfer, in order: pause, sender's wallet freeze, recipient
    /// address, recipient's wallet freeze, balance, unfrozen balance.
    function _tokenCode(bool isPaused, uint256 fromWord, address to, uint256 toWord, uint256 amount)
        private
        pure
        returns (uint8)
    {
        if (isPaused) return RestrictionCodes.PAUSED;
        if ((fromWord >> WALLET_FROZEN_SHIFT) & 0xff != 0) return RestrictionCodes.SENDER_WALLET_FROZEN;
        if (to == address(0)) return RestrictionCodes.INVALID_RECIPIENT;
        if ((toWord >> WALLET_FROZEN_SHIFT) & 0xff != 0) return RestrictionCodes.RECIPIENT_WALLET_FROZEN;
        uint256 balance = fromWord & BALANCE_MASK;
        if (amount > balance) return RestrictionCodes.INSUFFICIENT_BALANCE;
        unchecked {
            if ((fromWord >> FROZEN_SHIFT) & BALANCE_MASK > balance - amount) {
                return RestrictionCodes.INSUFFICIENT_UNFROZEN_BALANCE;
            }
        }
        return RestrictionCodes.SUCCESS;
    }

    /// @dev The rules for `to` receiving through a mint, a forced transfer or a recovery.
    function _detectReceiveRestriction(address to) internal view returns (uint8) {
        if (to == address(0)) return RestrictionCodes.INVALID_RECIPIENT;
        if (_accounts[to].walletFrozen) return RestrictionCodes.RECIPIENT_WALLET_FROZEN;
        return _askVerifier(ITransferVerifier.detectReceiveRestriction.selector, to);
    }

    function _requireCanReceive(address to, address from, uint256 amount) internal view {
        uint8 code = _detectReceiveRestriction(to);
        if (code != RestrictionCodes.SUCCESS) revert TransferRestricted(code, from, to, amount);
    }

    /// @dev The verifier's code for a one-address question (`selector` of {ITransferVerifier}). Never
    /// reverts: a verifier that reverts, or answers anything but exactly one word holding a uint8 (fewer
    /// or more bytes included), yields {RestrictionCodes.VERIFIER_FAILED}.
    function _askVerifier(bytes4 selector, address account) internal view returns (uint8 code) {
        ITransferVerifier v = _verifier;
        assembly ("memory-safe") {
            mstore(0x00, selector)
            mstore(0x04, account)
            let ok := staticcall(gas(), v, 0x00, 0x24, 0x00, 0x20)
            code := mload(0x00)
            if or(iszero(ok), or(iszero(eq(returndatasize(), 0x20)), gt(code, 0xff))) {
                code := 8 // RestrictionCodes.VERIFIER_FAILED
            }
        }
    }

    /// @dev The verifier's code for a holder transfer, with the same fail-closed decoding as {_askVerifier}.
    function _askVerifierTransfer(ITransferVerifier v, address from, address to, uint256 amount)
        internal
        view
        returns (uint8 code)
    {
        bytes4 selector = ITransferVerifier.detectTransferRestriction.selector;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, selector)
            mstore(add(m, 0x04), from)
            mstore(add(m, 0x24), to)
            mstore(add(m, 0x44), amount)
            let ok := staticcall(gas(), v, m, 0x64, 0x00, 0x20)
            code := mload(0x00)
            if or(iszero(ok), or(iszero(eq(returndatasize(), 0x20)), gt(code, 0xff))) {
                code := 8 // RestrictionCodes.VERIFIER_FAILED
            }
        }
    }

    // ------------------------------------------------------------------ ERC-1404 and ERC-7943 views

    /// @inheritdoc IERC1404
    /// @dev Never reverts: a failing verifier yields {RestrictionCodes.VERIFIER_FAILED}.
    function detectTransferRestriction(address from, address to, uint256 amount) public view returns (uint8 code) {
        (code,,,,) = _detectTransfer(from, to, amount);
    }

    /// @notice Restriction code for `spender` moving someone else's tokens with `transferFrom`: refused when
    /// the issuer froze its wallet ({RestrictionCodes.SPENDER_WALLET_FROZEN}) or the verifier refuses it as a
    /// spender (a sanctions flag, {RestrictionCodes.SPENDER_SANCTIONED}). A spender that is itself the sender
    /// or the recipient is checked as that party instead. Never reverts.
    function detectSpenderRestriction(address spender) public view returns (uint8) {
        if (_accounts[spender].walletFrozen) return RestrictionCodes.SPENDER_WALLET_FROZEN;
        return _askVerifier(ITransferVerifier.detectSpenderRestriction.selector, spender);
    }

    /// @notice {detectTransferRestriction} for a `transferFrom` by `spender` (the allowance is not checked).
    function detectTransferFromRestriction(address spender, address from, address to, uint256 amount)
        external
        view
        returns (uint8)
    {
        if (spender != from && spender != to) {
            uint8 code = detectSpenderRestriction(spender);
            if (code != RestrictionCodes.SUCCESS) return code;
        }
        return detectTransferRestriction(from, to, amount);
    }

    /// @inheritdoc IERC1404
    /// @dev The token explains its own codes (below 16) and asks its verifier for the rest, so the
    /// verifiers' sentences are not deployed again with every token. Never reverts: a verifier that
    /// reverts or answers a malformed sentence yields "Unknown restriction code.".
    function messageForTransferRestriction(uint8 code) external view returns (string memory) {
        string memory text = RestrictionCodes.tokenMessage(code);
        if (bytes(text).length == 0 && code >= RestrictionCodes.TRANSFERS_LOCKED) {
            text = _verifierMessage(code);
        }
        if (bytes(text).length == 0) text = "Unknown restriction code.";
        return text;
    }

    /// @dev The verifier's sentence for `code`, or "" when the verifier reverts or answers anything but one
    /// ABI-encoded string lying wholly within its answer and at most {MAX_VERIFIER_MESSAGE} bytes long. The
    /// answer is read in place, never copied whole, so an enormous answer costs the caller nothing.
    function _verifierMessage(uint8 code) private view returns (string memory text) {
        ITransferVerifier v = _verifier;
        bytes4 selector = ITransferVerifier.messageForTransferRestriction.selector;
        uint256 maxLength = MAX_VERIFIER_MESSAGE;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, selector)
            mstore(add(m, 0x04), code)
            if staticcall(gas(), v, m, 0x24, 0x00, 0x00) {
                let size := returndatasize()
                if iszero(lt(size, 0x40)) {
                    returndatacopy(0x00, 0x00, 0x20)
                    let offset := mload(0x00)
                    // The length word lies within the answer (size >= 0x40, so no underflow) ...
                    if iszero(gt(offset, sub(size, 0x20))) {
                        returndatacopy(0x00, offset, 0x20)
                        let length := mload(0x00)
                        // ... and so do the bytes it counts, which are few enough to relay.
                        if iszero(or(gt(length, maxLength), gt(length, sub(size, add(offset, 0x20))))) {
                            text := m
                            mstore(text, length)
                            mstore(add(add(text, 0x20), length), 0)
                            returndatacopy(add(text, 0x20), add(offset, 0x20), length)
                            mstore(0x40, add(add(text, 0x40), and(add(length, 31), not(31))))
                        }
                    }
                }
            }
        }
    }

    /// @inheritdoc IERC7943Fungible
    /// @dev Never reverts: false when the verifier fails.
    function canTransfer(address from, address to, uint256 amount) external view returns (bool) {
        return detectTransferRestriction(from, to, amount) == RestrictionCodes.SUCCESS;
    }

    /// @inheritdoc IERC7943Fungible
    /// @dev Never reverts: false when the verifier fails.
    function canSend(address account) external view returns (bool) {
        return !_accounts[account].walletFrozen
            && _askVerifier(ITransferVerifier.detectSendRestriction.selector, account) == RestrictionCodes.SUCCESS;
    }

    /// @inheritdoc IERC7943Fungible
    /// @dev Never reverts: false when the verifier fails.
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

    /// @notice The issuer this token belongs to: a holder of DEFAULT_ADMIN_ROLE, handed over with {setIssuer}.
    function issuer() external view returns (address) {
        return _issuer;
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

    /// @dev Before `amount` leaves `account` by force: the unfrozen balance goes first; only the shortfall
    /// (what the move takes beyond it) is unfrozen, and {Frozen} is emitted (before the Transfer event, as
    /// ERC-7943 asks). A frozen amount above the balance stays above it by the same margin, so tokens that
    /// arrive later stay frozen; a zero-amount move changes nothing.
    function _releaseFrozenFor(address account, uint256 amount) internal {
        Account storage a = _accounts[account];
        uint256 balance = a.balance;
        if (amount > balance) revert ERC20InsufficientBalance(account, balance, amount);
        uint256 frozen = a.frozen;
        uint256 unfrozen = frozen >= balance ? 0 : balance - frozen;
        if (amount > unfrozen) {
            // amount - unfrozen <= frozen: when frozen < balance it is at most balance - unfrozen = frozen,
            // otherwise unfrozen = 0 and amount <= balance <= frozen.
            uint256 newFrozen = frozen - (amount - unfrozen);
            a.frozen = uint120(newFrozen);
            emit Frozen(account, newFrozen);
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

        if (lost.balance != 0) {
            _move(lostWallet, newWallet, lost.balance);
            emit ForcedTransfer(lostWallet, newWallet, lost.balance);
        }
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

    /// @notice Hands the token over to `newIssuer`, which must already hold DEFAULT_ADMIN_ROLE; the issuer
    /// registry's listing follows with {IssuerRegistry-syncTokenIssuer}. DEFAULT_ADMIN_ROLE.
    function setIssuer(address newIssuer) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!hasRole(DEFAULT_ADMIN_ROLE, newIssuer)) revert IssuerNotAdmin(newIssuer);
        emit IssuerUpdated(_issuer, newIssuer);
        _issuer = newIssuer;
    }

    /// @dev The named issuer keeps DEFAULT_ADMIN_ROLE (revoked or renounced) until another is named.
    function _revokeRole(bytes32 role, address account) internal override returns (bool) {
        if (role == DEFAULT_ADMIN_ROLE && account == _issuer) revert IssuerKeepsAdminRole(account);
        return super._revokeRole(role, account);
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
