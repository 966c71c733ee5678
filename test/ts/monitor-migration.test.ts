import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { network } from "hardhat";
import type { EIP1193Provider } from "viem";
import type { Kysely } from "kysely";
import { connectProvider, forcedTransferCall, send } from "../../src/sdk/index.js";
import { openDatabase } from "../../src/storage/database.js";
import { migrate } from "../../src/storage/migrate.js";
import { migrateMonitor, monitorMigrations, type MonitorSchema } from "../../src/monitor/schema.js";
import { chainsMigration } from "../../src/monitor/schema-chains.js";
import { runIndexer } from "../../src/monitor/indexer.js";
import { AlertEngine } from "../../src/monitor/alerts/engine.js";
import { alertConfigSchema } from "../../src/monitor/alerts/config.js";
import { AlertNotes } from "../../src/monitor/alerts/acknowledgements.js";
import { chainLogKeys, scriptedMarket } from "../support/scenario.js";
import { ENGINES, freshDatabaseUrl, freshMonitorDatabase } from "../support/engines.js";

/** The monitor's migrations before chain ids: a database as an earlier release left it. */
const BEFORE_CHAINS = Object.fromEntries(Object.entries(monitorMigrations).filter(([name]) => name < "0004"));
const CHAIN_TABLES = ["indexed_blocks", "watched_contracts", "events", "transfers"] as const;
const config = alertConfigSchema.parse({});
type OldDb = Kysely<any>;

async function oldDatabase(url: string) {
  const database = openDatabase<unknown>(await freshDatabaseUrl(url));
  await migrate(database.db, "monitor", BEFORE_CHAINS);
  return { ...database, db: database.db as OldDb };
}

const withoutChain = <T extends { chain_id: number }>({ chain_id: _, ...rest }: T) => rest;

for (const [engine, databaseUrl] of ENGINES) {
  describe(`Monitor migration to chain ids on ${engine}`, async () => {
    it("keeps a database indexed before: its rows take its chain, nothing is indexed or raised again, notes still open", async () => {
      const { provider } = await network.create();
      const connection = await connectProvider(provider as unknown as EIP1193Provider);
      const chainId = connection.chain.id;
      const m = await scriptedMarket(connection, 2);
      await send(connection, {
        actor: m.issuer,
        ...forcedTransferCall({ token: m.token, from: m.bob.account.address, to: m.alice.account.address, amount: 5n, caseRef: "MIG-1" }),
        what: "force",
      });

      // What the earlier release wrote: the same rows, no chain ids, the cursors called "main", alert ids without chain.
      const reference = await freshMonitorDatabase(databaseUrl());
      const old = await oldDatabase(databaseUrl());
      const notes = new AlertNotes(randomBytes(32).toString("base64"));
      let alertIds: string[];
      try {
        await runIndexer(connection, reference.db, m.deployment);
        const raised = await new AlertEngine(reference.db, config).process();
        assert.ok(raised.some((a) => a.rule === "forcedTransfer"));
        for (const table of CHAIN_TABLES) {
          const rows = await reference.db.selectFrom(table).selectAll().execute();
          await old.db
            .insertInto(table)
            .values(rows.map((r) => withoutChain(r as { chain_id: number })))
            .execute();
        }
        const cursor = await reference.db.selectFrom("indexer_cursor").selectAll().executeTakeFirstOrThrow();
        await old.db
          .insertInto("indexer_cursor")
          .values({ ...cursor, id: "main" })
          .execute();
        const alertCursor = await reference.db.selectFrom("alert_cursor").selectAll().executeTakeFirstOrThrow();
        await old.db
          .insertInto("alert_cursor")
          .values({ id: "main", next_block: alertCursor.next_block, next_log_index: alertCursor.next_log_index })
          .execute();
        const alerts = await reference.db.selectFrom("alerts").selectAll().execute();
        alertIds = alerts.map((a) => `${a.rule}:${a.block_number}:${a.log_index}:${a.subject}`);
        await old.db
          .insertInto("alerts")
          .values(alerts.map((a, i) => ({ ...withoutChain(a), id: alertIds[i] })))
          .execute();
        await old.db
          .insertInto("alert_acknowledgements")
          .values({ alert_id: alertIds[0], key_id: "k1", note: notes.seal(alertIds[0], "seen by the desk"), acknowledged_at: new Date().toISOString() })
          .execute();
      } finally {
        await reference.close();
      }

      const db = old.db as Kysely<MonitorSchema>;
      try {
        await migrateMonitor(db);
        for (const table of CHAIN_TABLES) {
          const chains = (await db.selectFrom(table).select("chain_id").execute()).map((r) => Number(r.chain_id));
          assert.ok(chains.length > 0 && chains.every((c) => c === chainId), `every ${table} row is of chain ${chainId}`);
        }
        const cursors = await db.selectFrom("indexer_cursor").selectAll().execute();
        assert.deepEqual(
          cursors.map((c) => [c.id, Number(c.chain_id)]),
          [[String(chainId), chainId]],
        );
        assert.deepEqual(
          (await db.selectFrom("alert_cursor").select("chain_id").execute()).map((c) => Number(c.chain_id)),
          [chainId],
        );
        const alerts = await db.selectFrom("alerts").select(["id", "chain_id"]).execute();
        assert.deepEqual(alerts.map((a) => a.id).sort(), [...alertIds].sort(), "alert ids are kept");
        assert.ok(alerts.every((a) => Number(a.chain_id) === chainId));
        const ack = await db.selectFrom("alert_acknowledgements").selectAll().executeTakeFirstOrThrow();
        assert.equal(notes.open(ack.alert_id, ack.note), "seen by the desk", "a note sealed to its alert still opens");
        assert.deepEqual(await db.selectFrom("bridge_links").selectAll().execute(), []);

        // Not indexed again, no alert raised again; new blocks are indexed from where the earlier release stopped.
        assert.equal((await runIndexer(connection, db, m.deployment)).events, 0);
        assert.deepEqual(await new AlertEngine(db, config).process(), []);
        await m.pay(m.alice, m.bob.account.address, 1n);
        assert.ok((await runIndexer(connection, db, m.deployment)).events > 0);
        const r = m.deployment.registries;
        assert.deepEqual(
          (await db.selectFrom("events").select(["block_number", "log_index"]).execute()).map((x) => `${Number(x.block_number)}:${x.log_index}`).sort(),
          await chainLogKeys(connection, [r.credentials, r.contracts, r.issuers, m.token]),
        );

        // The chain id is part of the key: another chain's rows at the same positions are welcome.
        const row = await db.selectFrom("events").selectAll().limit(1).executeTakeFirstOrThrow();
        await db
          .insertInto("events")
          .values({ ...row, chain_id: chainId + 1 })
          .execute();
        await assert.rejects(db.insertInto("events").values(row).execute(), "the same chain's position is still unique");

        // Applied but not recorded (a process killed between the two): running it again changes nothing.
        await chainsMigration.up(db);
        assert.equal((await db.selectFrom("indexer_cursor").selectAll().execute()).length, 1);
      } finally {
        await old.close();
      }
    });

    it("refuses to guess the chain of rows no cursor accounts for", async () => {
      const old = await oldDatabase(databaseUrl());
      try {
        await old.db.insertInto("indexed_blocks").values({ number: 1, hash: "0x01", timestamp: 1 }).execute();
        await assert.rejects(migrateMonitor(old.db as Kysely<MonitorSchema>), /indexed_blocks holds rows but no cursor says which chain/);
        // The failed migration left the tables as they were.
        assert.equal((await old.db.selectFrom("indexed_blocks").selectAll().execute()).length, 1);
        await old.db.selectFrom("events").select("block_number").execute();
      } finally {
        await old.close();
      }
    });

    it("is one transaction: failing half way (the third table cannot be rebuilt) leaves every table as it was", async () => {
      const old = await oldDatabase(databaseUrl());
      try {
        await old.db.insertInto("indexer_cursor").values({ id: "main", chain_id: 7, next_block: 2, updated_at: "then" }).execute();
        await old.db.insertInto("indexed_blocks").values({ number: 1, hash: "0x01", timestamp: 1 }).execute();
        await old.db.schema.createTable("events_by_chain").addColumn("x", "integer").execute(); // in the way of the rebuild
        await assert.rejects(migrateMonitor(old.db as Kysely<MonitorSchema>), /monitor migration 0004_chains failed/);
        const columns = (await old.db.introspection.getTables()).find((t) => t.name === "indexed_blocks")!.columns.map((c) => c.name);
        assert.deepEqual(columns.sort(), ["hash", "number", "timestamp"], "the first table rebuilt is rolled back");
        assert.equal((await old.db.selectFrom("indexed_blocks").selectAll().execute()).length, 1);
        assert.deepEqual(
          (await old.db.selectFrom("indexer_cursor").select("id").execute()).map((c) => c.id),
          ["main"],
        );
        // Once the obstacle is gone, the migration goes through.
        await old.db.schema.dropTable("events_by_chain").execute();
        await migrateMonitor(old.db as Kysely<MonitorSchema>);
        assert.deepEqual(
          (await old.db.selectFrom("indexed_blocks").select("chain_id").execute()).map((r) => Number(r.chain_id)),
          [7],
        );
      } finally {
        await old.close();
      }
    });
  });
}
