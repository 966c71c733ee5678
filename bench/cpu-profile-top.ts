/**
 * The functions that took the most CPU in a V8 CPU profile (node --cpu-prof), by self time, and the share of each
 * package or source folder.
 *
 *   node bench/cpu-profile-top.ts <file.cpuprofile> [top=20]
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error("give a .cpuprofile file");
const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfMicros = new Map<number, number>();
for (const [i, id] of profile.samples.entries()) selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));

const where = (url: string) => {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  const src = /\/(dist|src)\/(.+)$/.exec(url)?.[2];
  return src ? src.split("/").slice(0, -1).join("/") || src : url ? url.replace(/^node:/, "node:") : "(native)";
};
const byFunction = new Map<string, number>();
const byPlace = new Map<string, number>();
let total = 0;
for (const [id, micros] of selfMicros) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const name = `${functionName || "(anonymous)"} ${url ? `${url.split("/").slice(-2).join("/")}:${lineNumber + 1}` : ""}`.trim();
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  byPlace.set(where(url), (byPlace.get(where(url)) ?? 0) + micros);
  total += micros;
}
const show = (m: Map<string, number>, n: number) => {
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n))
    console.log(`${(v / 1000).toFixed(0).padStart(7)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
};
console.log(`total sampled: ${(total / 1000).toFixed(0)} ms\n\nby function (self time):`);
show(byFunction, Number(topArg ?? 20));
console.log("\nby package or folder:");
show(byPlace, 12);
