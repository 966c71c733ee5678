// Linear DebtRank (Bardoscia, Battiston, Caccioli, Caldarelli, "DebtRank: a microscopic foundation for
// shock propagation", PLoS ONE 10(6), 2015). Every node passes on each increment of its distress, as often
// as it grows, through the interbank leverage Lambda_ij = A_ij / E_i:
//   h_i(t+1) = min(1, h_i(t) + sum_j Lambda_ij (h_j(t) - h_j(t-1))),  h(0) = 0, h(1) = shock,
// until no distress changes. Below the cap this converges to (I - Lambda)^-1 shock when the spectral radius
// of Lambda is under 1.

import { addedLoss, holdersOf, trimRounds, type DebtRankInput, type DebtRankRun } from "./debtrank-input.js";

const MAX_STEPS = 100_000;
/** Edge visits allowed before the run gives up (a few seconds of work). */
const MAX_WORK = 2_000_000_000;

/** Runs linear DebtRank from `input.shock` until the distress no longer changes. */
export function linearDebtRank(input: DebtRankInput): DebtRankRun {
  const n = input.equity.length;
  const { offsets, others, weights } = holdersOf(input, (amount, equity) => amount / equity);
  const initial = Float64Array.from(input.shock, (s) => Math.min(1, Math.max(0, s)));
  const h = initial.slice();
  let delta = initial.slice();
  let active: number[] = [];
  const rounds: number[][] = [[]];
  for (let i = 0; i < n; i++) {
    if (h[i]! > 0) active.push(i);
    if (h[i] === 1) rounds[0]!.push(i);
  }
  const tolerance = 1e-15;
  const seen = new Int32Array(n);
  let steps = 0;
  let work = 0;
  while (active.length > 0) {
    steps++;
    if (steps > MAX_STEPS || work > MAX_WORK) {
      throw new Error(
        `linear DebtRank did not converge within ${steps - 1} steps: the exposures pass distress around almost undiminished (spectral radius close to 1); DebtRank (without "linear") always ends`,
      );
    }
    const increment = new Float64Array(n);
    const touched: number[] = [];
    for (const j of active) {
      const dj = delta[j]!;
      work += offsets[j + 1]! - offsets[j]! + 1;
      for (let k = offsets[j]!; k < offsets[j + 1]!; k++) {
        const i = others[k]!;
        increment[i]! += weights[k]! * dj;
        if (seen[i] !== steps) {
          seen[i] = steps;
          touched.push(i);
        }
      }
    }
    const nextDelta = new Float64Array(n);
    const reached: number[] = [];
    active = [];
    for (const i of touched) {
      const before = h[i]!;
      const after = Math.min(1, before + increment[i]!);
      if (after - before > tolerance) {
        nextDelta[i] = after - before;
        active.push(i);
      }
      if (after === 1 && before < 1) reached.push(i);
      h[i] = after;
    }
    delta = nextDelta;
    rounds.push(reached.sort((a, b) => a - b));
  }
  return { distress: h, rounds: trimRounds(rounds), steps, addedLoss: addedLoss(input.weight, initial, h) };
}
