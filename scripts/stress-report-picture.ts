// Renders docs/stress/report.png: the report of both network models on a seeded 200-node scale-free
// network, opened in Chromium (Debian's package) and captured. Run: npx hardhat run scripts/stress-report-picture.ts
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { amounts, random, scaleFree } from "../bench/stress-networks.js";
import { debtRankResult, eisenbergNoeResult } from "../src/stress/network/result.js";
import { writeStressReport } from "../src/stress/report/write.js";

const N = 200;
const rand = random(7);
const { from, to } = scaleFree(N, 3, 600, rand);
const amount = amounts(from.length, rand);
const id = (i: number) => `node ${i}`;
const owed = new Float64Array(N);
from.forEach((f, k) => {
  owed[f]! += amount[k]!;
});
const held = new Float64Array(N);
from.forEach((f, k) => {
  held[f]! += amount[k]!;
});
const edges = [...from].map((f, k) => ({ from: id(f), to: id(to[k]!), amount: Number(amount[k]!.toFixed(4)) }));

const en = eisenbergNoeResult({
  model: "eisenberg-noe",
  nodes: [...owed].map((l, i) => ({ id: id(i), externalAssets: Number((l * (0.6 + 0.5 * rand())).toFixed(4)) })),
  liabilities: edges,
  defaultCosts: { alpha: 0.5, beta: 0.5 },
});
const dr = debtRankResult({
  model: "debtrank",
  nodes: [...held].map((h, i) => ({ id: id(i), equity: Math.max(1, 0.4 * h), weight: h })),
  exposures: edges,
  shock: { [id(0)]: 1, [id(1)]: 1 },
});
const dir = mkdtempSync(join(tmpdir(), "stress-picture-"));
const { html } = await writeStressReport(
  {
    version: 1,
    scenario: "two hubs fail on a 200-node network",
    generatedAt: new Date().toISOString(),
    network: [en, dr],
    totalShortfall: en.shortfall.toFixed(2),
  },
  dir,
);
const browser = await chromium.launch({
  executablePath: process.env.QUALIFIED_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
const page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
await page.goto(pathToFileURL(html).href, { waitUntil: "load" });
await page.screenshot({ path: join(import.meta.dirname, "..", "docs", "stress", "report.png"), fullPage: false });
await browser.close();
rmSync(dir, { recursive: true, force: true });
console.log("wrote docs/stress/report.png");
