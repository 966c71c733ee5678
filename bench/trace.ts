import type { Hash } from "viem";

/** One call frame's share of a transaction's gas, split by what pays for it. */
export interface FrameGas {
  depth: number;
  sload: number;
  callAccess: number;
  sstore: number;
  log: number;
  computation: number;
  /** The part of `computation` spent entering the frame: selector dispatch and argument decoding, up to
   * its first storage read, hash or call. */
  entry: number;
  steps: number;
}

interface StructLog {
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
}

interface Provider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

/**
 * Traces `hash` (debug_traceTransaction) and splits its execution gas by call depth: storage reads, the
 * access cost of calls (without the gas handed to the callee), storage writes, events, and everything else
 * (computation: dispatch, ABI encoding and decoding, checks). Deterministic, like the figures themselves.
 */
export async function gasByFrame(provider: Provider, hash: Hash): Promise<FrameGas[]> {
  const trace = (await provider.request({
    method: "debug_traceTransaction",
    params: [hash, { disableStorage: true, disableMemory: true, disableStack: true }],
  })) as { structLogs: StructLog[] };
  const logs = trace.structLogs;
  const frames = new Map<number, FrameGas>();
  for (let i = 0; i < logs.length; i++) {
    const l = logs[i];
    const f = frames.get(l.depth) ?? { depth: l.depth, sload: 0, callAccess: 0, sstore: 0, log: 0, computation: 0, entry: -1, steps: 0 };
    f.steps++;
    if (f.entry < 0 && ["SLOAD", "KECCAK256", "STATICCALL", "CALL", "DELEGATECALL"].includes(l.op)) f.entry = f.computation;
    if (l.op === "STATICCALL" || l.op === "CALL" || l.op === "DELEGATECALL") {
      const next = logs[i + 1];
      f.callAccess += l.gasCost - (next && next.depth === l.depth + 1 ? next.gas : 0);
    } else if (l.op === "SLOAD") f.sload += l.gasCost;
    else if (l.op === "SSTORE") f.sstore += l.gasCost;
    else if (l.op.startsWith("LOG")) f.log += l.gasCost;
    else f.computation += l.gasCost;
    frames.set(l.depth, f);
  }
  return [...frames.values()].map((f) => ({ ...f, entry: Math.max(f.entry, 0) })).sort((a, b) => a.depth - b.depth);
}
