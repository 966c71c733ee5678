import { zeroAddress, type Address, type Hash, type Hex } from "viem";
import { isMovement, type AssetEvent } from "../analytics/asset-types.js";
import { sentTransfer } from "../analytics/causal-order.js";
import type { BackwardTrace, TraceEdge } from "./trace.js";

/**
 * Where did `target`'s tokens come from: every wallet that sent to it (hop 1), to those (hop 2), and so on up
 * to `maxHops`, counting only transfers that happened before the tokens moved on towards the target. Across a
 * bridge (an asset's history in causal order), tokens minted on arrival or released from escrow come from the
 * transfer's sender on the other chain, as of when it sent them. `chainId` restricts the target to one chain.
 */
export function traceBackward(history: AssetEvent[], target: Address, options: { maxHops?: number; chainId?: number } = {}): BackwardTrace {
  const maxHops = options.maxHops ?? 5;
  const key = (chainId: number, address: Address) => `${chainId}:${address}`;
  const sentAt = new Map<Hex, number>();
  history.forEach((e, i) => {
    const id = sentTransfer(e);
    if (id) sentAt.set(id, i);
  });
  const sentTx = (id: Hex, fallback: Hash) => (sentAt.has(id) ? history[sentAt.get(id)!].txHash : fallback);
  const chains = new Set(history.map((e) => e.chainId).filter((c) => options.chainId === undefined || c === options.chainId));
  const hopsOf = new Map<string, { chainId: number; address: Address; hops: number }>();
  const latest = new Map<string, number>(); // only inflows before this position count
  for (const c of chains) {
    hopsOf.set(key(c, target), { chainId: c, address: target, hops: 0 });
    latest.set(key(c, target), history.length);
  }
  const edges: TraceEdge[] = [];
  const sent = new Map<string, bigint>();
  for (let hop = 1; hop <= maxHops; hop++) {
    const frontier = [...hopsOf.entries()].filter(([, n]) => n.hops === hop - 1);
    for (const [receiverKey, receiver] of frontier) {
      const until = latest.get(receiverKey)!;
      history.slice(0, until).forEach((m, i) => {
        if (!isMovement(m) || m.chainId !== receiver.chainId || m.to !== receiver.address || m.from === receiver.address) return;
        const leg = m.bridge && m.bridge.step !== "sent" ? m.bridge : undefined;
        const from = leg ? { chainId: leg.peerChainId, address: leg.counterparty } : { chainId: m.chainId, address: m.from };
        edges.push({
          chainId: m.chainId,
          from: from.address,
          to: m.to,
          amount: m.amount,
          tainted: 0n,
          txHash: m.txHash,
          blockNumber: m.blockNumber,
          logIndex: m.logIndex,
          ...(leg
            ? {
                bridge: {
                  transferId: leg.transferId,
                  step: leg.step as "received" | "released",
                  fromChainId: leg.peerChainId,
                  sentTxHash: sentTx(leg.transferId, m.txHash),
                },
              }
            : {}),
        });
        const k = key(from.chainId, from.address);
        sent.set(k, (sent.get(k) ?? 0n) + m.amount);
        if (from.address === zeroAddress || hopsOf.has(k)) return;
        hopsOf.set(k, { ...from, hops: hop });
        latest.set(k, leg ? (sentAt.get(leg.transferId) ?? i) : i);
      });
    }
  }
  const targets = new Set([...chains].map((c) => key(c, target)));
  const nodes = [...hopsOf.entries()]
    .filter(([k]) => !targets.has(k))
    .map(([k, n]) => ({ ...n, sent: sent.get(k) ?? 0n }))
    .sort((a, b) => a.hops - b.hops || a.chainId - b.chainId || (a.address < b.address ? -1 : 1));
  return { target, nodes, edges };
}
