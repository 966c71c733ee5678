// Eisenberg-Noe clearing (Management Science 47(2), 2001) by the fictitious-default algorithm, with the
// default costs of Rogers & Veraart (Management Science 59(4), 2013): a node in default realises only
// alpha of its external assets and beta of what it receives. alpha = beta = 1 is plain Eisenberg-Noe.
//
// The algorithm starts from full payment and no default. Each round adds every node that cannot pay in
// full given the others' current payments, then solves for the payments of the nodes in default with the
// others paying in full (Gauss-Seidel sweeps from above, so payments only decrease). It stops when a round
// adds nobody. Starting from the top and decreasing monotonically, it ends at the greatest clearing vector.

import { solveDefaulted } from "./clearing-round.js";
import { adjacency, mergeParallelEdges } from "./graph.js";

/** Node and edge visits allowed for finding defaults, over all rounds (a few seconds of work). */
const MAX_SCAN_WORK = 2_000_000_000;

export interface ClearingInput {
  externalAssets: Float64Array;
  /** Liabilities: `from` owes `amount` to `to`. */
  from: Int32Array;
  to: Int32Array;
  amount: Float64Array;
  /** Share of external assets a defaulting node realises (Rogers-Veraart alpha), in [0, 1]. */
  alpha?: number;
  /** Share of interbank receipts a defaulting node realises (Rogers-Veraart beta), in [0, 1]. */
  beta?: number;
}

export interface Clearing {
  /** Total payment of each node (the clearing vector). */
  payments: Float64Array;
  /** What each node owes in total (the nominal liabilities). */
  owed: Float64Array;
  /** What each node receives from the others at the clearing vector. */
  received: Float64Array;
  defaulted: Uint8Array;
  /** Node indices added to the default set in each round. */
  rounds: number[][];
  /** Gauss-Seidel sweeps spent solving for the defaulting nodes' payments (an exact solve counts as one). */
  sweeps: number;
}

/** The greatest clearing vector and the rounds in which nodes default. */
export function clearingVector(input: ClearingInput): Clearing {
  const n = input.externalAssets.length;
  const e = input.externalAssets;
  const alpha = input.alpha ?? 1;
  const beta = input.beta ?? 1;
  const edges = mergeParallelEdges(n, input.from, input.to, input.amount);
  const owed = new Float64Array(n);
  for (let k = 0; k < edges.from.length; k++) owed[edges.from[k]!]! += edges.amount[k]!;
  // Incoming edges of each node, weighted by the payer's relative liability pi_ji = L_ji / owed_j.
  const share = new Float64Array(edges.from.length);
  for (let k = 0; k < share.length; k++) share[k] = edges.amount[k]! / owed[edges.from[k]!]!;
  const incoming = adjacency(n, edges.to, edges.from, share);
  const { offsets, others, weights } = incoming;

  const p = owed.slice();
  const defaulted = new Uint8Array(n);
  const inDefault: number[] = [];
  const rounds: number[][] = [];
  const receivedBy = (i: number) => {
    let x = 0;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) x += weights[k]! * p[others[k]!]!;
    return x;
  };
  let sweeps = 0;
  let work = 0;
  for (;;) {
    work += n + edges.from.length;
    if (work > MAX_SCAN_WORK) {
      throw new Error(
        `the clearing needs more than ${rounds.length} rounds of defaults (a long chain of defaults one node at a time); split the network or shorten the chain`,
      );
    }
    const added: number[] = [];
    for (let i = 0; i < n; i++) {
      if (defaulted[i] || owed[i] === 0) continue;
      // A node that can pay exactly what it owes is solvent; the margin absorbs rounding only.
      if (e[i]! + receivedBy(i) < owed[i]! - owed[i]! * 1e-12) added.push(i);
    }
    if (added.length === 0) break;
    for (const i of added) {
      defaulted[i] = 1;
      inDefault.push(i);
    }
    rounds.push(added);
    sweeps += solveDefaulted({ inDefault, p, owed, incoming, alpha, beta, e }, (i) => alpha * e[i]! + beta * receivedBy(i));
  }
  const received = new Float64Array(n);
  for (let i = 0; i < n; i++) received[i] = receivedBy(i);
  return { payments: p, owed, received, defaulted, rounds, sweeps };
}
