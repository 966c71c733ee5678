import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import type { EIP1193Provider } from "viem";
import { connectProvider } from "../../src/sdk/index.js";
import { openDatabase } from "../../src/storage/database.js";
import { migrateMonitor, type MonitorSchema } from "../../src/monitor/schema.js";
import { runIndexer } from "../../src/monitor/indexer.js";
import { contractNode, debtRankFileFor, exposureNetworkFromMonitor, holderNode, tokenNode } from "../../src/stress/network/from-monitor.js";
import { debtRankFileSchema } from "../../src/stress/network/schema.js";
import { debtRankResult } from "../../src/stress/network/result.js";
import { setupMarket } from "../support/scenario.js";

/**
 * A market indexed from a real chain: mint A 600, B 300, C 100 (all qualified by Alpha as professional
 * investors); A -> B 100; B -> registered pool P 50; C sanctioned. Balances: A 500, B 350, C 100, P 50.
 */
describe("The exposure network from the monitor's database", async () => {
  const { provider } = await network.create();
  const connection = await connectProvider(provider as unknown as EIP1193Provider);
  const market = await setupMarket(connection);
  const [A, B, C, developer] = market.wallets;
  await market.qualify([A, B, C].map((w) => w.account.address));
  await market.mint(A.account.address, 600n);
  await market.mint(B.account.address, 300n);
  await market.mint(C.account.address, 100n);
  await market.pay(A, B.account.address, 100n);
  const P = await market.registeredContract(developer);
  await market.pay(B, P, 50n);
  await market.sanction(C.account.address);

  const dir = mkdtempSync(join(tmpdir(), "stress-monitor-"));
  const dbFile = join(dir, "monitor.sqlite");
  const database = openDatabase<MonitorSchema>(dbFile);
  await migrateMonitor(database.db);
  await runIndexer(connection, database.db, market.deployment);
  after(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const token = tokenNode(market.token);
  const alpha = holderNode("Alpha/professional investor");
  const sanctioned = holderNode("sanctioned");
  const pool = contractNode(P);

  it("groups holders by qualifier and class, keeps pools apart, and links holdings and placements", async () => {
    const net = await exposureNetworkFromMonitor(database.db, { decimals: 0 });
    assert.deepEqual(
      net.nodes.map((n) => [n.id, n.kind, n.wallets, n.value]),
      [
        [pool, "contract", 1, 50],
        [alpha, "holders", 2, 900],
        [sanctioned, "holders", 1, 100],
        [token, "token", 1, 1000],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    assert.deepEqual(
      net.exposures,
      [
        { from: pool, to: token, amount: 50 },
        { from: alpha, to: pool, amount: 50 },
        { from: alpha, to: token, amount: 850 },
        { from: sanctioned, to: token, amount: 100 },
      ].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    );
    assert.ok(!JSON.stringify(net).includes(A.account.address), "no individual wallet appears as a node");
  });

  it("runs DebtRank on it: a 40% fall of the token costs every holder 40% of its position", async () => {
    const net = await exposureNetworkFromMonitor(database.db, { decimals: 0 });
    const file = debtRankFileSchema.parse(debtRankFileFor(net, { [token]: 0.4 }));
    const r = debtRankResult(file);
    // Alpha: 0.4 x 850/900 from the token, then 0.4 x 50/900 through the pool one step later.
    for (const id of [alpha, sanctioned, pool, token]) assert.ok(Math.abs(r.distress![id]! - 0.4) < 1e-12, `${id}: ${r.distress![id]}`);
    assert.ok(Math.abs(r.systemicLoss! - (1050 * 0.4) / 2050) < 1e-12);
    assert.deepEqual(r.defaults, []);
  });

  it("qualified stress exposures writes the network file that qualified stress network runs (built CLI)", () => {
    const BIN = join(import.meta.dirname, "..", "..", "bin", "qualified.js");
    const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, "stress", ...args], { encoding: "utf8", timeout: 60_000 });
    const exported = cli("exposures", "--db", dbFile, "--decimals", "0", "--shock", `${token}=0.4`);
    assert.equal(exported.status, 0, exported.stderr);
    const file = join(dir, "network.json");
    writeFileSync(file, exported.stdout);
    const run = cli("network", file, "--json");
    assert.equal(run.status, 0, run.stderr);
    assert.ok(Math.abs(JSON.parse(run.stdout).distress[alpha] - 0.4) < 1e-9);
    const refused = cli("exposures", "--db", dbFile, "--shock", "token:0xnope=0.4");
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr.trim(), /^qualified: shock "token:0xnope=0.4": "token:0xnope" is not a node of the exposure network/);
  });
});
