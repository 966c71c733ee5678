import { zeroAddress, type Address, type Hash, type Hex } from "viem";
import { isMovement, type AssetEvent, type EscrowStep } from "../analytics/asset-types.js";
import type { Movement } from "../analytics/types.js";
import { TAINT_RULE, type ForwardTrace, type InFlightTaint, type TraceEdge, type TraceNode } from "./trace.js";

interface Carried extends InFlightTaint {
  sender: TraceNode;
}

/**
 * Follows the tokens of one bad transfer (`txHash`, with `logIndex` when the transaction moved tokens more than
 * once and `chainId` when the history spans chains) forward through every later transfer, up to `maxHops`
 * transfers away. The history is one token's movements, or an asset's on every chain in causal order (see
 * `mergeInCausalOrder`): then tainted tokens sent across a bridge carry their taint to the other chain, and the
 * trace goes on there.
 */
export function traceForward(history: AssetEvent[], txHash: Hash, options: { logIndex?: number; chainId?: number; maxHops?: number } = {}): ForwardTrace {
  const maxHops = options.maxHops ?? 10;
  const start = history.findIndex(
    (m) =>
      isMovement(m) &&
      m.txHash === txHash &&
      (options.logIndex === undefined || m.logIndex === options.logIndex) &&
      (options.chainId === undefined || m.chainId === options.chainId),
  );
  if (start < 0) throw new Error(`no transfer of this token in transaction ${txHash}`);
  const key = (chainId: number, address: Address) => `${chainId}:${address}`;
  const balance = new Map<string, bigint>();
  const taint = new Map<string, bigint>();
  const nodes = new Map<string, TraceNode>();
  const edges: TraceEdge[] = [];
  const inFlight = new Map<Hex, Carried>();
  const escrows = new Map<Hex, { tainted: bigint; node: TraceNode }>();
  const node = (chainId: number, address: Address, hops: number, escrow = false) => {
    const k = escrow ? `${key(chainId, address)}:escrow` : key(chainId, address);
    let n = nodes.get(k);
    if (!n) {
      n = { chainId, address, ...(escrow ? { escrow: true as const } : {}), hops, taintedReceived: 0n, taintedSent: 0n, recoverable: 0n };
      nodes.set(k, n);
    } else n.hops = Math.min(n.hops, hops);
    return n;
  };
  const move = (m: Movement) => {
    if (m.from !== zeroAddress) balance.set(key(m.chainId, m.from), (balance.get(key(m.chainId, m.from)) ?? 0n) - m.amount);
    if (m.to !== zeroAddress) balance.set(key(m.chainId, m.to), (balance.get(key(m.chainId, m.to)) ?? 0n) + m.amount);
  };
  const receive = (chainId: number, to: Address, tainted: bigint, hops: number) => {
    taint.set(key(chainId, to), (taint.get(key(chainId, to)) ?? 0n) + tainted);
    node(chainId, to, hops).taintedReceived += tainted;
  };
  const at = (e: AssetEvent) => ({ txHash: e.txHash, blockNumber: e.blockNumber, logIndex: e.logIndex });
  const bridgeEdge = (c: Carried, e: AssetEvent, to: Address, step: "received" | "escrowed"): TraceEdge => ({
    chainId: e.chainId,
    from: c.sender.address,
    to,
    amount: c.amount,
    tainted: c.tainted,
    ...at(e),
    bridge: {
      transferId: c.transferId,
      step,
      fromChainId: c.fromChainId,
      sentTxHash: c.sentTxHash,
      ...(c.sender.escrow ? { fromEscrow: true as const } : {}),
    },
  });

  /** Taint the sender of `m` passes on: its share of what it held, unless it is out of reach or holds none. */
  const carried = (m: Movement, held: bigint, before: bigint) => {
    if (held === 0n || before === 0n || m.from === m.to) return undefined;
    const sender = nodes.get(key(m.chainId, m.from))!;
    if (sender.hops >= maxHops) return undefined;
    const tainted = (m.amount * held) / before;
    if (tainted === 0n) return undefined;
    taint.set(key(m.chainId, m.from), held - tainted);
    sender.taintedSent += tainted;
    return { sender, tainted };
  };
  const send = (m: Movement, sender: TraceNode, tainted: bigint) =>
    inFlight.set(m.bridge!.transferId, {
      transferId: m.bridge!.transferId,
      fromChainId: m.chainId,
      toChainId: m.bridge!.peerChainId,
      from: m.from,
      to: m.bridge!.counterparty,
      amount: m.amount,
      tainted,
      sentTxHash: m.txHash,
      sender,
    });

  const onMovement = (m: Movement) => {
    const held = taint.get(key(m.chainId, m.from)) ?? 0n;
    const before = balance.get(key(m.chainId, m.from)) ?? 0n;
    move(m);
    const id = m.bridge?.transferId;
    if (m.bridge?.step === "received" && inFlight.has(id!)) {
      const c = inFlight.get(id!)!;
      inFlight.delete(id!);
      edges.push(bridgeEdge(c, m, m.to, "received"));
      receive(m.chainId, m.to, c.tainted, c.sender.hops + 1);
    }
    if (m.bridge?.step === "released" && escrows.has(id!) && escrows.get(id!)!.node.hops < maxHops) {
      const x = escrows.get(id!)!;
      escrows.delete(id!);
      x.node.taintedSent += x.tainted;
      edges.push({
        chainId: m.chainId,
        from: x.node.address,
        to: m.to,
        amount: m.amount,
        tainted: x.tainted,
        ...at(m),
        bridge: { transferId: id!, step: "released", fromChainId: m.chainId, sentTxHash: m.txHash, fromEscrow: true },
      });
      receive(m.chainId, m.to, x.tainted, x.node.hops + 1);
    }
    const c = carried(m, held, before);
    if (!c) return;
    if (m.bridge?.step === "sent") return send(m, c.sender, c.tainted);
    edges.push({ chainId: m.chainId, from: m.from, to: m.to, amount: m.amount, tainted: c.tainted, ...at(m) });
    if (m.to !== zeroAddress) receive(m.chainId, m.to, c.tainted, c.sender.hops + 1);
  };

  const onEscrowStep = (s: EscrowStep) => {
    if (s.kind === "escrowed") {
      const c = inFlight.get(s.transferId);
      if (!c) return;
      inFlight.delete(s.transferId);
      const escrow = node(s.chainId, s.bridge, c.sender.hops + 1, true);
      escrow.taintedReceived += c.tainted;
      escrows.set(s.transferId, { tainted: c.tainted, node: escrow });
      edges.push(bridgeEdge(c, s, s.bridge, "escrowed"));
      return;
    }
    const x = escrows.get(s.transferId);
    if (!x || !s.returnId || x.node.hops >= maxHops) return;
    escrows.delete(s.transferId);
    x.node.taintedSent += x.tainted;
    inFlight.set(s.returnId, {
      transferId: s.returnId,
      fromChainId: s.chainId,
      toChainId: s.peerChainId,
      from: s.bridge,
      to: s.to,
      amount: s.amount,
      tainted: x.tainted,
      sentTxHash: s.txHash,
      sender: x.node,
    });
  };

  for (const e of history.slice(0, start)) if (isMovement(e)) move(e);
  const bad = history[start] as Movement;
  const origin = node(bad.chainId, bad.from, 0);
  move(bad);
  if (bad.bridge?.step === "sent") {
    origin.taintedSent = bad.amount;
    send(bad, origin, bad.amount);
  } else {
    edges.push({ chainId: bad.chainId, from: bad.from, to: bad.to, amount: bad.amount, tainted: bad.amount, ...at(bad) });
    if (bad.to !== zeroAddress) receive(bad.chainId, bad.to, bad.amount, 1);
  }
  for (const e of history.slice(start + 1)) {
    if (isMovement(e)) onMovement(e);
    else onEscrowStep(e);
  }

  for (const n of nodes.values()) n.recoverable = n.escrow ? 0n : (taint.get(key(n.chainId, n.address)) ?? 0n);
  for (const x of escrows.values()) x.node.recoverable += x.tainted;
  const list = [...nodes.values()].sort((a, b) => a.hops - b.hops || a.chainId - b.chainId || (a.address < b.address ? -1 : 1));
  const pending = [...inFlight.values()].map(({ sender: _, ...f }) => f);
  return {
    rule: TAINT_RULE,
    source: { chainId: bad.chainId, txHash, from: bad.from, to: bad.bridge?.step === "sent" ? bad.bridge.counterparty : bad.to, amount: bad.amount },
    nodes: list,
    edges,
    recoverableTotal: list.reduce((s, n) => s + n.recoverable, 0n),
    inFlight: pending,
    inFlightTotal: pending.reduce((s, f) => s + f.tainted, 0n),
  };
}
