/**
 * Screening benchmark against the real SDN.CSV publication of 2024-05-03 (every party, every alias):
 * latency per screened name while a real HTTP server (Hono on 127.0.0.1) keeps answering /health under 100
 * concurrent screenings, recall on generated variants of listed names, false-positive rate on unlisted
 * names, and the same figures for the previous scorer. Seeded: every run screens the same names.
 * Writes bench/results/screening.json.
 *
 *   npm run bench:screening
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { Worker } from "node:worker_threads";
import { DEFAULT_NAME_THRESHOLD, SanctionsIndex, ScreeningPool, type ScreeningSubject } from "../src/qualifier/screening/engine.js";
import { screenName } from "../src/qualifier/screening/names.js";
import { parseSdnCsv } from "../src/qualifier/screening/ofac.js";
import { unlistedNames } from "./screening-unlisted.js";
import { seeded, variant, VARIANT_KINDS, type VariantKind } from "./screening-variants.js";

const here = dirname(fileURLToPath(import.meta.url));
const LIST = join(here, "../../shared/data/ofac/sdn-csv/sdn-2024-05-03.csv");
const SEED = 20240503;
const VARIANTS = 2_400;
const UNLISTED = 2_400;
const CONCURRENCY = 100;
const PREVIOUS_SAMPLE = 150;
const SWEEP = [0.8, 0.82, 0.84, 0.85, 0.86, 0.88, 0.9, 0.92, 0.94];

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The load client: `concurrency` requests in flight until every subject is screened; plain JavaScript, run as a thread. */
const LOAD_CLIENT = `
const { parentPort, workerData } = require("node:worker_threads");
const { base, concurrency, subjects } = workerData;
const answers = new Array(subjects.length);
let next = 0;
Promise.all(Array.from({ length: concurrency }, async () => {
  while (next < subjects.length) {
    const i = next++;
    const t = performance.now();
    const r = await fetch(base + "/screen", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(subjects[i]) });
    const body = await r.json();
    answers[i] = { hits: body.hits, millis: body.millis, totalMs: performance.now() - t };
  }
})).then(() => parentPort.postMessage(answers));
`;

interface Probe {
  subject: ScreeningSubject;
  /** For a variant: the listed party it comes from. */
  uid?: string;
  kind?: VariantKind;
  source?: string;
}

async function main() {
  if (!existsSync(LIST)) throw new Error(`the SDN.CSV publication is missing: ${LIST} (the shared data directory sits beside the repository)`);
  const list = parseSdnCsv(readFileSync(LIST, "utf8"), "2024-05-03");
  const allNames = list.entries.flatMap((e) => [e.name, ...e.aliases].map((name) => ({ name, entry: e })));
  console.log(`publication 2024-05-03: ${list.entries.length} parties, ${allNames.length} names and aliases`);
  // Applicants are people and companies: variants come from listed individuals and entities (vessels and
  // aircraft stay in the index and are screened against).
  const sources = allNames.filter((n) => n.entry.kind === "individual" || n.entry.kind === "entity");

  // Variants: source names in a seeded order, the kinds taken in turn.
  const random = seeded(SEED);
  const order = sources.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const variants: Probe[] = [];
  let k = 0;
  for (const i of order) {
    if (variants.length >= VARIANTS) break;
    const { name, entry } = sources[i];
    for (let attempt = 0; attempt < VARIANT_KINDS.length; attempt++) {
      const kind = VARIANT_KINDS[(k + attempt) % VARIANT_KINDS.length];
      const v = variant(name, kind, entry.kind === "entity", random);
      if (v === undefined) continue;
      variants.push({ subject: { name: v, kind: entry.kind === "individual" ? "individual" : "entity" }, uid: entry.uid, kind, source: name });
      k = (k + attempt + 1) % VARIANT_KINDS.length;
      break;
    }
  }
  const unlisted: Probe[] = unlistedNames(
    UNLISTED,
    SEED,
    allNames.map((n) => n.name),
  ).map((u) => ({ subject: { name: u.name, kind: u.kind } }));
  console.log(`${variants.length} variants of listed names, ${unlisted.length} unlisted names`);

  // The engine behind a real HTTP server.
  const pool = new ScreeningPool();
  const loadStart = performance.now();
  await pool.load(list);
  const loadMs = performance.now() - loadStart;
  const app = new Hono();
  app.get("/health", (c) => c.json({ ok: true }));
  app.post("/screen", async (c) => {
    const subject = (await c.req.json()) as ScreeningSubject;
    const { hits, millis } = await pool.screenTimed([subject], DEFAULT_NAME_THRESHOLD);
    return c.json({ hits: hits[0].map((h) => ({ uid: h.entry.uid, score: h.score })), millis: millis[0] });
  });
  const server = await new Promise<{ port: number; close: () => Promise<void> }>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) =>
      resolve({ port: info.port, close: () => new Promise((done) => s.close(() => done())) }),
    );
  });
  const base = `http://127.0.0.1:${server.port}`;

  const probes = [...variants, ...unlisted];
  const answers: { hits: { uid: string; score: number }[]; millis: number; totalMs: number }[] = new Array(probes.length);
  const health: number[] = [];
  let running = true;
  const healthLoop = (async () => {
    while (running) {
      const t = performance.now();
      const r = await fetch(`${base}/health`);
      await r.json();
      health.push(performance.now() - t);
      await new Promise((done) => setTimeout(done, 20));
    }
  })();
  // The 100 concurrent clients run in a thread of their own, so the server's loop serves only requests.
  const runStart = performance.now();
  const loaded = await new Promise<typeof answers>((resolve, reject) => {
    const client = new Worker(LOAD_CLIENT, { eval: true, workerData: { base, concurrency: CONCURRENCY, subjects: probes.map((p) => p.subject) } });
    client.once("message", resolve);
    client.once("error", reject);
  });
  for (const [i, a] of loaded.entries()) answers[i] = a;
  const runMs = performance.now() - runStart;
  running = false;
  await healthLoop;
  await server.close();
  await pool.close();

  const threshold = DEFAULT_NAME_THRESHOLD;
  const recallMissed = variants.map((v, i) => [v, i] as const).filter(([v, i]) => !answers[i].hits.some((h) => h.uid === v.uid));
  const recall = variants.filter((v, i) => answers[i].hits.some((h) => h.uid === v.uid)).length / variants.length;
  const falsePositiveRate = unlisted.filter((_, i) => answers[variants.length + i].hits.length > 0).length / unlisted.length;

  // The same figures at other thresholds, in process (each threshold screened on its own: candidate pruning
  // depends on it).
  const index = SanctionsIndex.build(list);
  const sweepMillis: number[] = [];
  const sweep = SWEEP.map((t) => {
    const timed = (p: Probe) => {
      const start = performance.now();
      const hits = index.screen(p.subject, t);
      if (t === threshold) sweepMillis.push(performance.now() - start);
      return hits;
    };
    const found = variants.filter((v) => timed(v).some((h) => h.entry.uid === v.uid)).length;
    const flagged = unlisted.filter((u) => timed(u).length > 0).length;
    return { threshold: t, recall: found / variants.length, falsePositiveRate: flagged / unlisted.length };
  });
  const millis = answers.map((a) => a.millis);
  const totals = answers.map((a) => a.totalMs);

  console.log(
    `\nindex load (every worker): ${loadMs.toFixed(0)} ms; ${probes.length} screenings over HTTP in ${(runMs / 1000).toFixed(1)} s, ${CONCURRENCY} in flight`,
  );
  console.log(
    `per name in the engine: p50 ${quantile(millis, 0.5).toFixed(2)} ms, p99 ${quantile(millis, 0.99).toFixed(2)} ms, max ${Math.max(...millis).toFixed(2)} ms`,
  );
  console.log(`per request end to end (queued behind 99 others): p50 ${quantile(totals, 0.5).toFixed(1)} ms, p99 ${quantile(totals, 0.99).toFixed(1)} ms`);
  console.log(
    `/health during the run: ${health.length} answers, p50 ${quantile(health, 0.5).toFixed(2)} ms, p99 ${quantile(health, 0.99).toFixed(2)} ms, max ${Math.max(...health).toFixed(2)} ms`,
  );
  console.log(`\nthreshold  recall  false-positive rate`);
  for (const r of sweep) console.log(`${r.threshold.toFixed(2)}       ${r.recall.toFixed(4)}  ${r.falsePositiveRate.toFixed(4)}`);
  console.log(
    `in process, one thread, no server, at ${threshold}: p50 ${quantile(sweepMillis, 0.5).toFixed(2)} ms, p99 ${quantile(sweepMillis, 0.99).toFixed(2)} ms`,
  );
  console.log(`\nrecall by kind at ${threshold}:`);
  for (const kind of VARIANT_KINDS) {
    const idx = variants.map((v, i) => [v, i] as const).filter(([v]) => v.kind === kind);
    const missed = idx.filter(([v]) => recallMissed.some(([m]) => m === v));
    console.log(
      `  ${kind.padEnd(15)} ${idx.length} variants, recall ${((idx.length - missed.length) / idx.length).toFixed(4)}${
        missed.length
          ? `; missed e.g. ${missed
              .slice(0, 3)
              .map(([v]) => `"${v.subject.name}" (${v.source})`)
              .join(", ")}`
          : ""
      }`,
    );
  }
  const falsePositives = unlisted.map((u, i) => [u, i] as const).filter(([, i]) => answers[variants.length + i].hits.length > 0);
  console.log(`false positives at ${threshold}: ${falsePositives.map(([u]) => `"${u.subject.name}"`).join(", ") || "none"}`);

  // The previous scorer, on a seeded sample (it compares every name with every entry on the caller's thread).
  const sampleVariants = variants.filter((_, i) => i % Math.floor(variants.length / PREVIOUS_SAMPLE) === 0).slice(0, PREVIOUS_SAMPLE);
  const sampleUnlisted = unlisted.filter((_, i) => i % Math.floor(unlisted.length / PREVIOUS_SAMPLE) === 0).slice(0, PREVIOUS_SAMPLE);
  const previousMillis: number[] = [];
  let previousRecalled = 0;
  let previousFalse = 0;
  for (const p of [...sampleVariants, ...sampleUnlisted]) {
    const t = performance.now();
    const hits = screenName(p.subject.name, list.entries, threshold);
    previousMillis.push(performance.now() - t);
    if (p.uid !== undefined) previousRecalled += hits.some((h) => h.entry.uid === p.uid) ? 1 : 0;
    else previousFalse += hits.length > 0 ? 1 : 0;
  }
  const previous = {
    p99Ms: round(quantile(previousMillis, 0.99), 2),
    recall: round(previousRecalled / sampleVariants.length),
    falsePositiveRate: round(previousFalse / sampleUnlisted.length),
  };
  console.log(
    `\nprevious scorer on ${sampleVariants.length} variants and ${sampleUnlisted.length} unlisted names: p50 ${quantile(previousMillis, 0.5).toFixed(1)} ms, p99 ${previous.p99Ms} ms, recall ${previous.recall}, false-positive rate ${previous.falsePositiveRate}`,
  );

  const result = {
    parties: list.entries.length,
    names: allNames.length,
    threshold,
    p50Ms: round(quantile(millis, 0.5), 3),
    p99Ms: round(quantile(millis, 0.99), 3),
    recall: round(recall),
    falsePositiveRate: round(falsePositiveRate),
    previous,
  };
  mkdirSync(join(here, "results"), { recursive: true });
  writeFileSync(join(here, "results/screening.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n${JSON.stringify(result)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
