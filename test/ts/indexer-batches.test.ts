import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";
import { decodeEventLog, encodeFunctionData, type Abi, type EIP1193Provider, type Hex } from "viem";
import { connectProvider, contractRegistryAbi, credentialRegistryAbi, issuerRegistryAbi, securityTokenAbi, send } from "../../src/sdk/index.js";
import { runIndexer } from "../../src/monitor/indexer.js";
import { EventDecoder } from "../../src/monitor/decode.js";
import { toJson, type IndexedEvent } from "../../src/monitor/events.js";
import { AlertEngine } from "../../src/monitor/alerts/engine.js";
import { alertConfigSchema } from "../../src/monitor/alerts/config.js";
import { BatchSizer } from "../../src/monitor/batch-size.js";
import { chainLogKeys, scriptedMarket, setupMarket } from "../support/scenario.js";
import { ENGINES, freshMonitorDatabase } from "../support/engines.js";

const sqliteUrl = ENGINES[0][1];

/** Counts the statements Kysely sends, by kind and table ("insert indexed_blocks", "select events"). */
class StatementCounter implements KyselyPlugin {
  readonly counts = new Map<string, number>();
  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    type Named = { table: { identifier: { name: string } } };
    const n = node as unknown as {
      kind: string;
      into?: Named;
      from?: { froms: Partial<Named>[] };
      sqlFragments?: string[];
      parameters?: ({ kind: string; parameters?: ({ kind: string } & Partial<Named>)[] } & Partial<Named>)[];
    };
    let key: string | undefined;
    if (n.kind === "InsertQueryNode") key = `insert ${n.into?.table.identifier.name}`;
    else if (n.kind === "SelectQueryNode") key = `select ${n.from?.froms[0]?.table?.identifier.name}`;
    else if (n.kind === "RawNode" && /^\s*insert into\s*$/i.test(n.sqlFragments?.[0] ?? "")) {
      // sql`insert into ${sql.table(name)} ...`: the table is the first parameter, wrapped in a raw node.
      const first = n.parameters?.[0];
      const table = first?.kind === "RawNode" ? first.parameters?.[0] : first;
      if (table?.kind === "TableNode") key = `insert ${table.table!.identifier.name}`;
    }
    if (key) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    return node;
  }
  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
  count(key: string) {
    return this.counts.get(key) ?? 0;
  }
}

/** A market whose token has `blocks` blocks of `perBlock` transfers each (one batch mint per block). */
async function denseMarket(connection: Awaited<ReturnType<typeof connectProvider>>, blocks: number, perBlock: number) {
  const m = await scriptedMarket(connection, 1);
  const to = Array.from({ length: perBlock }, (_, i) => (i % 2 ? m.alice : m.bob).account.address);
  const data = encodeFunctionData({ abi: securityTokenAbi, functionName: "batchMint", args: [to, to.map(() => 1n)] });
  for (let b = 0; b < blocks; b++) await send(connection, { actor: m.issuer, to: m.token, data, what: "batch mint" });
  return m;
}

describe("Monitor indexer: decoding", () => {
  it("decodes every log of a real history exactly as viem's decodeEventLog does, and stores those arguments", async () => {
    const { provider } = await network.create();
    const connection = await connectProvider(provider as unknown as EIP1193Provider);
    const m = await setupMarket(connection);
    const [a, b, developer] = m.wallets;
    await m.qualify([a.account.address, b.account.address, developer.account.address]);
    await m.mint(a.account.address, 1_000n);
    await m.pay(a, b.account.address, 600n);
    const pool = await m.registeredContract(developer);
    await m.pay(a, pool, 50n);
    await m.block(pool);
    await m.sanction(b.account.address);
    await m.revoke(a.account.address);

    const r = m.deployment.registries;
    const abis: [string, Abi][] = [
      [r.credentials, credentialRegistryAbi as Abi],
      [r.contracts, contractRegistryAbi as Abi],
      [r.issuers, issuerRegistryAbi as Abi],
      [m.token, securityTokenAbi as Abi],
    ];
    const names = new Set<string>();
    const database = await freshMonitorDatabase(sqliteUrl());
    try {
      await runIndexer(connection, database.db, m.deployment);
      const stored = new Map((await database.db.selectFrom("events").selectAll().execute()).map((e) => [`${Number(e.block_number)}:${e.log_index}`, e]));
      let compared = 0;
      for (const [address, abi] of abis) {
        const decoder = new EventDecoder(abi);
        for (const log of await connection.publicClient.getLogs({ address: address as Hex, fromBlock: 0n, toBlock: "latest" })) {
          const expected = decodeEventLog({ abi, data: log.data, topics: log.topics });
          assert.deepEqual(decoder.decode(log.topics, log.data), { eventName: expected.eventName, args: expected.args });
          const row = stored.get(`${Number(log.blockNumber)}:${log.logIndex}`)!;
          assert.deepEqual([row.name, JSON.parse(row.args)], [expected.eventName, JSON.parse(toJson(expected.args))]);
          names.add(expected.eventName!);
          compared++;
        }
      }
      assert.equal(compared, stored.size, "every stored event was compared");
      for (const n of [
        "Transfer",
        "CredentialIssued",
        "CredentialRevoked",
        "SanctionsUpdated",
        "ContractRegistered",
        "ContractBlocked",
        "TokenListed",
        "QualifierAdmitted",
      ]) {
        assert.ok(names.has(n), `the history has ${n}`);
      }
    } finally {
      await database.close();
    }
  });

  it("gives nothing for a log it cannot decode, as decodeEventLog refuses it", () => {
    const decoder = new EventDecoder(securityTokenAbi as Abi);
    const transfer = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef" as Hex;
    const address = `0x${"00".repeat(12)}${"11".repeat(20)}` as Hex;
    assert.equal(decoder.decode([`0x${"ab".repeat(32)}`], "0x"), undefined, "unknown event");
    assert.equal(decoder.decode([transfer, address], `0x${"00".repeat(32)}`), undefined, "an indexed parameter's topic missing");
    assert.equal(decoder.decode([transfer, address, address], "0x"), undefined, "no data for the amount");
    assert.equal(decoder.decode([transfer, address, address], "0x1234"), undefined, "truncated data");
    assert.deepEqual(decoder.decode([transfer, address, address], `0x${"00".repeat(31)}07`)?.args, {
      from: "0x1111111111111111111111111111111111111111",
      to: "0x1111111111111111111111111111111111111111",
      value: 7n,
    });
  });
});

describe("Monitor indexer: batch sizes follow what the node returns", () => {
  it("grows while responses are small and shrinks on a failure, never asking a failed size again", () => {
    const sizer = new BatchSizer(10_000, 1_000, 16);
    assert.equal(sizer.blocks, 16);
    sizer.succeeded(16, 0);
    assert.equal(sizer.blocks, 32, "empty blocks: twice as many");
    sizer.succeeded(32, 100);
    assert.equal(sizer.blocks, 64, "growth is capped at twice a step");
    sizer.succeeded(64, 4_000);
    assert.equal(sizer.blocks, 16, "aims at the target number of logs from the density seen");
    sizer.failed(16);
    assert.equal(sizer.blocks, 4, "a failure: a quarter of the size");
    sizer.succeeded(4, 0);
    sizer.succeeded(8, 0);
    assert.equal(sizer.blocks, 15, "a size that failed is not tried again");
    sizer.succeeded(15, 1_000);
    assert.equal(sizer.blocks, 7, "and half as many logs are aimed at after a failure");
    const late = new BatchSizer(10_000, 1_000, 16);
    late.succeeded(16, 810, 400);
    assert.equal(late.blocks, 2, "a dense block among sparse ones sets the density");
    const capped = new BatchSizer(5);
    capped.succeeded(5, 0);
    assert.equal(capped.blocks, 5, "never above the largest batch");
  });

  it("indexes a dense history behind a response cap with few refused requests", async () => {
    const { provider } = await network.create();
    const direct = await connectProvider(provider as unknown as EIP1193Provider);
    const m = await denseMarket(direct, 30, 40);
    // Like a node or client with a response-size cap: more than 100 logs in one answer is refused.
    let refused = 0;
    let requests = 0;
    const capped = {
      request: async (args: { method: string; params?: unknown }) => {
        const result = await provider.request(args as never);
        if (args.method === "eth_getLogs") {
          requests++;
          if ((result as unknown[]).length > 100) {
            refused++;
            throw new Error("response size exceeded");
          }
        }
        return result;
      },
    } as unknown as EIP1193Provider;
    const connection = await connectProvider(capped);
    const database = await freshMonitorDatabase(sqliteUrl());
    try {
      await runIndexer(connection, database.db, m.deployment);
      const rows = await database.db.selectFrom("events").select(["block_number", "log_index"]).execute();
      const r = m.deployment.registries;
      assert.deepEqual(
        rows.map((x) => `${Number(x.block_number)}:${x.log_index}`).sort(),
        await chainLogKeys(direct, [r.credentials, r.contracts, r.issuers, m.token]),
      );
      assert.ok(refused <= 6, `${refused} of ${requests} requests refused`);
    } finally {
      await database.close();
    }
  });
});

describe("Monitor indexer: writing", () => {
  it("writes the hashes of a batch's blocks in bulk, not one statement per block", async () => {
    const { provider } = await network.create();
    const connection = await connectProvider(provider as unknown as EIP1193Provider);
    const m = await scriptedMarket(connection, 30); // 30 blocks with a transfer each
    const database = await freshMonitorDatabase(sqliteUrl());
    const counter = new StatementCounter();
    try {
      let batches = 0;
      await runIndexer(connection, database.db.withPlugin(counter), m.deployment, { onProgress: () => void batches++ });
      const blocks = (await database.db.selectFrom("indexed_blocks").select("number").execute()).length;
      assert.ok(blocks > 30);
      assert.ok(counter.count("insert indexed_blocks") > 0, "the inserts were seen");
      assert.ok(
        counter.count("insert indexed_blocks") <= batches,
        `${counter.count("insert indexed_blocks")} inserts for ${blocks} blocks in ${batches} batches`,
      );
    } finally {
      await database.close();
    }
  });

  it("fetches the next range while the current one is written", async () => {
    const { provider } = await network.create();
    const m = await denseMarket(await connectProvider(provider as unknown as EIP1193Provider), 6, 100);
    const ranges: number[] = [];
    const watching = {
      request: async (args: { method: string; params?: unknown }) => {
        if (args.method === "eth_getLogs") ranges.push(Number((args.params as [{ fromBlock: string }])[0].fromBlock));
        return provider.request(args as never);
      },
    } as unknown as EIP1193Provider;
    const connection = await connectProvider(watching);
    const database = await freshMonitorDatabase(sqliteUrl());
    try {
      const overlapped: boolean[] = [];
      await runIndexer(connection, database.db, m.deployment, {
        batchSize: 3,
        onProgress: async (p) => {
          if (p.block >= p.head) return;
          // Still inside the first batch's commit: the request for the range after it is already out.
          for (let i = 0; i < 50 && !ranges.includes(p.block + 1); i++) await new Promise((r) => setTimeout(r, 20));
          overlapped.push(ranges.includes(p.block + 1));
        },
      });
      assert.ok(overlapped.length > 1, "several batches");
      assert.ok(overlapped.every(Boolean), "every next range was requested before the previous batch finished");
    } finally {
      await database.close();
    }
  });
});

describe("Monitor: the alert engine takes the decoded batch", () => {
  it("raises the same alerts from the batch as from the database, without reading the events back", async () => {
    const { provider } = await network.create();
    const connection = await connectProvider(provider as unknown as EIP1193Provider);
    const m = await setupMarket(connection);
    const [a, b] = m.wallets;
    await m.qualify([a.account.address, b.account.address]);
    await m.mint(a.account.address, 1_000n);
    for (let i = 0; i < 8; i++) await m.pay(a, b.account.address, 10n);
    await m.sanction(b.account.address);
    await m.revoke(a.account.address);
    const config = alertConfigSchema.parse({ rules: { largeTransfer: { threshold: "500" }, activitySpike: { windowBlocks: 1_000, minTransfers: 3 } } });

    const fromBatches = await freshMonitorDatabase(sqliteUrl());
    const fromDatabase = await freshMonitorDatabase(sqliteUrl());
    try {
      const counter = new StatementCounter();
      const engine = new AlertEngine(fromBatches.db.withPlugin(counter), config);
      await engine.process(); // starting: rebuilds its state from the database
      const readsAtStart = counter.count("select events");
      const batchAlerts: string[] = [];
      let batches = 0;
      await runIndexer(connection, fromBatches.db, m.deployment, {
        batchSize: 4,
        onBatch: async (batch: { events: IndexedEvent[] }) => {
          batches++;
          for (const alert of await engine.process(batch.events)) batchAlerts.push(JSON.stringify(alert));
        },
      });
      assert.ok(batches > 3);
      assert.equal(counter.count("select events"), readsAtStart, "no event was read back");

      await runIndexer(connection, fromDatabase.db, m.deployment);
      const databaseAlerts = (await new AlertEngine(fromDatabase.db, config).process()).map((x) => JSON.stringify(x));
      assert.ok(databaseAlerts.length >= 3, "a large mint, a spike, stranded holdings");
      assert.deepEqual(batchAlerts, databaseAlerts);
    } finally {
      await fromBatches.close();
      await fromDatabase.close();
    }
  });
});
