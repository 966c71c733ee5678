import { zeroAddress, type Address, type Hex } from "viem";
import type { AssetEvent, BridgeEvent, BridgeLink, EscrowStep } from "./asset-types.js";
import type { Movement } from "./types.js";

/**
 * One chain's history of an asset: its token's movements (chain order) with every burn and mint a bridge made
 * labelled as a bridge leg, and the bridge steps that move no token (escrowed, returned) in between, in chain
 * order. A leg is matched to its bridge event by transaction, holder and amount: a send burns from its sender in
 * the transaction that emits `BridgeSent`; an arrival mints to its recipient with `BridgeReceived`; a retry or a
 * release mints with `EscrowReleased`. A return (`EscrowReturned`, with the `BridgeSent` of the transfer carrying
 * it back) burns nothing: the escrow was never minted.
 */
export function labelBridgeLegs(movements: Movement[], events: BridgeEvent[], links: BridgeLink[]): AssetEvent[] {
  const peerOf = (e: BridgeEvent) => links.find((l) => l.chainId === e.chainId && l.bridge === e.bridge)?.peerChainId ?? 0;
  const returnIds = new Set<Hex>(events.filter((e) => e.name === "EscrowReturned" && e.returnId).map((e) => e.returnId!));
  const byTx = new Map<string, BridgeEvent[]>();
  for (const e of events) {
    const list = byTx.get(e.txHash) ?? [];
    list.push(e);
    byTx.set(e.txHash, list);
  }
  const escrowedFrom = new Map<Hex, Address>(events.filter((e) => e.name === "Escrowed" && e.from).map((e) => [e.transferId, e.from!]));
  const used = new Set<BridgeEvent>();
  const take = (m: Movement, match: (e: BridgeEvent) => boolean) => {
    const e = (byTx.get(m.txHash) ?? []).find((c) => !used.has(c) && c.amount === m.amount && match(c));
    if (e) used.add(e);
    return e;
  };

  const out: AssetEvent[] = [];
  for (const m of movements) {
    let e: BridgeEvent | undefined;
    let step: "sent" | "received" | "released" | undefined;
    if (m.to === zeroAddress && m.from !== zeroAddress) {
      e = take(m, (c) => c.name === "BridgeSent" && c.from === m.from && !returnIds.has(c.transferId));
      step = "sent";
    } else if (m.from === zeroAddress && m.to !== zeroAddress) {
      e = take(m, (c) => c.name === "BridgeReceived" && c.to === m.to);
      step = "received";
      if (!e) {
        e = take(m, (c) => c.name === "EscrowReleased" && c.to === m.to);
        step = "released";
      }
    }
    if (!e || !step) {
      out.push(m);
      continue;
    }
    const counterparty = step === "sent" ? e.to : step === "received" ? e.from : escrowedFrom.get(e.transferId);
    out.push({ ...m, bridge: { step, transferId: e.transferId, bridge: e.bridge, peerChainId: peerOf(e), counterparty: counterparty ?? zeroAddress } });
  }
  for (const e of events) {
    if (e.name !== "Escrowed" && e.name !== "EscrowReturned") continue;
    const step: EscrowStep = {
      kind: e.name === "Escrowed" ? "escrowed" : "returned",
      chainId: e.chainId,
      bridge: e.bridge,
      peerChainId: peerOf(e),
      transferId: e.transferId,
      from: e.from ?? e.bridge,
      to: e.to,
      amount: e.amount,
      txHash: e.txHash,
      blockNumber: e.blockNumber,
      logIndex: e.logIndex,
      timestamp: e.timestamp,
    };
    if (e.name === "EscrowReturned") {
      const carrier = (byTx.get(e.txHash) ?? []).find((c) => c.name === "BridgeSent" && c.transferId === e.returnId);
      step.returnId = e.returnId;
      step.from = carrier?.from ?? e.bridge;
    }
    out.push(step);
  }
  return out.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
}
