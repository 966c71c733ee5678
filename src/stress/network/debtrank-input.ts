// What both DebtRank variants take: nodes with equity and economic value, exposures and an initial shock.
import { adjacency, mergeParallelEdges, type Adjacency } from "./graph.js";

export interface DebtRankInput {
  /** Equity (capital buffer) of each node, > 0. */
  equity: Float64Array;
  /** Economic value of each node (e.g. total assets); normalised to sum to 1 for the aggregate loss. */
  weight: Float64Array;
  /** Exposures: `from` holds an asset of `amount` on `to`, so `to`'s distress costs `from`. */
  from: Int32Array;
  to: Int32Array;
  amount: Float64Array;
  /** Initial distress of each node in [0, 1] (1 = default). */
  shock: Float64Array;
}

export interface DebtRankRun {
  /** Final distress h_i in [0, 1]: the share of its equity node i has lost. */
  distress: Float64Array;
  /** Node indices whose distress reaches 1 at each step (step 0: the shock itself). */
  rounds: number[][];
  steps: number;
  /** DebtRank R: value-weighted distress added by the propagation (final minus initial). */
  addedLoss: number;
}

/**
 * For each obligor j, the holders i exposed to it with impact `impact(amount_ij, equity_i)`: the share of
 * i's equity lost per unit of j's distress. Parallel exposures are added before the impact is taken.
 */
export function holdersOf(input: DebtRankInput, impact: (amount: number, equity: number) => number): Adjacency {
  const n = input.equity.length;
  const edges = mergeParallelEdges(n, input.from, input.to, input.amount);
  const w = new Float64Array(edges.from.length);
  for (let k = 0; k < w.length; k++) w[k] = impact(edges.amount[k]!, input.equity[edges.from[k]!]!);
  return adjacency(n, edges.to, edges.from, w);
}

/** Value weights normalised to sum to 1 (equal weights when every value is 0). */
export function normalisedWeights(weight: Float64Array): Float64Array {
  let total = 0;
  for (const v of weight) total += v;
  return total > 0 ? weight.map((v) => v / total) : weight.map(() => 1 / weight.length);
}

/** Value-weighted distress added between `initial` and `final`. */
export function addedLoss(weight: Float64Array, initial: Float64Array, final: Float64Array): number {
  const v = normalisedWeights(weight);
  let r = 0;
  for (let i = 0; i < v.length; i++) r += v[i]! * (final[i]! - initial[i]!);
  return r;
}

/** Drops empty rounds at the end (a step in which no node reached default). */
export function trimRounds(rounds: number[][]): number[][] {
  let end = rounds.length;
  while (end > 0 && rounds[end - 1]!.length === 0) end--;
  return rounds.slice(0, end);
}
