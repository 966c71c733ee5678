// One round of the fictitious-default algorithm: the payments of the nodes in default while every other
// node pays in full.
import { solveDense } from "./dense-solve.js";
import type { Adjacency } from "./graph.js";

/** Edge visits allowed per round before the clearing gives up (a few seconds of work). */
const MAX_WORK = 2_000_000_000;
/** Nodes in default up to which a slowly converging round is solved exactly (dense elimination). */
const DENSE_LIMIT = 1_500;

export interface Round {
  inDefault: number[];
  /** Payments, updated in place. */
  p: Float64Array;
  owed: Float64Array;
  /** Incoming edges weighted by the payer's relative liability. */
  incoming: Adjacency;
  alpha: number;
  beta: number;
  e: Float64Array;
}

/**
 * Payments of the nodes in default, the others paying in full: Gauss-Seidel sweeps from above. The error
 * left after a sweep is about change x r / (1 - r), r the observed contraction, so the sweeps stop only when
 * that estimate is negligible; a round that contracts slowly (defaulted nodes owing almost everything to
 * each other) is solved exactly when it is small enough. Returns the sweeps spent.
 */
export function solveDefaulted(round: Round, value: (i: number) => number): number {
  const { inDefault, p, owed, incoming } = round;
  let scale = 1;
  let edges = 0;
  for (const i of inDefault) {
    scale = Math.max(scale, owed[i]!);
    edges += incoming.offsets[i + 1]! - incoming.offsets[i]! + 1;
  }
  const tolerance = scale * 1e-13;
  let previous = Number.POSITIVE_INFINITY;
  for (let sweeps = 1; ; sweeps++) {
    let change = 0;
    for (const i of inDefault) {
      const v = Math.min(owed[i]!, value(i));
      change = Math.max(change, p[i]! - v);
      p[i] = v;
    }
    const r = previous > 0 && Number.isFinite(previous) ? change / previous : 0;
    previous = change;
    if (change === 0 || (r < 1 && change * Math.max(1, r / (1 - r)) <= tolerance)) return sweeps;
    if (sweeps >= 50 && r > 0.9 && inDefault.length <= DENSE_LIMIT && solveExactly(round)) return sweeps + 1;
    if (sweeps * edges > MAX_WORK) {
      throw new Error(`the clearing converges too slowly: ${inDefault.length} nodes in default owe almost everything to each other`);
    }
  }
}

/**
 * Solves p_D = alpha e_D + beta (Pi^T p)_D with the solvent nodes paying in full, by dense elimination.
 * Keeps the result only if it is a valid payment vector no higher than the current one; else false.
 */
function solveExactly({ inDefault, p, owed, incoming, alpha, beta, e }: Round): boolean {
  const m = inDefault.length;
  const slot = new Map(inDefault.map((i, k) => [i, k]));
  const a = new Float64Array(m * m);
  const b = new Float64Array(m);
  inDefault.forEach((i, row) => {
    a[row * m + row] = 1;
    b[row] = alpha * e[i]!;
    for (let k = incoming.offsets[i]!; k < incoming.offsets[i + 1]!; k++) {
      const j = incoming.others[k]!;
      const col = slot.get(j);
      if (col === undefined) b[row]! += beta * incoming.weights[k]! * p[j]!;
      else a[row * m + col]! -= beta * incoming.weights[k]!;
    }
  });
  const x = solveDense(m, a, b);
  if (!x) return false;
  for (let k = 0; k < m; k++) {
    const v = x[k]!;
    if (!(v >= -1e-9 * Math.max(1, owed[inDefault[k]!]!)) || v > p[inDefault[k]!]! + 1e-9 * Math.max(1, p[inDefault[k]!]!)) return false;
  }
  inDefault.forEach((i, k) => (p[i] = Math.min(owed[i]!, Math.max(0, x[k]!))));
  return true;
}
