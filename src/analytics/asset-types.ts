import type { Address, Hash, Hex } from "viem";
import type { Movement } from "./types.js";

/**
 * Which token a bridge burns and mints on one chain, and its peer on the other chain. The links of a bridged
 * asset join its tokens on every chain into one asset.
 */
export interface BridgeLink {
  chainId: number;
  bridge: Address;
  token: Address;
  peerChainId: number;
  peerBridge: Address;
  peerToken: Address;
}

/** One token of an asset on one chain. */
export interface AssetToken {
  chainId: number;
  token: Address;
}

/** A bridge's event as the monitor decoded it (`from` is absent from the escrow's release and return). */
export interface BridgeEvent {
  chainId: number;
  bridge: Address;
  name: "BridgeSent" | "BridgeReceived" | "Escrowed" | "EscrowReleased" | "EscrowReturned";
  transferId: Hex;
  /** EscrowReturned: the bridge transfer that carries the escrow back. */
  returnId?: Hex;
  from?: Address;
  to: Address;
  amount: bigint;
  txHash: Hash;
  blockNumber: number;
  logIndex: number;
  timestamp: number;
}

/**
 * A bridge step that moves no token: an arrival kept in escrow (`from` the sender on the peer chain, `to` the
 * recipient the destination refused), or an escrow returned to its sender (`from` that refused recipient, `to`
 * the original sender on the peer chain, carried by the new bridge transfer `returnId`).
 */
export interface EscrowStep {
  kind: "escrowed" | "returned";
  chainId: number;
  bridge: Address;
  peerChainId: number;
  transferId: Hex;
  returnId?: Hex;
  from: Address;
  to: Address;
  amount: bigint;
  txHash: Hash;
  blockNumber: number;
  logIndex: number;
  timestamp: number;
}

/** What happened to an asset, on every chain: its tokens' movements and the escrow steps of its bridges. */
export type AssetEvent = Movement | EscrowStep;

export const isMovement = (e: AssetEvent): e is Movement => e.kind === "transfer" || e.kind === "mint" || e.kind === "burn";

/** The token movements of an asset's history, in the same order. */
export const movementsOf = (events: AssetEvent[]): Movement[] => events.filter(isMovement);
