// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

interface IRegister {
    function register(address target) external;
}

/// @notice Deploys, at one CREATE2 address, whatever runtime code its current template has: the init
/// code never changes, so after a self-destruct the same address can come back with other code.
contract MetamorphicFactory {
    address public template;
    bytes32 private constant SALT = keccak256("metamorphic");

    /// @notice Where the factory deploys.
    function target() public view returns (address) {
        bytes32 h = keccak256(abi.encodePacked(bytes1(0xff), address(this), SALT, keccak256(type(Metamorphic).creationCode)));
        return address(uint160(uint256(h)));
    }

    /// @notice In one transaction: deploy `template_`'s code, register it (the factory is the
    /// registrant), and, when `destroy`, self-destruct it (EIP-6780: the code goes, since it was created
    /// in this transaction).
    function deployRegister(address template_, IRegister registry, bool destroy) external returns (address t) {
        t = _deploy(template_);
        registry.register(t);
        if (destroy) Ephemeral(t).destroy();
    }

    /// @notice Deploys `template_`'s code at the same address again.
    function redeploy(address template_) external returns (address) {
        return _deploy(template_);
    }

    function _deploy(address template_) private returns (address t) {
        template = template_;
        t = address(new Metamorphic{salt: SALT}());
        template = address(0);
    }
}

/// @notice Init code that returns the factory's current template's runtime code.
contract Metamorphic {
    constructor() {
        bytes memory code = MetamorphicFactory(msg.sender).template().code;
        assembly {
            return(add(code, 32), mload(code))
        }
    }
}

/// @notice A template that looks harmless and can be destroyed.
contract Ephemeral {
    function destroy() external {
        selfdestruct(payable(msg.sender));
    }
}
