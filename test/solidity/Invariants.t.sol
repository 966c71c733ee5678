// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test, Vm} from "./utils/Test.sol";
import {System, Pool} from "./utils/System.sol";
import {IContractRegistry} from "../../contracts/interfaces/IContractRegistry.sol";
import {SecurityToken} from "../../contracts/token/SecurityToken.sol";
import {CredentialRegistry} from "../../contracts/registries/CredentialRegistry.sol";
import {ContractRegistry} from "../../contracts/registries/ContractRegistry.sol";
import {RestrictionCodes} from "../../contracts/libraries/RestrictionCodes.sol";
import {ITransferVerifier} from "../../contracts/interfaces/ITransferVerifier.sol";

/// @notice Two more kinds of contract code, so code can be vetted per kind and swapped under a registration.
contract Vault {
    function deposit() external pure returns (uint256) {
        return 1;
    }
}

contract Router {
    function route() external pure returns (uint256) {
        return 2;
    }
}

/// @notice Drives random sequences of every action against the system and keeps its own model of who
/// is eligible (credentials issued, expiries, qualifier standing, sanctions, blocks, contract
/// registrations with their code hash, challenge window and vetting), so the invariants compare the
/// contracts against an independent account of the rules.
contract Handler {
    Vm internal constant vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
    uint256 internal constant ACTORS = 4;
    uint256 internal constant QUALIFIERS = 2;

    SecurityToken public token;
    CredentialRegistry public credentials;
    ContractRegistry public contracts;

    address[] public holders; // ACTORS wallets, then two registered pools
    address[] public qualifiers;

    // The model.
    mapping(address holder => mapping(uint256 qid => uint256 expiry)) public modelExpiry; // 0 = none
    mapping(uint256 qid => bool) public modelSuspended;
    mapping(address => bool) public modelSanctioned;
    mapping(address => bool) public modelBlocked;
    mapping(address => uint256) public balanceWhenBlocked;
    mapping(address pool => bytes32) public modelRegisteredHash; // 0 = never registered
    mapping(address pool => uint256) public modelWindowEnds;
    mapping(address pool => bool) public modelAccountable;
    mapping(address pool => address) public modelRegistrant;
    mapping(bytes32 codeHash => bool) public modelVetted;
    address[] public codeKinds; // Pool, Vault, Router: sources of code to vet and to swap in

    // Ghost counters of rule breaks: the invariants require each to stay 0.
    uint256 public ineligibleReceipts;
    uint256 public ineligibleSends;
    uint256 public frozenMoves;
    uint256 public blockedReceipts;
    uint256 public changedCodeReceipts;
    uint256 public unvettedInWindowReceipts;
    uint256 public credentialMoves;
    // Activity counters, to show the run did real work.
    uint256 public okTransfers;
    uint256 public okForced;
    uint256 public okMints;

    constructor() {
        for (uint256 i = 1; i <= QUALIFIERS; ++i) {
            qualifiers.push(address(uint160(0x9000 + i)));
        }
        System.Deployment memory d = System.deploy(address(this), qualifiers);
        token = d.token;
        credentials = d.credentials;
        contracts = d.contracts;
        for (uint256 i = 1; i <= ACTORS; ++i) {
            holders.push(address(uint160(0xA000 + i)));
        }
        codeKinds.push(address(new Pool()));
        codeKinds.push(address(new Vault()));
        codeKinds.push(address(new Router()));
        for (uint256 i; i < 2; ++i) {
            address pool = i == 0 ? address(new Pool()) : address(new Vault());
            holders.push(pool);
            _register(pool, address(this)); // the handler is governance: an identifiable registrant
        }
        // Start with two funded, credentialed wallets so transfers happen early in every run.
        for (uint256 i; i < 2; ++i) {
            _issue(holders[i], 1, block.timestamp + 30 days);
            token.mint(holders[i], 1_000_000);
            ++okMints;
        }
    }

    function holderCount() external view returns (uint256) {
        return holders.length;
    }

    function _holder(uint256 seed) internal view returns (address) {
        return holders[seed % holders.length];
    }

    function _isPool(address a) internal view returns (bool) {
        return a == holders[ACTORS] || a == holders[ACTORS + 1];
    }

    /// @notice Whether the model says `a` may send or receive now.
    function modelEligible(address a) public view returns (bool) {
        if (modelSanctioned[a] || modelBlocked[a]) return false;
        if (_isPool(a)) return modelPoolEligible(a);
        return modelHasLiveCredential(a);
    }

    /// @notice The registry's answer: a registered pool is eligible while its code is the registered code,
    /// and its code is vetted or its accountable registration has outlived its challenge window.
    function modelRegistryEligible(address pool) public view returns (bool) {
        bytes32 registered = modelRegisteredHash[pool];
        if (registered == 0 || registered != pool.codehash) return false;
        return modelVetted[registered] || (modelAccountable[pool] && block.timestamp >= modelWindowEnds[pool]);
    }

    /// @notice The token's answer: as the registry's, and a pool eligible only through its window also
    /// needs its registrant to pass the token's credential check now (governance's registrations need not).
    function modelPoolEligible(address pool) public view returns (bool) {
        if (!modelRegistryEligible(pool)) return false;
        address r = modelRegistrant[pool];
        if (modelVetted[modelRegisteredHash[pool]] || r == address(this)) return true;
        return _modelPasses(r);
    }

    function _modelPasses(address a) internal view returns (bool) {
        return !modelSanctioned[a] && !modelBlocked[a] && modelHasLiveCredential(a);
    }

    /// @notice The pool's code is no longer the code that was registered.
    function modelCodeChanged(address pool) public view returns (bool) {
        bytes32 registered = modelRegisteredHash[pool];
        return registered != 0 && registered != pool.codehash;
    }

    /// @notice The pool's registration is inside its challenge window and its code is not vetted.
    function modelInWindowUnvetted(address pool) public view returns (bool) {
        return modelRegisteredHash[pool] != 0 && block.timestamp < modelWindowEnds[pool] && !modelVetted[pool.codehash];
    }

    function _countReceipt(address to, uint256 amount) internal {
        if (amount == 0) return;
        if (modelBlocked[to]) ++blockedReceipts;
        if (_isPool(to) && modelCodeChanged(to)) ++changedCodeReceipts;
        if (_isPool(to) && modelInWindowUnvetted(to)) ++unvettedInWindowReceipts;
    }

    function modelHasLiveCredential(address a) public view returns (bool) {
        for (uint256 q = 1; q <= QUALIFIERS; ++q) {
            uint256 e = modelExpiry[a][q];
            if (e != 0 && e > block.timestamp && !modelSuspended[q]) return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ actions

    /// @dev What a holder transfer must satisfy, checked after it succeeded: both sides eligible before
    /// it, no blocked contract receiving, and no frozen token (or frozen wallet) of the sender moving.
    struct Before {
        uint256 balance;
        uint256 frozen;
        bool walletFrozen;
        bool fromOk;
        bool toOk;
    }

    function _before(address from, address to) internal view returns (Before memory b) {
        (b.balance, b.frozen, b.walletFrozen) = _state(from);
        b.fromOk = modelEligible(from);
        b.toOk = modelEligible(to);
    }

    function _afterHolderTransfer(address from, address to, uint256 amount, Before memory b) internal {
        ++okTransfers;
        if (!b.toOk) ++ineligibleReceipts;
        if (!b.fromOk) ++ineligibleSends;
        _countReceipt(to, amount);
        uint256 mustStay = b.frozen < b.balance ? b.frozen : b.balance;
        if (from != to && (b.walletFrozen || token.balanceOf(from) < mustStay)) ++frozenMoves;
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _holder(fromSeed);
        address to = _holder(toSeed);
        Before memory b = _before(from, to);
        amount = amount % (b.balance + 2);
        vm.prank(from);
        try token.transfer(to, amount) {
            _afterHolderTransfer(from, to, amount, b);
        } catch {}
    }

    function transferFrom(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _holder(fromSeed);
        address to = _holder(toSeed);
        Before memory b = _before(from, to);
        amount = amount % (b.balance + 2);
        vm.prank(from);
        token.approve(address(this), amount);
        try token.transferFrom(from, to, amount) {
            _afterHolderTransfer(from, to, amount, b);
        } catch {}
    }

    function mint(uint256 toSeed, uint256 amount) external {
        address to = _holder(toSeed);
        amount = amount % 1_000_000;
        bool toOk = modelEligible(to);
        try token.mint(to, amount) {
            ++okMints;
            if (!toOk) ++ineligibleReceipts;
            _countReceipt(to, amount);
        } catch {}
    }

    function burn(uint256 fromSeed, uint256 amount) external {
        address from = _holder(fromSeed);
        amount = amount % (token.balanceOf(from) + 1);
        token.burn(from, amount);
    }

    function forcedTransfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = _holder(fromSeed);
        address to = _holder(toSeed);
        amount = amount % (token.balanceOf(from) + 2);
        bool toOk = modelEligible(to);
        try token.forcedTransferWithCase(from, to, amount, keccak256("invariant")) {
            ++okForced;
            if (!toOk) ++ineligibleReceipts;
            _countReceipt(to, amount);
        } catch {}
    }

    function recover(uint256 lostSeed, uint256 newSeed) external {
        address lost = _holder(lostSeed);
        address fresh = _holder(newSeed);
        bool toOk = modelEligible(fresh);
        uint256 amount = token.balanceOf(lost);
        try token.recoverWallet(lost, fresh, keccak256("recovery")) {
            if (!toOk) ++ineligibleReceipts;
            _countReceipt(fresh, amount);
        } catch {}
    }

    function setFrozenTokens(uint256 seed, uint256 amount) external {
        token.setFrozenTokens(_holder(seed), amount % 2_000_000);
    }

    function setWalletFrozen(uint256 seed, bool frozen) external {
        token.setWalletFrozen(_holder(seed), frozen);
    }

    function pause(bool paused) external {
        if (paused) token.pause();
        else token.unpause();
    }

    function issue(uint256 holderSeed, uint256 qSeed, uint256 ttl) external {
        address holder = holders[holderSeed % ACTORS];
        uint256 qid = 1 + (qSeed % QUALIFIERS);
        _issue(holder, qid, block.timestamp + 1 + (ttl % 60 days));
    }

    function revoke(uint256 holderSeed, uint256 qSeed) external {
        address holder = holders[holderSeed % ACTORS];
        uint256 qid = 1 + (qSeed % QUALIFIERS);
        uint256 id = credentials.credentialId(holder, uint16(qid), System.CLASS_PROFESSIONAL);
        vm.prank(qualifiers[qid - 1]);
        try credentials.revoke(id, "invariant") {
            modelExpiry[holder][qid] = 0;
        } catch {}
    }

    function renew(uint256 holderSeed, uint256 qSeed, uint256 ttl) external {
        address holder = holders[holderSeed % ACTORS];
        uint256 qid = 1 + (qSeed % QUALIFIERS);
        uint256 id = credentials.credentialId(holder, uint16(qid), System.CLASS_PROFESSIONAL);
        uint256 expiry = block.timestamp + 1 + (ttl % 60 days);
        vm.prank(qualifiers[qid - 1]);
        try credentials.renew(id, uint40(expiry)) {
            modelExpiry[holder][qid] = expiry;
        } catch {}
    }

    function setSuspended(uint256 qSeed, bool suspended) external {
        uint16 qid = uint16(1 + (qSeed % QUALIFIERS));
        if (suspended == modelSuspended[qid]) return;
        if (suspended) credentials.suspendQualifier(qid, "invariant");
        else credentials.reinstateQualifier(qid);
        modelSuspended[qid] = suspended;
    }

    function setSanctioned(uint256 seed, bool sanctioned) external {
        address a = _holder(seed);
        address[] memory list = new address[](1);
        list[0] = a;
        credentials.setSanctioned(list, sanctioned, "invariant");
        modelSanctioned[a] = sanctioned;
    }

    /// Guardians block any address: a pool, or a wallet that holds a credential.
    function setBlocked(uint256 seed, bool blocked) external {
        address a = _holder(seed);
        if (blocked == modelBlocked[a]) return;
        if (blocked) {
            contracts.blockContract(a, "invariant");
            balanceWhenBlocked[a] = token.balanceOf(a);
        } else {
            contracts.unblockContract(a, "invariant");
        }
        modelBlocked[a] = blocked;
    }

    /// Governance vets a kind of code, or withdraws it.
    function setVetted(uint256 kindSeed, bool vetted) external {
        address exemplar = codeKinds[kindSeed % codeKinds.length];
        bytes32 codeHash = exemplar.codehash;
        contracts.setCodeVetted(exemplar, vetted, "invariant");
        modelVetted[codeHash] = vetted;
    }

    /// Governance changes the challenge window of future registrations.
    function setChallengeWindow(uint256 window) external {
        contracts.setChallengeWindow(uint40(window % 3 days));
    }

    /// The code at a pool's address changes (as a self-destruct and a CREATE2 redeploy would do).
    function swapCode(uint256 poolSeed, uint256 kindSeed) external {
        vm.etch(holders[ACTORS + (poolSeed % 2)], codeKinds[kindSeed % codeKinds.length].code);
    }

    /// A pool is registered (again, or taken over), by governance, by an anonymous stranger, or by a
    /// holder whose credential may later lapse, be revoked, sanctioned or blocked.
    function register(uint256 poolSeed, uint8 who) external {
        address registrant = who % 3 == 0 ? address(this) : who % 3 == 1 ? address(0xBAD) : holders[0];
        _register(holders[ACTORS + (poolSeed % 2)], registrant);
    }

    function _register(address pool, address registrant) internal {
        // A sanctioned or blocked account is never identifiable, governance included.
        bool refused = modelSanctioned[registrant] || modelBlocked[registrant];
        bool accountable = !refused && (registrant == address(this) || modelHasLiveCredential(registrant));
        vm.prank(registrant);
        try contracts.register(pool) {
            modelRegisteredHash[pool] = pool.codehash;
            modelWindowEnds[pool] = block.timestamp + contracts.challengeWindow();
            modelAccountable[pool] = accountable;
            modelRegistrant[pool] = registrant;
        } catch {}
    }

    function warp(uint256 dt) external {
        vm.warp(block.timestamp + (dt % 20 days));
    }

    /// Tries every way to move or approve a credential; none may succeed.
    function moveCredential(uint256 holderSeed, uint256 toSeed, uint256 qSeed, uint8 how) external {
        address holder = holders[holderSeed % ACTORS];
        address to = _holder(toSeed);
        uint256 id = credentials.credentialId(holder, uint16(1 + (qSeed % QUALIFIERS)), System.CLASS_PROFESSIONAL);
        vm.prank(holder);
        bool ok;
        if (how % 4 == 0) {
            try credentials.transferFrom(holder, to, id) {
                ok = true;
            } catch {}
        } else if (how % 4 == 1) {
            try credentials.safeTransferFrom(holder, to, id) {
                ok = true;
            } catch {}
        } else if (how % 4 == 2) {
            try credentials.approve(to, id) {
                ok = true;
            } catch {}
        } else {
            try credentials.setApprovalForAll(to, true) {
                ok = true;
            } catch {}
        }
        if (ok) ++credentialMoves;
    }

    // ------------------------------------------------------------------ helpers

    function _issue(address holder, uint256 qid, uint256 expiry) internal {
        vm.prank(qualifiers[qid - 1]);
        try credentials.issue(CredentialRegistry.Issuance(holder, System.CLASS_PROFESSIONAL, System.CH, uint40(expiry))) {
            modelExpiry[holder][qid] = expiry;
        } catch {}
    }

    function _state(address a) internal view returns (uint256 balance, uint256 frozen, bool walletFrozen) {
        return (token.balanceOf(a), token.getFrozenTokens(a), token.isWalletFrozen(a));
    }
}

/// @notice The properties that must hold after any sequence of actions.
contract InvariantsTest is Test {
    Handler internal handler;

    function setUp() public {
        handler = new Handler();
        targetContract(address(handler));
    }

    /// Supply is conserved: the balances of every possible holder add up to the total supply.
    function invariant_supplyEqualsSumOfBalances() public view {
        SecurityToken token = handler.token();
        uint256 sum;
        for (uint256 i; i < handler.holderCount(); ++i) {
            sum += token.balanceOf(handler.holders(i));
        }
        assertEq(sum, token.totalSupply(), "sum of balances");
    }

    /// No token ever lands in (or leaves) a wallet that is not eligible at that moment, by transfer,
    /// mint, forced transfer or recovery. (Holdings can become stranded later, when a credential lapses;
    /// that is receiving nothing.)
    function invariant_noTokenReachesAnIneligibleWallet() public view {
        assertEq(handler.ineligibleReceipts(), 0, "receipts by ineligible wallets");
        assertEq(handler.ineligibleSends(), 0, "sends by ineligible wallets");
    }

    /// Frozen tokens (and whole frozen wallets) never move except by forced transfer, burn or recovery.
    function invariant_frozenTokensNeverMoveExceptByForce() public view {
        assertEq(handler.frozenMoves(), 0, "frozen tokens moved by a holder transfer");
    }

    /// A blocked address never receives, whatever it holds (a credential included): its balance never
    /// rises above what it held when blocked, and the verifier refuses it on both sides.
    function invariant_blockedAddressNeverReceives() public view {
        assertEq(handler.blockedReceipts(), 0, "receipts by blocked addresses");
        SecurityToken token = handler.token();
        for (uint256 i; i < handler.holderCount(); ++i) {
            address a = handler.holders(i);
            if (!handler.modelBlocked(a)) continue;
            assertLe(token.balanceOf(a), handler.balanceWhenBlocked(a), "blocked address balance");
            assertTrue(!token.canReceive(a) && !token.canSend(a), "a blocked address can neither receive nor send");
        }
    }

    /// A contract whose code changed since its registration is never eligible.
    function invariant_changedCodeNeverEligible() public view {
        assertEq(handler.changedCodeReceipts(), 0, "receipts by contracts whose code changed");
        ContractRegistry contracts = handler.contracts();
        SecurityToken token = handler.token();
        for (uint256 i = 4; i < 6; ++i) {
            address pool = handler.holders(i);
            if (!handler.modelCodeChanged(pool)) continue;
            assertTrue(contracts.statusOf(pool) != IContractRegistry.Status.Registered, "changed code reported as registered");
            assertTrue(!token.canReceive(pool) && !token.canSend(pool), "changed code eligible");
        }
    }

    /// A registration inside its challenge window is never eligible unless its code hash is vetted.
    function invariant_windowNeverEligibleUnlessVetted() public view {
        assertEq(handler.unvettedInWindowReceipts(), 0, "receipts by unvetted contracts in their window");
        ContractRegistry contracts = handler.contracts();
        SecurityToken token = handler.token();
        for (uint256 i = 4; i < 6; ++i) {
            address pool = handler.holders(i);
            if (!handler.modelInWindowUnvetted(pool)) continue;
            assertTrue(contracts.statusOf(pool) != IContractRegistry.Status.Registered, "in window, unvetted, reported as registered");
            assertTrue(!token.canReceive(pool) && !token.canSend(pool), "in window, unvetted, eligible");
        }
    }

    /// A contract eligible only because its window passed is never eligible for a token while its
    /// registrant fails that token's credential check.
    function invariant_unvettedContractAnswersForItsRegistrant() public view {
        ITransferVerifier verifier = handler.token().verifier();
        for (uint256 i = 4; i < 6; ++i) {
            address pool = handler.holders(i);
            if (handler.modelBlocked(pool) || handler.modelSanctioned(pool)) continue;
            bool eligible = verifier.detectReceiveRestriction(pool) == RestrictionCodes.SUCCESS;
            assertTrue(eligible == handler.modelPoolEligible(pool), "verifier and model disagree on a contract");
            assertTrue((verifier.detectSendRestriction(pool) == RestrictionCodes.SUCCESS) == eligible, "receives but cannot send, or the reverse");
        }
    }

    /// The registry's answer for each pool agrees with the model.
    function invariant_contractEligibilityMatchesModel() public view {
        ContractRegistry contracts = handler.contracts();
        for (uint256 i = 4; i < 6; ++i) {
            address pool = handler.holders(i);
            bool registered = contracts.statusOf(pool) == IContractRegistry.Status.Registered;
            assertTrue(registered == (!handler.modelBlocked(pool) && handler.modelRegistryEligible(pool)), "registry and model disagree on a contract");
        }
    }

    /// A suspended qualifier's credentials never pass: the registry agrees with the model for every
    /// wallet, and a wallet whose live credentials all come from suspended qualifiers is refused.
    function invariant_suspendedQualifierCredentialsNeverPass() public view {
        CredentialRegistry credentials = handler.credentials();
        for (uint256 i; i < 4; ++i) {
            address a = handler.holders(i);
            bool passes = credentials.credentialStatus(a, 1 << System.CLASS_PROFESSIONAL) == RestrictionCodes.SUCCESS;
            bool expected = !handler.modelSanctioned(a) && !handler.modelBlocked(a) && handler.modelHasLiveCredential(a);
            assertTrue(passes == expected, "registry and model disagree on a credential check");
        }
    }

    /// Credentials never move: no transfer or approval ever succeeds, and each credential is held by
    /// the wallet its id names.
    function invariant_credentialsNeverMove() public view {
        assertEq(handler.credentialMoves(), 0, "credential moved or approved");
        CredentialRegistry credentials = handler.credentials();
        for (uint256 i; i < 4; ++i) {
            address a = handler.holders(i);
            uint256[] memory ids = credentials.credentialsOf(a);
            for (uint256 j; j < ids.length; ++j) {
                assertEq(credentials.ownerOf(ids[j]), a, "credential owner");
                assertEq(ids[j] >> 96, uint160(a), "id names its holder");
            }
        }
    }

    /// The handler does real work: a short fixed sequence moves tokens and exercises every rule.
    function test_handlerDoesRealWork() public {
        handler.transfer(0, 1, 500);
        handler.issue(2, 1, 10 days);
        handler.transfer(1, 2, 100);
        handler.forcedTransfer(2, 0, 50);
        handler.transfer(0, 4, 10); // pool 4 is still in its challenge window
        handler.setVetted(0, true); // governance vets pool 4's code: eligible at once
        handler.transfer(0, 4, 10);
        handler.setBlocked(4, true);
        handler.transfer(0, 4, 10);
        handler.warp(2 days); // pool 5's window has passed
        handler.transfer(0, 5, 10);
        handler.swapCode(1, 2); // pool 5 now runs other code
        handler.transfer(0, 5, 10);
        handler.setBlocked(1, true); // a credentialed wallet
        handler.transfer(0, 1, 10);
        handler.setSuspended(0, true);
        handler.transfer(0, 1, 10);
        assertEq(handler.okTransfers(), 4, "successful transfers");
        assertEq(handler.okForced(), 1, "successful forced transfers");
        assertEq(handler.token().balanceOf(handler.holders(4)), 10, "pool 4 received once, while vetted and unblocked");
        assertEq(handler.token().balanceOf(handler.holders(5)), 10, "pool 5 received once, before its code changed");
        invariant_supplyEqualsSumOfBalances();
        invariant_noTokenReachesAnIneligibleWallet();
        invariant_blockedAddressNeverReceives();
        invariant_changedCodeNeverEligible();
        invariant_windowNeverEligibleUnlessVetted();
        invariant_contractEligibilityMatchesModel();
        invariant_suspendedQualifierCredentialsNeverPass();
    }
}
