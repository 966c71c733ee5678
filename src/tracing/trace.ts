import { zeroAddress, type Address, type Hash } from "viem";
import type { Movement } from "../analytics/types.js";

/**
 * Taint rule: proportional ("haircut"). When a wallet that holds tainted tokens sends, the transfer carries
 * the wallet's tainted share of its balance at that moment (rounded down), so taint spreads evenly through a
 * pool instead of sticking to the first or last tokens in. A burn destroys the taint it carries.
 */
export const TAINT_RULE = "proportional";

export interface TraceEdge {
  from: Address;
  to: Address;
  amount: bigint;
  tainted: bigint;
  txHash: Hash;
  blockNumber: number;
  logIndex: number;
}

export interface TraceNode {
  address: Address;
  /** Transfers from the source to reach this wallet (0 = the source's sender). */
  hops: number;
  taintedReceived: bigint;
  taintedSent: bigint;
  /** Tainted tokens the wallet still holds: what a forced transfer could recover from it. */
  recoverable: bigint;
}

export interface ForwardTrace {
  rule: typeof TAINT_RULE;
  source: { txHash: Hash; from: Address; to: Address; amount: bigint };
  nodes: TraceNode[];
  edges: TraceEdge[];
  /** Tainted tokens still held somewhere (the rest was burned). */
  recoverableTotal: bigint;
}

/**
 * Follows the tokens of one bad transfer (`txHash`, and `logIndex` when the transaction moved tokens more
 * than once) forward through every later transfer, up to `maxHops` transfers away.
 */
export function traceForward(movements: Movement[], txHash: Hash, options: { logIndex?: number; maxHops?: number } = {}): ForwardTrace {
  const maxHops = options.maxHops ?? 10;
  const start = movements.findIndex((m) => m.txHash === txHash && (options.logIndex === undefined || m.logIndex === options.logIndex));
  if (start < 0) throw new Error(`no transfer of this token in transaction ${txHash}`);
  const balance = new Map<Address, bigint>();
  const taint = new Map<Address, bigint>();
  const nodes = new Map<Address, TraceNode>();
  const edges: TraceEdge[] = [];
  const node = (address: Address, hops: number) => {
    let n = nodes.get(address);
    if (!n) {
      n = { address, hops, taintedReceived: 0n, taintedSent: 0n, recoverable: 0n };
      nodes.set(address, n);
    } else n.hops = Math.min(n.hops, hops);
    return n;
  };
  const move = (m: Movement) => {
    if (m.from !== zeroAddress) balance.set(m.from, (balance.get(m.from) ?? 0n) - m.amount);
    if (m.to !== zeroAddress) balance.set(m.to, (balance.get(m.to) ?? 0n) + m.amount);
  };

  movements.slice(0, start).forEach(move);
  const bad = movements[start];
  node(bad.from, 0);
  move(bad);
  taint.set(bad.to, bad.amount);
  const first = node(bad.to, 1);
  first.taintedReceived = bad.amount;
  edges.push({ from: bad.from, to: bad.to, amount: bad.amount, tainted: bad.amount, txHash: bad.txHash, blockNumber: bad.blockNumber, logIndex: bad.logIndex });

  for (const m of movements.slice(start + 1)) {
    const held = taint.get(m.from) ?? 0n;
    const before = balance.get(m.from) ?? 0n;
    move(m);
    if (held === 0n || before === 0n || m.from === m.to) continue;
    const sender = nodes.get(m.from)!;
    if (sender.hops >= maxHops) continue;
    const tainted = (m.amount * held) / before;
    if (tainted === 0n) continue;
    taint.set(m.from, held - tainted);
    sender.taintedSent += tainted;
    edges.push({ from: m.from, to: m.to, amount: m.amount, tainted, txHash: m.txHash, blockNumber: m.blockNumber, logIndex: m.logIndex });
    if (m.to === zeroAddress) continue;
    taint.set(m.to, (taint.get(m.to) ?? 0n) + tainted);
    node(m.to, sender.hops + 1).taintedReceived += tainted;
  }
  for (const n of nodes.values()) n.recoverable = taint.get(n.address) ?? 0n;
  const list = [...nodes.values()].sort((a, b) => a.hops - b.hops || (a.address < b.address ? -1 : 1));
  return {
    rule: TAINT_RULE,
    source: { txHash, from: bad.from, to: bad.to, amount: bad.amount },
    nodes: list,
    edges,
    recoverableTotal: list.reduce((s, n) => s + n.recoverable, 0n),
  };
}

export interface BackwardTrace {
  target: Address;
  /** Wallets that sent to the target, directly (hops 1) or through others, with what they sent along the path. */
  nodes: { address: Address; hops: number; sent: bigint }[];
  edges: TraceEdge[];
}

/**
 * Where did `target`'s tokens come from: every wallet that sent to it (hop 1), to those (hop 2), and so on up
 * to `maxHops`, counting only transfers that happened before the tokens moved on towards the target.
 */
export function traceBackward(movements: Movement[], target: Address, options: { maxHops?: number } = {}): BackwardTrace {
  const maxHops = options.maxHops ?? 5;
  const hopsOf = new Map<Address, number>([[target, 0]]);
  const latest = new Map<Address, number>([[target, movements.length]]); // only inflows before this position count
  const edges: TraceEdge[] = [];
  const sent = new Map<Address, bigint>();
  for (let hop = 1; hop <= maxHops; hop++) {
    const frontier = [...hopsOf.entries()].filter(([, h]) => h === hop - 1).map(([a]) => a);
    for (const receiver of frontier) {
      const until = latest.get(receiver)!;
      movements.slice(0, until).forEach((m, i) => {
        if (m.to !== receiver || m.from === receiver) return;
        edges.push({ from: m.from, to: m.to, amount: m.amount, tainted: 0n, txHash: m.txHash, blockNumber: m.blockNumber, logIndex: m.logIndex });
        sent.set(m.from, (sent.get(m.from) ?? 0n) + m.amount);
        if (m.from === zeroAddress || hopsOf.has(m.from)) return;
        hopsOf.set(m.from, hop);
        latest.set(m.from, i);
      });
    }
  }
  const nodes = [...hopsOf.entries()]
    .filter(([a]) => a !== target)
    .map(([address, hops]) => ({ address, hops, sent: sent.get(address) ?? 0n }))
    .sort((a, b) => a.hops - b.hops || (a.address < b.address ? -1 : 1));
  return { target, nodes, edges };
}
