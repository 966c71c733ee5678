// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts/proxy/utils/UUPSUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {CodeScan} from "../../contracts/libraries/CodeScan.sol";

/// @notice Test-only: an ordinary OpenZeppelin ERC-1967 proxy (no immutables: every instance has the same
/// runtime code, whatever implementation it points at).
contract AttackProxy is ERC1967Proxy {
    constructor(address implementation, bytes memory data) payable ERC1967Proxy(implementation, data) {}
}

/// @notice Test-only: the honest, ownerless pool logic governance thinks it vetted (behind a proxy whose
/// upgrade key is, say, a DAO). Nothing here lets one key take the tokens.
contract HonestPoolLogic is Initializable, UUPSUpgradeable {
    address public upgrader;

    function initialize(address upgrader_) external initializer {
        upgrader = upgrader_;
    }

    function kind() external pure returns (string memory) {
        return "honest pool";
    }

    function _authorizeUpgrade(address) internal view override {
        require(msg.sender == upgrader, "not upgrader");
    }
}

/// @notice Test-only: a wallet in upgradeable form: its owner makes it call anything.
contract WalletLogic is Initializable, UUPSUpgradeable {
    address public owner;

    function initialize(address owner_) external initializer {
        owner = owner_;
    }

    /// @notice The upgrade path a malicious upgrader lands on: keeps `upgrader` slot 0 as owner.
    function exec(address target, bytes calldata data) external returns (bytes memory) {
        require(msg.sender == owner, "not the owner");
        (bool ok, bytes memory out) = target.call(data);
        require(ok, "call failed");
        return out;
    }

    function _authorizeUpgrade(address) internal view override {
        require(msg.sender == owner, "not owner");
    }
}

/// @notice Test-only: clone-based vault logic: a factory clones it (EIP-1167) and initialises each clone
/// with a manager, who can only rebalance between whitelisted venues in the real thing; here the manager
/// can `sweep`, which is what an attacker gets when they initialise their own clone.
contract ClonedVaultLogic is Initializable {
    address public manager;

    function initialize(address manager_) external initializer {
        manager = manager_;
    }

    function sweep(address token, bytes calldata data) external returns (bytes memory) {
        require(msg.sender == manager, "not manager");
        (bool ok, bytes memory out) = token.call(data);
        require(ok, "call failed");
        return out;
    }
}

/// @notice Test-only: the "official" vault factory governance trusts.
contract OfficialVaultFactory {
    address public immutable logic;

    constructor(address logic_) {
        logic = logic_;
    }

    function create(address manager) external returns (address clone) {
        clone = Clones.clone(logic);
        ClonedVaultLogic(clone).initialize(manager);
    }
}

/// @notice Test-only: anyone can clone any implementation, no factory needed.
contract AttackerCloner {
    function cloneAndInit(address logic, address manager) external returns (address clone) {
        clone = Clones.clone(logic);
        ClonedVaultLogic(clone).initialize(manager);
    }
}

interface IRegistryLike {
    function register(address target) external;
}

/// @notice Test-only: tries to register itself while still in its constructor (no code yet).
contract SelfRegisterInConstructor {
    constructor(IRegistryLike registry) {
        registry.register(address(this));
    }
}

/// @notice Test-only: exposes the code scan, to measure what it costs on real code.
contract CodeScanHarness {
    function scanAt(address target) external view returns (bool found, uint256 offset, uint8 opcode) {
        return CodeScan.firstForbiddenAt(target);
    }

    function scan(bytes memory code) external pure returns (bool found, uint256 offset, uint8 opcode) {
        return CodeScan.firstForbidden(code);
    }
}
