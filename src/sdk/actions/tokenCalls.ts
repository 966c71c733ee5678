import { encodeFunctionData, keccak256, toHex, type Address, type Hex } from "viem";
import { securityTokenAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";

// The issuer's token operations as calls, to send with `send` (directly or through the issuer's Safe).

export const mintCall = (token: Address, p: { to: Address; amount: bigint }): Call => ({
  to: token,
  data: encodeFunctionData({ abi: securityTokenAbi, functionName: "mint", args: [p.to, p.amount] }),
});

export const setFrozenTokensCall = (token: Address, p: { account: Address; amount: bigint }): Call => ({
  to: token,
  data: encodeFunctionData({ abi: securityTokenAbi, functionName: "setFrozenTokens", args: [p.account, p.amount] }),
});

export const setWalletFrozenCall = (token: Address, p: { account: Address; frozen: boolean }): Call => ({
  to: token,
  data: encodeFunctionData({ abi: securityTokenAbi, functionName: "setWalletFrozen", args: [p.account, p.frozen] }),
});

/** A case reference: a bytes32 given as is, or the keccak-256 of a readable case name. */
export const caseReference = (ref: string): Hex => (/^0x[0-9a-fA-F]{64}$/.test(ref) ? (ref as Hex) : keccak256(toHex(ref)));

export const forcedTransferCall = (token: Address, p: { from: Address; to: Address; amount: bigint; caseRef: string }): Call => ({
  to: token,
  data: encodeFunctionData({
    abi: securityTokenAbi,
    functionName: "forcedTransferWithCase",
    args: [p.from, p.to, p.amount, caseReference(p.caseRef)],
  }),
});

export const grantTokenRoleCall = (token: Address, p: { role: "MINTER_ROLE" | "FREEZER_ROLE" | "ENFORCER_ROLE" | "PAUSER_ROLE"; account: Address }): Call => ({
  to: token,
  data: encodeFunctionData({ abi: securityTokenAbi, functionName: "grantRole", args: [keccak256(toHex(p.role)), p.account] }),
});

export const setDisclosureCall = (
  token: Address,
  p: { classification: string; jurisdiction: string; documentUri: string; documentHash: Hex },
): Call => ({
  to: token,
  data: encodeFunctionData({ abi: securityTokenAbi, functionName: "setDisclosure", args: [p] }),
});

/** Hands the token over to `issuer`, which must already hold the admin role; then it claims the listing. */
export const setIssuerCall = (token: Address, p: { issuer: Address }): Call => ({
  to: token,
  data: encodeFunctionData({ abi: securityTokenAbi, functionName: "setIssuer", args: [p.issuer] }),
});
