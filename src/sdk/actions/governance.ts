import { encodeFunctionData, keccak256, toHex, type Address } from "viem";
import { contractRegistryAbi, credentialRegistryAbi, issuerRegistryAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";
import type { Deployment } from "../deployment.js";
import { jurisdictionCode } from "../jurisdiction.js";

// Governance acts through its Safe and the timelock: these build the calls for `governViaTimelock`.

/** Admits `account` as a qualifier named `name`, allowed to issue `classes` (class ids). */
export function admitQualifierCall(d: Deployment, p: { account: Address; name: string; classes: number[] }): Call {
  const mask = p.classes.reduce((m, c) => m | (1n << BigInt(c)), 0n);
  return {
    to: d.registries.credentials,
    data: encodeFunctionData({ abi: credentialRegistryAbi, functionName: "admitQualifier", args: [p.account, p.name, mask] }),
  };
}

/** Suspends qualifier `id`: every credential it issued stops passing at once. */
export function suspendQualifierCall(d: Deployment, p: { id: number; reason: string }): Call {
  return {
    to: d.registries.credentials,
    data: encodeFunctionData({ abi: credentialRegistryAbi, functionName: "suspendQualifier", args: [p.id, p.reason] }),
  };
}

/** Seats `account` as the regulator of `jurisdiction` (ISO 3166 alpha-2, e.g. "CH"). */
export function admitRegulatorCall(d: Deployment, p: { account: Address; jurisdiction: string; name: string }): Call {
  return {
    to: d.registries.issuers,
    data: encodeFunctionData({
      abi: issuerRegistryAbi,
      functionName: "admitRegulator",
      args: [p.account, jurisdictionCode(p.jurisdiction), p.name],
    }),
  };
}

/** Appoints `account` as a guardian of the contract registry. */
export function appointGuardianCall(d: Deployment, p: { account: Address }): Call {
  return {
    to: d.registries.contracts,
    data: encodeFunctionData({ abi: contractRegistryAbi, functionName: "grantRole", args: [keccak256(toHex("GUARDIAN_ROLE")), p.account] }),
  };
}

/** Appoints `account` as a sanctions operator of the credential registry. */
export function appointSanctionsOperatorCall(d: Deployment, p: { account: Address }): Call {
  return {
    to: d.registries.credentials,
    data: encodeFunctionData({ abi: credentialRegistryAbi, functionName: "grantRole", args: [keccak256(toHex("SANCTIONS_ROLE")), p.account] }),
  };
}

/**
 * Vets (or withdraws) the code deployed at `exemplar`: every contract with the same code is eligible as soon
 * as anyone registers it. The registry scans the exemplar's code once and refuses code that can delegate or
 * destroy itself (a proxy, a clone). Vet only ownerless code that no single key controls.
 */
export function vetCodeCall(d: Deployment, p: { exemplar: Address; label: string; vetted?: boolean }): Call {
  return {
    to: d.registries.contracts,
    data: encodeFunctionData({ abi: contractRegistryAbi, functionName: "setCodeVetted", args: [p.exemplar, p.vetted ?? true, p.label] }),
  };
}

/** Removes a registration (a squatted record, a registration made in error), with a reason; a block stays. */
export function deregisterContractCall(d: Deployment, p: { target: Address; reason: string }): Call {
  return {
    to: d.registries.contracts,
    data: encodeFunctionData({ abi: contractRegistryAbi, functionName: "deregister", args: [p.target, p.reason] }),
  };
}

/** Sets the challenge window (seconds) that future registrations of unvetted code wait out. */
export function setChallengeWindowCall(d: Deployment, p: { seconds: number }): Call {
  return {
    to: d.registries.contracts,
    data: encodeFunctionData({ abi: contractRegistryAbi, functionName: "setChallengeWindow", args: [p.seconds] }),
  };
}

/** Reinstates suspended qualifier `id`: its credentials pass again. */
export function reinstateQualifierCall(d: Deployment, p: { id: number }): Call {
  return {
    to: d.registries.credentials,
    data: encodeFunctionData({ abi: credentialRegistryAbi, functionName: "reinstateQualifier", args: [p.id] }),
  };
}

/** Sets the classes (class ids) qualifier `id` may issue. */
export function setQualifierClassesCall(d: Deployment, p: { id: number; classes: number[] }): Call {
  const mask = p.classes.reduce((m, c) => m | (1n << BigInt(c)), 0n);
  return {
    to: d.registries.credentials,
    data: encodeFunctionData({ abi: credentialRegistryAbi, functionName: "setQualifierClasses", args: [p.id, mask] }),
  };
}

/** Removes the regulator `account` from its seat, with a reason. */
export function removeRegulatorCall(d: Deployment, p: { account: Address; reason: string }): Call {
  return {
    to: d.registries.issuers,
    data: encodeFunctionData({ abi: issuerRegistryAbi, functionName: "removeRegulator", args: [p.account, p.reason] }),
  };
}

/** Removes `account` from the contract registry's guardians. */
export function removeGuardianCall(d: Deployment, p: { account: Address }): Call {
  return {
    to: d.registries.contracts,
    data: encodeFunctionData({ abi: contractRegistryAbi, functionName: "revokeRole", args: [keccak256(toHex("GUARDIAN_ROLE")), p.account] }),
  };
}

/** Removes `account` from the credential registry's sanctions operators. */
export function removeSanctionsOperatorCall(d: Deployment, p: { account: Address }): Call {
  return {
    to: d.registries.credentials,
    data: encodeFunctionData({ abi: credentialRegistryAbi, functionName: "revokeRole", args: [keccak256(toHex("SANCTIONS_ROLE")), p.account] }),
  };
}
