import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import type { EIP1193Provider } from "viem";
import type { Kysely } from "kysely";
import { connectProvider } from "../../src/sdk/index.js";
import type { MonitorSchema } from "../../src/monitor/schema.js";
import { runIndexer } from "../../src/monitor/indexer.js";
import { runMonitor } from "../../src/monitor/pipeline.js";
import type { Reorg } from "../../src/monitor/reorg.js";
import { AlertEngine } from "../../src/monitor/alerts/engine.js";
import { alertConfigSchema } from "../../src/monitor/alerts/config.js";
import { chainLogKeys, scriptedMarket } from "../support/scenario.js";
import { ENGINES, freshMonitorDatabase } from "../support/engines.js";

const config = alertConfigSchema.parse({ rules: { largeTransfer: { threshold: "5" } } });

/** One chain's rows of every chain-derived table, as comparable text. */
async function rowsOf(db: Kysely<MonitorSchema>, chainId: number) {
  const out: Record<string, string[]> = {};
  for (const table of ["events", "transfers", "indexed_blocks", "watched_contracts", "alerts", "alert_cursor", "indexer_cursor"] as const) {
    const rows = await db.selectFrom(table).selectAll().where("chain_id", "=", chainId).execute();
    out[table] = rows.map((r) => JSON.stringify({ ...r, updated_at: undefined, created_at: undefined })).sort();
  }
  return out;
}

const keysOf = async (db: Kysely<MonitorSchema>, chainId: number) =>
  (await db.selectFrom("events").select(["block_number", "log_index"]).where("chain_id", "=", chainId).execute())
    .map((x) => `${Number(x.block_number)}:${x.log_index}`)
    .sort();

describe("Monitor on one chain (no --crosschain)", () => {
  it("refuses a database that indexes another chain, as before chain ids, and resumes its own", async () => {
    const home = await connectProvider((await network.create()).provider as unknown as EIP1193Provider);
    const other = await connectProvider((await network.create({ override: { chainId: 31338 } })).provider as unknown as EIP1193Provider);
    const [mh, mo] = [await scriptedMarket(home, 1), await scriptedMarket(other, 1)];
    const db = join(mkdtempSync(join(tmpdir(), "qualified-one-chain-")), "monitor.sqlite");
    const lines: string[] = [];
    const monitor = (connection: typeof home, deployment: typeof mh.deployment) =>
      runMonitor({ connection, deployment, db, fromBlock: 0, batchSize: 100, follow: false, log: (l) => lines.push(l) });
    assert.ok((await monitor(home, mh.deployment)).events > 0);
    await assert.rejects(
      monitor(other, mo.deployment),
      /the database indexes chain 31337, not chain 31338: give another --db, or index both chains with --crosschain/,
    );
    assert.equal((await monitor(home, mh.deployment)).events, 0);
  });
});

for (const [engine, databaseUrl] of ENGINES) {
  describe(`Monitor: two chains in one database on ${engine}`, async () => {
    it("indexes both at once; a reorganisation on one rewinds only its own rows, alerts stay per chain", async () => {
      // The same system deployed the same way on two chains: their events sit at the same block numbers and
      // log indexes, at the same addresses. Only the chain id tells them apart.
      const home = await network.create();
      const l2 = await network.create({ override: { chainId: 31338 } });
      const a = await connectProvider(home.provider as unknown as EIP1193Provider);
      const b = await connectProvider(l2.provider as unknown as EIP1193Provider);
      const ma = await scriptedMarket(a, 2);
      const mb = await scriptedMarket(b, 2);
      assert.equal(ma.token, mb.token, "same addresses on both chains");
      const addresses = (m: typeof ma) => [m.deployment.registries.credentials, m.deployment.registries.contracts, m.deployment.registries.issuers, m.token];
      const database = await freshMonitorDatabase(databaseUrl());
      const db = database.db;
      try {
        const index = (c: typeof a, m: typeof ma, onReorg?: (r: Reorg) => void) => runIndexer(c, db, m.deployment, { batchSize: 3, onReorg });
        await Promise.all([index(a, ma), index(b, mb)]);
        assert.deepEqual(await keysOf(db, 31337), await chainLogKeys(a, addresses(ma)));
        assert.deepEqual(await keysOf(db, 31338), await chainLogKeys(b, addresses(mb)));
        assert.deepEqual(await keysOf(db, 31337), await keysOf(db, 31338), "the same positions on both chains, both kept");

        // Each chain's alert engine raises its chain's alerts, with ids that differ only by the chain.
        const [alertsA, alertsB] = await Promise.all([new AlertEngine(db, config, 31337).process(), new AlertEngine(db, config, 31338).process()]);
        assert.ok(alertsA.length >= 3, "a large mint and large transfers");
        assert.equal(alertsB.length, alertsA.length);
        assert.ok(alertsA.every((x) => x.chainId === 31337 && x.id.includes(":31337:")));
        assert.equal(new Set([...alertsA, ...alertsB].map((x) => x.id)).size, alertsA.length * 2, "alert ids are unique across chains");
        await assert.rejects(new AlertEngine(db, config).process(), /the database indexes chains 31337, 31338: say which chain/);

        // Chain A reorganises onto a shorter branch while B moves on.
        const snapshot = await home.provider.request({ method: "evm_snapshot" });
        for (let i = 0; i < 4; i++) await ma.pay(ma.alice, ma.bob.account.address, 7n);
        await Promise.all([index(a, ma), index(b, mb)]);
        await home.provider.request({ method: "evm_revert", params: [snapshot] });
        await ma.pay(ma.bob, ma.alice.account.address, 9n);
        for (let i = 0; i < 3; i++) await mb.pay(mb.alice, mb.bob.account.address, 6n);
        await index(b, mb);
        assert.equal((await new AlertEngine(db, config, 31338).process()).length, 3);
        const before = await rowsOf(db, 31338);

        const reorgs: Reorg[] = [];
        const engineA = new AlertEngine(db, config, 31337);
        await engineA.process();
        await runIndexer(a, db, ma.deployment, {
          onReorg: async (r) => {
            reorgs.push(r);
            await engineA.reset(r.rewoundTo);
          },
        });
        const reraised = await engineA.process();
        assert.deepEqual(
          reorgs.map((r) => [r.chainId, r.removedEvents]),
          [[31337, 4]],
        );
        assert.deepEqual(await rowsOf(db, 31338), before, "chain B's rows, cursors and alerts are untouched");
        assert.deepEqual(await keysOf(db, 31337), await chainLogKeys(a, addresses(ma)), "chain A holds its new branch");
        const amounts = (await db.selectFrom("transfers").select("amount").where("chain_id", "=", 31337).execute()).map((t) => t.amount);
        assert.ok(!amounts.includes("7") && amounts.includes("9"));
        assert.deepEqual(
          reraised.map((x) => [x.chainId, x.rule, x.details.amount]),
          [[31337, "largeTransfer", "9"]],
        );

        // Restarted engines (as after kill -9) raise nothing again on either chain.
        assert.deepEqual(await new AlertEngine(db, config, 31337).process(), []);
        assert.deepEqual(await new AlertEngine(db, config, 31338).process(), []);
      } finally {
        await database.close();
      }
    });
  });
}
