import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectRpc } from "../../src/sdk/index.js";
import { writeDeployment } from "../../src/sdk/node.js";
import { openDatabase } from "../../src/storage/database.js";
import type { MonitorSchema } from "../../src/monitor/schema.js";
import { chainLogKeys, scriptedMarket } from "../support/scenario.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "qualified.js");

/** Starts `qualified ...args` and resolves once a stdout line matches `ready`. */
function start(args: string[], ready: RegExp): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      if (ready.test(out)) resolve({ child, output: () => out });
    });
    child.stderr!.on("data", (chunk) => (out += chunk));
    child.on("exit", (code, signal) => reject(new Error(`qualified ${args[0]} exited (${code ?? signal}) before it was ready:\n${out}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}

describe("Monitor: kill -9 in the middle of a backfill", () => {
  const dir = mkdtempSync(join(tmpdir(), "qualified-crash-"));
  const port = String(20_000 + Math.floor(Math.random() * 20_000));
  const rpc = `http://127.0.0.1:${port}`;
  let node: ChildProcess | undefined;
  after(() => node?.kill("SIGTERM"));

  it("loses and duplicates nothing after a restart", async () => {
    node = (await start(["node", "--port", port, "--deployment", join(dir, "node.json")], /JSON-RPC on/)).child;
    const connection = await connectRpc(rpc);
    const market = await scriptedMarket(connection, 90); // 90 transfer blocks after the set-up
    const deploymentFile = join(dir, "market.json");
    writeDeployment(deploymentFile, market.deployment);
    const db = join(dir, "monitor.sqlite");
    const args = ["monitor", "--rpc", rpc, "--deployment", deploymentFile, "--db", db, "--once", "--batch-size", "1"];

    // First run: killed with SIGKILL as soon as it reports progress.
    const first = await start(args, /indexed to block/);
    const firstExit = exited(first.child);
    first.child.kill("SIGKILL");
    await firstExit;
    const head = Number(await connection.publicClient.getBlockNumber({ cacheTime: 0 }));
    const database = openDatabase<MonitorSchema>(db);
    const cursor = await database.db.selectFrom("indexer_cursor").selectAll().executeTakeFirstOrThrow();
    const partial = (await database.db.selectFrom("events").select("block_number").execute()).length;
    await database.close();
    assert.ok(cursor.next_block > 0 && cursor.next_block <= head, `killed mid-backfill (cursor ${cursor.next_block} of ${head})`);

    // Second run: resumes from the cursor and finishes.
    const second = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 120_000 });
    assert.equal(second.status, 0, second.stderr);

    const reopened = openDatabase<MonitorSchema>(db);
    try {
      const rows = await reopened.db.selectFrom("events").select(["block_number", "log_index"]).execute();
      const r = market.deployment.registries;
      const expected = await chainLogKeys(connection, [r.credentials, r.contracts, r.issuers, market.token]);
      assert.ok(partial < expected.length, "the first run stopped before the end");
      assert.deepEqual(rows.map((x) => `${Number(x.block_number)}:${x.log_index}`).sort(), expected);
      const transfers = await reopened.db.selectFrom("transfers").select(["kind", "tx_hash"]).orderBy("block_number").execute();
      assert.equal(transfers.length, 91); // the mint and 90 payments

      // Analytics from the command line: Alice 100, Bob 900.
      const analytics = spawnSync(process.execPath, [BIN, "analytics", market.token, "--db", db, "--format", "json"], { encoding: "utf8" });
      assert.equal(analytics.status, 0, analytics.stderr);
      const figures = JSON.parse(analytics.stdout);
      assert.equal(figures.concentration.holders, 2);
      assert.ok(Math.abs(figures.concentration.hhi - 8200) < 1e-6);
      assert.equal(figures.concentration.nakamoto, 1);
      const acrossTokens = spawnSync(process.execPath, [BIN, "analytics", "--db", db, "--format", "csv"], { encoding: "utf8" });
      assert.equal(acrossTokens.status, 0, acrossTokens.stderr);
      assert.equal(acrossTokens.stdout.trim().split("\n")[1], `${market.token},91,2,8200,1`);
      // A forward trace of the last payment: Bob never sent on, so all 10 are recoverable from him.
      const out = join(dir, "trace.json");
      const trace = spawnSync(process.execPath, [BIN, "trace", "--token", market.token, "--tx", transfers.at(-1)!.tx_hash, "--db", db, "--out", out], {
        encoding: "utf8",
      });
      assert.equal(trace.status, 0, trace.stderr);
      assert.match(trace.stdout, /recoverable in total: 10/);
      assert.match(trace.stdout, /Alpha/); // Bob's qualifier, not his name
      assert.equal(JSON.parse(readFileSync(out, "utf8")).recoverableTotal, "10");
      const bad = spawnSync(process.execPath, [BIN, "trace", "--token", market.token, "--db", db], { encoding: "utf8" });
      assert.notEqual(bad.status, 0);
      assert.match(bad.stderr, /give either --tx \(forward\) or --address \(backward\)/);
    } finally {
      await reopened.close();
    }
  });
});
