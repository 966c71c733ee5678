import { getAddress, type Address, type Hex, type PublicClient, type Transport, type Chain } from "viem";

/** What a wallet signs to prove its holder controls it, bound to the chain, the qualifier and a nonce. */
export const walletProofTypes = {
  WalletProof: [
    { name: "wallet", type: "address" },
    { name: "application", type: "string" },
    { name: "qualifier", type: "address" },
    { name: "nonce", type: "uint256" },
    { name: "expiresAt", type: "uint256" },
  ],
} as const;

export interface WalletProofContext {
  chainId: number;
  /** The credential registry: the contract the proof is for. */
  registry: Address;
  /** The qualifier's issuing address: a proof made for another qualifier does not verify. */
  qualifier: Address;
}

export interface WalletProof {
  wallet: Address;
  application: string;
  nonce: bigint;
  expiresAt: bigint;
  signature: Hex;
}

/** The EIP-712 typed data a wallet signs (for an EOA, a Safe or any ERC-1271 smart wallet). */
export function walletProofTypedData(ctx: WalletProofContext, p: Omit<WalletProof, "signature">) {
  return {
    domain: { name: "Qualified wallet proof", version: "1", chainId: ctx.chainId, verifyingContract: ctx.registry },
    types: walletProofTypes,
    primaryType: "WalletProof" as const,
    message: { wallet: p.wallet, application: p.application, qualifier: ctx.qualifier, nonce: p.nonce, expiresAt: p.expiresAt },
  };
}

export type ProofVerdict = { valid: true } | { valid: false; reason: string };

/**
 * Checks a wallet proof: not expired, nonce not used before (replay), and a signature by the wallet over this
 * chain's, this registry's and this qualifier's typed data. Externally owned accounts are checked by
 * recovery, smart-contract wallets (a Safe) through ERC-1271 on chain; viem's verifyTypedData does both.
 */
export async function verifyWalletProof(
  publicClient: PublicClient<Transport, Chain>,
  ctx: WalletProofContext,
  proof: WalletProof,
  checks: { now: number; nonceUsed: (wallet: Address, nonce: bigint) => Promise<boolean> | boolean },
): Promise<ProofVerdict> {
  if (proof.expiresAt <= BigInt(checks.now)) return { valid: false, reason: "the proof has expired: sign a new one" };
  if (await checks.nonceUsed(getAddress(proof.wallet), proof.nonce)) return { valid: false, reason: "this nonce was used before: a replayed proof is refused" };
  let ok = false;
  try {
    ok = await publicClient.verifyTypedData({ address: proof.wallet, signature: proof.signature, ...walletProofTypedData(ctx, proof) });
  } catch {
    ok = false;
  }
  return ok ? { valid: true } : { valid: false, reason: "the signature is not the wallet's for this chain, registry and qualifier" };
}
