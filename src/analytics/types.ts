import type { Address, Hex } from "viem";

/** One token movement as the monitor stored it (amounts in base units). */
export interface Movement {
  /** The chain it happened on. */
  chainId: number;
  token: Address;
  from: Address;
  to: Address;
  amount: bigint;
  kind: "transfer" | "mint" | "burn";
  blockNumber: number;
  logIndex: number;
  txHash: `0x${string}`;
  timestamp: number;
  /** Set when this burn or mint is one leg of a bridge transfer (not a change of the asset's supply). */
  bridge?: BridgeLeg;
}

/**
 * A burn or mint made by a bridge: `sent` burns the sender's tokens on the source chain, `received` mints them
 * to the recipient on the destination, `released` mints an escrowed transfer to whom the escrow went.
 */
export interface BridgeLeg {
  step: "sent" | "received" | "released";
  transferId: Hex;
  /** The bridge contract on this movement's chain. */
  bridge: Address;
  /** The other chain of the transfer. */
  peerChainId: number;
  /** The transfer's other party, on the peer chain: the recipient of a send, the sender of an arrival or release. */
  counterparty: Address;
}

/** Counterparty categories, as chain-analytics reports show them. */
export type Category = "mint/burn" | "defi" | "exchange" | "custodian" | "bridge" | "individual";
