// DebtRank (Battiston, Puliga, Kaushik, Tasca, Caldarelli, "DebtRank: too central to fail?", Scientific
// Reports 2:541, 2012). Impact of obligor j on holder i: W_ij = min(1, A_ij / E_i). Nodes are undistressed,
// distressed or inactive; a distressed node passes its distress on once, then becomes inactive:
//   h_i(t) = min(1, h_i(t-1) + sum over distressed j of W_ij h_j(t-1)).

import { addedLoss, holdersOf, trimRounds, type DebtRankInput, type DebtRankRun } from "./debtrank-input.js";

const UNDISTRESSED = 0;
const DISTRESSED = 1;
const INACTIVE = 2;

/** Runs DebtRank from `input.shock` until no node is distressed. */
export function debtRank(input: DebtRankInput): DebtRankRun {
  const n = input.equity.length;
  const { offsets, others, weights } = holdersOf(input, (amount, equity) => Math.min(1, amount / equity));
  const h = Float64Array.from(input.shock, (s) => Math.min(1, Math.max(0, s)));
  const state = new Uint8Array(n);
  let distressed: number[] = [];
  const rounds: number[][] = [[]];
  for (let i = 0; i < n; i++) {
    if (h[i]! > 0) {
      state[i] = DISTRESSED;
      distressed.push(i);
    }
    if (h[i] === 1) rounds[0]!.push(i);
  }
  let steps = 0;
  const seen = new Int32Array(n);
  while (distressed.length > 0) {
    steps++;
    const next = h.slice();
    for (const j of distressed) {
      const hj = h[j]!;
      for (let k = offsets[j]!; k < offsets[j + 1]!; k++) next[others[k]!]! += weights[k]! * hj;
    }
    for (const j of distressed) state[j] = INACTIVE;
    const reached: number[] = [];
    const nextDistressed: number[] = [];
    for (const j of distressed) {
      for (let k = offsets[j]!; k < offsets[j + 1]!; k++) {
        const i = others[k]!;
        if (seen[i] === steps) continue;
        seen[i] = steps;
        if (next[i]! > 1) next[i] = 1;
        if (next[i] === 1 && h[i]! < 1) reached.push(i);
        if (state[i] === UNDISTRESSED && next[i]! > 0) {
          state[i] = DISTRESSED;
          nextDistressed.push(i);
        }
      }
    }
    distressed = nextDistressed;
    h.set(next);
    rounds.push(reached.sort((a, b) => a - b));
  }
  return {
    distress: h,
    rounds: trimRounds(rounds),
    steps,
    addedLoss: addedLoss(
      input.weight,
      input.shock.map((s) => Math.min(1, Math.max(0, s))),
      h,
    ),
  };
}
