import type { Address, Hash, Hex } from "viem";

/**
 * Taint rule: proportional ("haircut"). When a wallet that holds tainted tokens sends, the transfer carries
 * the wallet's tainted share of its balance at that moment (rounded down), so taint spreads evenly through a
 * pool instead of sticking to the first or last tokens in. A burn destroys the taint it carries; a bridge's burn
 * does not: its taint travels with the transfer and arrives with the mint on the other chain (or in the escrow
 * there, and onward when the escrow is released or returned).
 */
export const TAINT_RULE = "proportional";

export interface TraceEdge {
  /** The chain where `to` received the tokens (for a bridge edge, the chain they arrived on). */
  chainId: number;
  from: Address;
  to: Address;
  amount: bigint;
  tainted: bigint;
  txHash: Hash;
  blockNumber: number;
  logIndex: number;
  /**
   * A bridge edge: the transfer, how it arrived (minted to the recipient, kept in escrow, released from escrow),
   * and the chain and transaction it left from. Into and out of an escrow, `to`/`from` is the bridge's address
   * (`step: "escrowed"` goes into one; `fromEscrow` comes out of one, released or returned).
   */
  bridge?: { transferId: Hex; step: "received" | "escrowed" | "released"; fromChainId: number; sentTxHash: Hash; fromEscrow?: true };
}

export interface TraceNode {
  /** The chain where this wallet (or escrow) held the tokens: a forced transfer recovers them there. */
  chainId: number;
  address: Address;
  /** An escrow of the bridge at `address`: the issuer releases or returns it. */
  escrow?: true;
  /** Transfers from the source to reach this wallet (0 = the source's sender); a bridge transfer is one. */
  hops: number;
  taintedReceived: bigint;
  taintedSent: bigint;
  /** Tainted tokens the wallet still holds on this chain: what a forced transfer there could recover. */
  recoverable: bigint;
}

/** Tainted tokens sent across a bridge and not yet arrived. */
export interface InFlightTaint {
  transferId: Hex;
  fromChainId: number;
  toChainId: number;
  from: Address;
  to: Address;
  amount: bigint;
  tainted: bigint;
  sentTxHash: Hash;
}

export interface ForwardTrace {
  rule: typeof TAINT_RULE;
  source: { chainId: number; txHash: Hash; from: Address; to: Address; amount: bigint };
  nodes: TraceNode[];
  edges: TraceEdge[];
  /** Tainted tokens still held somewhere, escrows included (the rest was burned or is in flight). */
  recoverableTotal: bigint;
  inFlight: InFlightTaint[];
  inFlightTotal: bigint;
}

export interface BackwardTrace {
  target: Address;
  /** Wallets that sent to the target, directly (hops 1) or through others, with what they sent along the path. */
  nodes: { chainId: number; address: Address; hops: number; sent: bigint }[];
  edges: TraceEdge[];
}

export { traceForward } from "./forward.js";
export { traceBackward } from "./backward.js";
