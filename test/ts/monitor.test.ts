import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";
import type { EIP1193Provider } from "viem";
import { connectProvider } from "../../src/sdk/index.js";
import type { openDatabase } from "../../src/storage/database.js";
import type { MonitorSchema } from "../../src/monitor/schema.js";
import { runIndexer } from "../../src/monitor/indexer.js";
import { chainLogKeys, scriptedMarket } from "../support/scenario.js";
import { ENGINES, PG_URL, freshMonitorDatabase } from "../support/engines.js";

for (const [engine, databaseUrl] of ENGINES) {
  describe(`Monitor indexer on ${engine}`, async () => {
    it("indexes every event of the registries and of a token it discovers on chain, exactly once", async () => {
      const { provider } = await network.create();
      const connection = await connectProvider(provider as unknown as EIP1193Provider);
      const m = await scriptedMarket(connection, 3);
      const database = await freshMonitorDatabase(databaseUrl());
      try {
        const result = await runIndexer(connection, database.db, m.deployment, { batchSize: 7 });
        const rows = await database.db.selectFrom("events").select(["block_number", "log_index"]).execute();
        const indexed = rows.map((r) => `${Number(r.block_number)}:${r.log_index}`).sort();
        const r = m.deployment.registries;
        assert.deepEqual(indexed, await chainLogKeys(connection, [r.credentials, r.contracts, r.issuers, m.token]));
        assert.equal(result.events, indexed.length);
        const transfers = await database.db.selectFrom("transfers").selectAll().orderBy("block_number").execute();
        assert.deepEqual(
          transfers.map((t) => [t.kind, t.amount]),
          [
            ["mint", "1000"],
            ["transfer", "10"],
            ["transfer", "10"],
            ["transfer", "10"],
          ],
        );
        const names = new Set((await database.db.selectFrom("events").select("name").execute()).map((e) => e.name));
        for (const n of ["QualifierAdmitted", "RegulatorAdmitted", "IssuerQualified", "TokenListed", "CredentialIssued", "Transfer"]) {
          assert.ok(names.has(n), `indexed ${n}`);
        }
        // Running again finds nothing new and duplicates nothing.
        const again = await runIndexer(connection, database.db, m.deployment, { batchSize: 7 });
        assert.equal(again.events, 0);
        assert.equal((await database.db.selectFrom("events").select("block_number").execute()).length, indexed.length);
      } finally {
        await database.close();
      }
    });

    it("rewinds and replays a reorganisation, even onto a shorter branch", async () => {
      const { provider } = await network.create();
      const connection = await connectProvider(provider as unknown as EIP1193Provider);
      const m = await scriptedMarket(connection, 1);
      const database = await freshMonitorDatabase(databaseUrl());
      try {
        await runIndexer(connection, database.db, m.deployment);
        const snapshot = await provider.request({ method: "evm_snapshot" });
        for (let i = 0; i < 5; i++) await m.pay(m.alice, m.bob.account.address, 1n); // branch A: 5 blocks
        await runIndexer(connection, database.db, m.deployment);
        assert.equal((await transferAmounts(database)).filter((a) => a === "1").length, 5);

        await provider.request({ method: "evm_revert", params: [snapshot] });
        for (let i = 0; i < 2; i++) await m.pay(m.bob, m.alice.account.address, 3n); // branch B: 2 blocks, shorter
        const reorgs: { detectedAt: number; rewoundTo: number; removedEvents: number }[] = [];
        await runIndexer(connection, database.db, m.deployment, { onReorg: (r) => void reorgs.push(r) });

        assert.equal(reorgs.length, 1);
        assert.equal(reorgs[0].removedEvents, 5);
        const amounts = await transferAmounts(database);
        assert.equal(amounts.filter((a) => a === "1").length, 0, "branch A's transfers are gone");
        assert.equal(amounts.filter((a) => a === "3").length, 2, "branch B's transfers are in");
        const rows = await database.db.selectFrom("events").select(["block_number", "log_index", "block_hash"]).execute();
        const r = m.deployment.registries;
        assert.deepEqual(
          rows.map((x) => `${Number(x.block_number)}:${x.log_index}`).sort(),
          await chainLogKeys(connection, [r.credentials, r.contracts, r.issuers, m.token]),
        );
        for (const row of rows) {
          const block = await connection.publicClient.getBlock({ blockNumber: BigInt(row.block_number) });
          assert.equal(row.block_hash, block.hash, "every row belongs to the canonical chain");
        }
      } finally {
        await database.close();
      }
    });
  });
}

describe("Monitor indexer against a node that caps eth_getLogs", () => {
  it("splits refused ranges and still indexes everything", async () => {
    const { provider } = await network.create();
    const m = await scriptedMarket(await connectProvider(provider as unknown as EIP1193Provider), 4);
    // Like public endpoints: eth_getLogs over more than 3 blocks is refused.
    let refused = 0;
    const capped = {
      request: async (args: { method: string; params?: unknown }) => {
        if (args.method === "eth_getLogs") {
          const [filter] = args.params as [{ fromBlock: string; toBlock: string }];
          if (Number(filter.toBlock) - Number(filter.fromBlock) + 1 > 3) {
            refused++;
            throw new Error("query exceeds the maximum block range of 3");
          }
        }
        return provider.request(args as never);
      },
    } as unknown as EIP1193Provider;
    const connection = await connectProvider(capped);
    const database = await freshMonitorDatabase(ENGINES[0][1]());
    try {
      await runIndexer(connection, database.db, m.deployment, { batchSize: 50 });
      const rows = await database.db.selectFrom("events").select(["block_number", "log_index"]).execute();
      const r = m.deployment.registries;
      assert.deepEqual(
        rows.map((x) => `${Number(x.block_number)}:${x.log_index}`).sort(),
        await chainLogKeys(connection, [r.credentials, r.contracts, r.issuers, m.token]),
      );
      assert.ok(refused > 0, "the cap was hit and worked around");
    } finally {
      await database.close();
    }
  });
});

if (!PG_URL) {
  describe("Monitor indexer on PostgreSQL", () => {
    it("runs against a real server when QUALIFIED_TEST_PG_URL is set (.ci/run starts one)", { skip: "QUALIFIED_TEST_PG_URL is not set" }, () => {});
  });
}

async function transferAmounts(database: ReturnType<typeof openDatabase<MonitorSchema>>) {
  return (await database.db.selectFrom("transfers").select("amount").execute()).map((t) => t.amount);
}
