import type { Hex } from "viem";
import { isMovement, type AssetEvent } from "./asset-types.js";

/** The bridge transfer an event sends (a send's burn, an escrow's return), if it sends one. */
export function sentTransfer(e: AssetEvent): Hex | undefined {
  if (isMovement(e)) return e.bridge?.step === "sent" ? e.bridge.transferId : undefined;
  return e.kind === "returned" ? e.returnId : undefined;
}

/** The bridge transfer an event receives (an arrival's mint, or its escrow), if it receives one. */
export function receivedTransfer(e: AssetEvent): Hex | undefined {
  if (isMovement(e)) return e.bridge?.step === "received" ? e.bridge.transferId : undefined;
  return e.kind === "escrowed" ? e.transferId : undefined;
}

/**
 * Merges the histories of an asset on several chains (each in its chain's order) into one that respects
 * causality: each chain's order is kept, the chains are interleaved by block time, and an arrival never comes
 * before its send, whatever the chains' clocks say (a chain whose clock runs behind waits for the send). An
 * arrival whose send is not in the histories (the source chain indexed from a later block) does not wait.
 */
export function mergeInCausalOrder(chains: AssetEvent[][]): AssetEvent[] {
  const sends = new Set<Hex>();
  for (const chain of chains) for (const e of chain) if (sentTransfer(e)) sends.add(sentTransfer(e)!);
  const sent = new Set<Hex>();
  const next = chains.map(() => 0);
  const out: AssetEvent[] = [];
  const waits = (e: AssetEvent) => {
    const id = receivedTransfer(e);
    return id !== undefined && sends.has(id) && !sent.has(id);
  };
  for (;;) {
    let pick = -1;
    let blockedPick = -1;
    for (let c = 0; c < chains.length; c++) {
      const head = chains[c][next[c]];
      if (!head) continue;
      const earlier = (other: number) => {
        const o = chains[other][next[other]];
        return head.timestamp < o.timestamp || (head.timestamp === o.timestamp && head.chainId < o.chainId);
      };
      if (waits(head)) {
        if (blockedPick < 0 || earlier(blockedPick)) blockedPick = c;
      } else if (pick < 0 || earlier(pick)) pick = c;
    }
    if (pick < 0) pick = blockedPick; // only inconsistent histories get here: keep going in time order
    if (pick < 0) return out;
    const e = chains[pick][next[pick]++];
    const id = sentTransfer(e);
    if (id) sent.add(id);
    out.push(e);
  }
}
