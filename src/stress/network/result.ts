// Network files to NetworkResult: node ids to indices, the model, and the indices back to ids.
import type { NetworkResult } from "../types.js";
import { clearingVector } from "./eisenberg-noe.js";
import { debtRank } from "./debtrank.js";
import { linearDebtRank } from "./debtrank-linear.js";
import type { DebtRankInput } from "./debtrank-input.js";
import { debtRankRanking, rank } from "./debtrank-ranking.js";
import { indexOf } from "./graph.js";
import type { DebtRankFile, EisenbergNoeFile, NetworkFile } from "./schema.js";

/** Twelve significant digits: the models work in floating point; more digits would only show rounding. */
export const tidy = (x: number) => (x === 0 ? 0 : Number(x.toPrecision(12)));

/** Values keyed by node id, as own properties whatever the id (even "__proto__"). */
function byId(ids: string[], values: Float64Array): Record<string, number> {
  return Object.fromEntries(ids.map((id, i) => [id, tidy(values[i]!)]));
}

function edgeArrays(index: Map<string, number>, edges: { from: string; to: string; amount: number }[]) {
  return {
    from: Int32Array.from(edges, (e) => index.get(e.from)!),
    to: Int32Array.from(edges, (e) => index.get(e.to)!),
    amount: Float64Array.from(edges, (e) => e.amount),
  };
}

/** Eisenberg-Noe (Rogers-Veraart with default costs): the greatest clearing vector and who defaults when. */
export function eisenbergNoeResult(file: EisenbergNoeFile): NetworkResult {
  const ids = file.nodes.map((n) => n.id);
  const clearing = clearingVector({
    externalAssets: Float64Array.from(file.nodes, (n) => n.externalAssets),
    ...edgeArrays(indexOf(ids), file.liabilities),
    alpha: file.defaultCosts?.alpha,
    beta: file.defaultCosts?.beta,
  });
  const n = ids.length;
  const shortfalls = new Float64Array(n);
  const equity = new Float64Array(n);
  let shortfall = 0;
  let owed = 0;
  for (let i = 0; i < n; i++) {
    shortfalls[i] = clearing.owed[i]! - clearing.payments[i]!;
    shortfall += shortfalls[i]!;
    owed += clearing.owed[i]!;
    equity[i] = clearing.defaulted[i] ? 0 : Math.max(0, file.nodes[i]!.externalAssets + clearing.received[i]! - clearing.owed[i]!);
  }
  return {
    model: "eisenberg-noe",
    payments: byId(ids, clearing.payments),
    defaults: clearing.rounds.flat().map((i) => ids[i]!),
    rounds: clearing.rounds.map((r) => r.map((i) => ids[i]!)),
    shortfall: tidy(shortfall),
    equity: byId(ids, equity),
    // What each node leaves unpaid is what its default costs its creditors.
    ranking: rank(shortfalls).map((r) => ({ id: ids[r.index]!, score: tidy(r.score) })),
    systemicLoss: owed > 0 ? tidy(shortfall / owed) : 0,
  };
}

/** DebtRank (or linear DebtRank): final distress, defaults per step, equity lost and the ranking. */
export function debtRankResult(file: DebtRankFile): NetworkResult {
  const ids = file.nodes.map((n) => n.id);
  const index = indexOf(ids);
  const shock = new Float64Array(ids.length);
  for (const [id, s] of Object.entries(file.shock)) shock[index.get(id)!] = s;
  const input: DebtRankInput = {
    equity: Float64Array.from(file.nodes, (n) => n.equity),
    weight: Float64Array.from(file.nodes, (n) => n.weight),
    ...edgeArrays(index, file.exposures),
    shock,
  };
  const model = file.linear ? linearDebtRank : debtRank;
  const run = model(input);
  const equity = new Float64Array(ids.length);
  let lost = 0;
  for (let i = 0; i < ids.length; i++) {
    lost += run.distress[i]! * input.equity[i]!;
    equity[i] = input.equity[i]! * (1 - run.distress[i]!);
  }
  return {
    model: file.linear ? "debtrank-linear" : "debtrank",
    distress: byId(ids, run.distress),
    defaults: run.rounds.flat().map((i) => ids[i]!),
    rounds: run.rounds.map((r) => r.map((i) => ids[i]!)),
    shortfall: tidy(lost),
    equity: byId(ids, equity),
    ranking: debtRankRanking(input, run, model).map((r) => ({ id: ids[r.index]!, score: tidy(r.score) })),
    systemicLoss: tidy(run.addedLoss),
  };
}

/** Runs the model a network file names. */
export function runNetworkFile(file: NetworkFile): NetworkResult {
  return file.model === "eisenberg-noe" ? eisenbergNoeResult(file) : debtRankResult(file);
}
