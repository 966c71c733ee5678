import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { MAX_SUBJECTS_PER_CALL, SanctionsIndex, ScreeningPool } from "../../src/qualifier/screening/engine.js";
import { parseSdnCsv, type SanctionsList } from "../../src/qualifier/screening/ofac.js";

const ROOT = join(import.meta.dirname, "..", "..");
const REAL = join(ROOT, "..", "shared", "data", "ofac", "sdn-csv", "sdn-2024-05-03.csv");
const SMALL: SanctionsList = {
  source: "SDN.CSV",
  publishedAt: "2026-11-01",
  entries: [
    { uid: "1", name: "PETROV, Ivan Sergeyevich", type: "individual", kind: "individual", aliases: [], programs: [], addresses: [] },
    { uid: "2", name: "NORTHWIND DIGITAL ASSETS LTD", type: "Entity", kind: "entity", aliases: ["NORTHWIND DA"], programs: [], addresses: [] },
  ],
};

describe("screening pool (worker threads)", () => {
  const pools: ScreeningPool[] = [];
  const open = (threads?: number) => {
    const pool = new ScreeningPool({ threads });
    pools.push(pool);
    return pool;
  };
  after(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it("refuses to screen before a publication is loaded, then answers as the index does, in order", async () => {
    const pool = open(2);
    assert.equal(pool.loaded, undefined);
    await assert.rejects(pool.screen([{ name: "Ivan Petrov" }]), /no sanctions publication is loaded/);
    const info = await pool.load(SMALL);
    assert.deepEqual(info, { source: "SDN.CSV", publishedAt: "2026-11-01", parties: 2, names: 3 });
    assert.deepEqual(pool.loaded, info);
    const subjects = [
      { name: "Ivan Sergeyevich Petrov" },
      { name: "Jane Doe" },
      { name: "Northwind DA" },
      { name: "Petrov Ivan Sergeevich" },
      { name: "Northwind Digital Assets GmbH" },
    ];
    const index = SanctionsIndex.build(SMALL);
    assert.deepEqual(
      await pool.screen(subjects),
      subjects.map((s) => index.screen(s)),
    );
    assert.deepEqual(
      (await pool.screen(subjects)).map((h) => h.map((x) => x.entry.uid)),
      [["1"], [], ["2"], ["1"], ["2"]],
    );
    assert.deepEqual(await pool.screen([]), []);
  });

  it("refuses a bad threshold, too many subjects, a bad thread count and use after close", async () => {
    const pool = open(1);
    await pool.load(SMALL);
    await assert.rejects(pool.screen([{ name: "x" }], 0), /threshold must be in \(0, 1\]/);
    await assert.rejects(pool.screen([{ name: "x" }], Number.NaN), /threshold/);
    await assert.rejects(pool.screen(Array.from({ length: MAX_SUBJECTS_PER_CALL + 1 }, () => ({ name: "x" }))), /at most 1000 subjects/);
    assert.throws(() => new ScreeningPool({ threads: 0 }), /threads must be an integer/);
    await pool.close();
    await assert.rejects(pool.screen([{ name: "x" }]), /closed/);
  });

  it("a new publication replaces the old one in every worker", async () => {
    const pool = open(2);
    await pool.load(SMALL);
    const next: SanctionsList = { ...SMALL, publishedAt: "2026-11-15", entries: [SMALL.entries[0]] };
    await pool.load(next);
    assert.equal(pool.loaded?.publishedAt, "2026-11-15");
    const hits = await pool.screen(Array.from({ length: 8 }, () => ({ name: "Northwind Digital Assets" })));
    assert.deepEqual(
      hits,
      Array.from({ length: 8 }, () => []),
    );
  });

  it("replaces a worker that dies and gives it the current publication again", async () => {
    const pool = open(1);
    await pool.load(SMALL);
    const slots = (pool as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots;
    const dying = slots[0].worker;
    // A call long enough to be under way when the worker dies.
    const pending = pool.screen(
      Array.from({ length: MAX_SUBJECTS_PER_CALL }, (_, i) => ({ name: `Ivan Sergeyevich Petrov Northwind ${"x".repeat(i % 200)}` })),
    );
    await dying.terminate();
    await assert.rejects(pending, /screening worker stopped/);
    await new Promise((done) => setTimeout(done, 50));
    assert.notEqual(slots[0].worker, dying);
    assert.deepEqual(
      (await pool.screen([{ name: "Ivan Sergeyevich Petrov" }])).map((h) => h.map((x) => x.entry.uid)),
      [["1"]],
    );
  });

  it("keeps a server's /health answering while 100 screenings of the real list run", {
    skip: existsSync(REAL) ? false : `the real SDN.CSV publication is not at ${REAL}`,
  }, async () => {
    const pool = open();
    await pool.load(parseSdnCsv(readFileSync(REAL, "utf8"), "2024-05-03"));
    const app = new Hono();
    app.get("/health", (c) => c.json({ ok: true }));
    const server = await new Promise<{ port: number; close: () => void }>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => resolve({ port: info.port, close: () => s.close() }));
    });
    try {
      // 100 applications of 25 parties each, screened at once.
      const names = ["Kim Jong Un", "Alexey Borisovich Miller", "Wang Wei Consulting", "Banco Nacional de Cuba", "Maria Garcia"];
      let screeningsDone = false;
      const screenings = Promise.all(
        Array.from({ length: 100 }, (_, i) => pool.screen(Array.from({ length: 25 }, (_, j) => ({ name: `${names[(i + j) % names.length]} ${j}` })))),
      ).then((r) => {
        screeningsDone = true;
        return r;
      });
      const health = await fetch(`http://127.0.0.1:${server.port}/health`);
      assert.deepEqual(await health.json(), { ok: true });
      assert.equal(screeningsDone, false, "/health answered while the screenings were still running");
      const results = await screenings;
      assert.equal(results.length, 100);
      assert.ok(results[0].some((hits) => hits.some((h) => h.entry.uid === "20157")));
    } finally {
      server.close();
    }
  });

  it("runs from the compiled package (dist/), its worker beside it", {
    skip: existsSync(join(ROOT, "dist", "qualifier", "screening", "worker.js")) ? false : "dist/ is not built (npm run build)",
  }, () => {
    const script = `
      const { ScreeningPool } = await import(${JSON.stringify(pathToFileURL(join(ROOT, "dist", "qualifier", "screening", "engine.js")).href)});
      const pool = new ScreeningPool({ threads: 1 });
      await pool.load(${JSON.stringify(SMALL)});
      const hits = await pool.screen([{ name: "Petrov Ivan" }, { name: "Ivan Sergeyevich Petrov" }]);
      await pool.close();
      console.log(JSON.stringify(hits.map((h) => h.map((x) => x.entry.uid))));`;
    const dir = mkdtempSync(join(tmpdir(), "screening-dist-"));
    const file = join(dir, "run.mjs");
    writeFileSync(file, script);
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const out = execFileSync(process.execPath, [file], { cwd: dir, encoding: "utf8", env });
    rmSync(dir, { recursive: true, force: true });
    assert.equal(out.trim(), JSON.stringify([[], ["1"]]));
  });
});
