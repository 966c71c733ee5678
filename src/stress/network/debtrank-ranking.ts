// Systemic importance under DebtRank: the DebtRank of each node, i.e. the value-weighted distress the rest
// of the network suffers when that node alone defaults (Battiston et al. 2012). One run per node, so for
// large networks (over 2,000 nodes, or 200 million node x edge visits) the ranking falls back to each
// node's own value-weighted loss in the scenario.
import { normalisedWeights, type DebtRankInput, type DebtRankRun } from "./debtrank-input.js";

/** Networks up to this many nodes get the one-run-per-node ranking, if the work stays bounded too. */
export const PER_NODE_RANKING_LIMIT = 2_000;
/** Node count x (edges + nodes) up to which the one-run-per-node ranking is computed. */
const PER_NODE_WORK_LIMIT = 200_000_000;

export interface Ranked {
  index: number;
  score: number;
}

/** Nodes by systemic importance, most important first (ties by input order); zero scores left out. */
export function debtRankRanking(input: DebtRankInput, run: DebtRankRun, model: (input: DebtRankInput) => DebtRankRun): Ranked[] {
  const n = input.equity.length;
  const scores = new Float64Array(n);
  if (n <= PER_NODE_RANKING_LIMIT && n * (input.from.length + n) <= PER_NODE_WORK_LIMIT) {
    const shock = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      shock[i] = 1;
      scores[i] = model({ ...input, shock }).addedLoss;
      shock[i] = 0;
    }
  } else {
    const v = normalisedWeights(input.weight);
    for (let i = 0; i < n; i++) scores[i] = v[i]! * run.distress[i]!;
  }
  return rank(scores);
}

/** Indices with a positive score, highest first, ties by index. */
export function rank(scores: Float64Array): Ranked[] {
  const ranked: Ranked[] = [];
  scores.forEach((score, index) => {
    if (score > 0) ranked.push({ index, score });
  });
  return ranked.sort((a, b) => b.score - a.score || a.index - b.index);
}
