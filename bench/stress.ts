// `npm run bench:stress`: the network models on a seeded scale-free network of 10,000 nodes and about
// 100,000 edges (median of 5 runs after a warm-up), and the fork replay of 1,000 positions; writes
// bench/results/stress.json.
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { clearingVector } from "../src/stress/network/eisenberg-noe.js";
import { debtRank } from "../src/stress/network/debtrank.js";
import { linearDebtRank } from "../src/stress/network/debtrank-linear.js";
import { amounts, random, scaleFree } from "./stress-networks.js";

const NODES = 10_000;
const LINKS_PER_NODE = 10;
const EDGES = 100_000;
const rand = random(20261122);
const { from, to } = scaleFree(NODES, LINKS_PER_NODE, EDGES, rand);
const amount = amounts(from.length, rand);

function median(run: () => void, times = 5): number {
  run();
  const ms: number[] = [];
  for (let k = 0; k < times; k++) {
    const started = performance.now();
    run();
    ms.push(performance.now() - started);
  }
  return Number(ms.sort((a, b) => a - b)[Math.floor(times / 2)]!.toFixed(1));
}

// Eisenberg-Noe with Rogers-Veraart costs: external assets cover a random 50% to 110% of what a node owes.
const owed = new Float64Array(NODES);
for (let k = 0; k < from.length; k++) owed[from[k]!]! += amount[k]!;
const externalAssets = Float64Array.from(owed, (l) => l * (0.5 + 0.6 * rand()) + rand());
let clearing = clearingVector({ externalAssets, from, to, amount, alpha: 0.9, beta: 0.9 });
const eisenbergNoeMs = median(() => (clearing = clearingVector({ externalAssets, from, to, amount, alpha: 0.9, beta: 0.9 })));
console.log(
  `Eisenberg-Noe / Rogers-Veraart: ${clearing.rounds.flat().length} defaults in ${clearing.rounds.length} rounds, ${clearing.sweeps} sweeps, ${eisenbergNoeMs} ms`,
);

// DebtRank: `from` holds `amount` on `to`; equity half of what a node holds; the 50 largest obligors default.
const held = new Float64Array(NODES);
const borrowed = new Float64Array(NODES);
for (let k = 0; k < from.length; k++) {
  held[from[k]!]! += amount[k]!;
  borrowed[to[k]!]! += amount[k]!;
}
const equity = Float64Array.from(held, (h) => Math.max(1, 0.5 * h));
const shock = new Float64Array(NODES);
[...borrowed.keys()]
  .sort((a, b) => borrowed[b]! - borrowed[a]!)
  .slice(0, 50)
  .forEach((i) => {
    shock[i] = 1;
  });
const input = { equity, weight: held, from, to, amount, shock };
let run = debtRank(input);
const debtRankMs = median(() => (run = debtRank(input)));
console.log(`DebtRank: R = ${run.addedLoss.toFixed(4)}, ${run.rounds.flat().length} defaults in ${run.steps} steps, ${debtRankMs} ms`);
let linear = linearDebtRank(input);
const linearMs = median(() => (linear = linearDebtRank(input)));
console.log(`linear DebtRank: R = ${linear.addedLoss.toFixed(4)}, ${linear.steps} steps, ${linearMs} ms (not in the results file)`);

// The replay engine's own benchmark, when this tree has it: 100 and 1,000 positions, for the scaling.
type ReplayFigure = { positions: number; rounds: number; ms: number; load: number };
let replay: ReplayFigure | null = null;
let replay100: ReplayFigure | null = null;
const replayModule = "./stress-replay.js";
try {
  const { replayBenchmark } = (await import(replayModule)) as { replayBenchmark: (positions?: number) => Promise<ReplayFigure> };
  replay100 = await replayBenchmark(100);
  replay = await replayBenchmark(1_000);
  console.log(`replay scaling: 10x the positions took ${(replay.ms / replay100.ms).toFixed(1)}x the time`);
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND") throw error;
  console.log("replay: bench/stress-replay.ts is not in this tree; replay left null");
}

const result = { nodes: NODES, edges: from.length, eisenbergNoeMs, debtRankMs, replay, replay100 };
writeFileSync(join(import.meta.dirname, "results", "stress.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));
console.log(
  `machine: ${cpus().length} cores, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);
