import type { Address } from "viem";

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
}

/** Counterparty categories, as chain-analytics reports show them. */
export type Category = "mint/burn" | "defi" | "exchange" | "custodian" | "bridge" | "individual";
