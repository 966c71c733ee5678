import type { AssetEvent, BridgeEvent, BridgeLink } from "./asset-types.js";
import { labelBridgeLegs } from "./bridge-legs.js";
import { mergeInCausalOrder } from "./causal-order.js";
import type { Movement } from "./types.js";

/** One chain's part of an asset: its token's movements and its bridges' events, each in chain order. */
export interface ChainRecord {
  movements: Movement[];
  bridgeEvents: BridgeEvent[];
}

/**
 * An asset's history on every chain as one sequence: each chain's movements with their bridge legs labelled,
 * the escrow steps in between, and the chains merged in causal order.
 */
export function assetHistory(chains: ChainRecord[], links: BridgeLink[]): AssetEvent[] {
  return mergeInCausalOrder(chains.map((c) => labelBridgeLegs(c.movements, c.bridgeEvents, links)));
}
