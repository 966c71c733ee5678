// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SecurityToken} from "../../../contracts/token/SecurityToken.sol";
import {CredentialRegistry} from "../../../contracts/registries/CredentialRegistry.sol";
import {ContractRegistry} from "../../../contracts/registries/ContractRegistry.sol";
import {IssuerRegistry} from "../../../contracts/registries/IssuerRegistry.sol";
import {CredentialVerifier} from "../../../contracts/verifiers/CredentialVerifier.sol";
import {ITransferVerifier} from "../../../contracts/interfaces/ITransferVerifier.sol";
import {Vm} from "./Test.sol";

/// @notice A contract standing in for a DeFi pool: it only needs code to be registrable.
contract Pool {
    function ping() external pure returns (bool) {
        return true;
    }
}

/// @notice Deploys the system the way the TypeScript fixture does, for Solidity tests.
library System {
    uint8 internal constant CLASS_PROFESSIONAL = 1;
    uint8 internal constant CLASS_ENTITY = 2;
    uint16 internal constant CH = 0x4348;

    struct Deployment {
        CredentialRegistry credentials;
        ContractRegistry contracts;
        CredentialVerifier verifier;
        SecurityToken token;
    }

    /// @dev Deploys with `self` (the test) as governance, issuer, guardian and sanctions operator, and
    /// admits `qualifiers` for both classes.
    function deploy(address self, address[] memory qualifiers) internal returns (Deployment memory d) {
        Vm vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);
        d.credentials = new CredentialRegistry(self);
        d.contracts = new ContractRegistry(self, d.credentials, new IssuerRegistry(self));
        vm.startPrank(self);
        d.credentials.grantRole(keccak256("BLOCKER_ROLE"), address(d.contracts));
        d.credentials.defineClass(CLASS_PROFESSIONAL, "professional investor");
        d.credentials.defineClass(CLASS_ENTITY, "entity");
        uint256 both = (1 << CLASS_PROFESSIONAL) | (1 << CLASS_ENTITY);
        for (uint256 i; i < qualifiers.length; ++i) {
            d.credentials.admitQualifier(qualifiers[i], "qualifier", both);
        }
        d.credentials.grantRole(d.credentials.SANCTIONS_ROLE(), self);
        d.contracts.grantRole(d.contracts.GUARDIAN_ROLE(), self);
        vm.stopPrank();
        d.verifier = new CredentialVerifier(d.credentials, d.contracts, 1 << CLASS_PROFESSIONAL, false);
        d.token = new SecurityToken(
            "Bond", "BND", 18, self, ITransferVerifier(address(d.verifier)), SecurityToken.Disclosure("bond", "CH", "", 0)
        );
    }
}
