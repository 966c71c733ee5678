import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";
import type { EIP1193Provider } from "viem";
import { connectProvider } from "../../src/sdk/index.js";
import { openDatabase } from "../../src/storage/database.js";
import { migrateMonitor, type MonitorSchema } from "../../src/monitor/schema.js";
import { runIndexer } from "../../src/monitor/indexer.js";
import { loadAnnotations, loadMovements } from "../../src/analytics/load.js";
import { concentration } from "../../src/analytics/concentration.js";
import { activeWalletsPerDay, balancesAt, holdersOverTime } from "../../src/analytics/balances.js";
import { netFlowsByCategory, parseLabelFile } from "../../src/analytics/flows.js";
import { setupMarket } from "../support/scenario.js";

/**
 * A scripted market whose figures are worked out by hand:
 *   mint A 600, B 300, C 100; A -> B 100; B -> pool P 50.
 *   Balances: A 500, B 350, C 100, P 50 (supply 1,000). C is an exchange (label file); P a registered pool.
 */
describe("Analytics against hand-computed figures", async () => {
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

  const database = openDatabase<MonitorSchema>(":memory:");
  await migrateMonitor(database.db);
  await runIndexer(connection, database.db, market.deployment);
  const movements = await loadMovements(database.db, market.token);
  const annotations = await loadAnnotations(database.db);
  const labels = { defi: annotations.defi, known: parseLabelFile({ [C.account.address]: { category: "exchange", name: "Exchange C" } }) };

  it("computes balances, holders and concentration", () => {
    const balances = balancesAt(movements);
    assert.equal(balances.get(A.account.address), 500n);
    assert.equal(balances.get(B.account.address), 350n);
    assert.equal(balances.get(P), 50n);
    const c = concentration(balances, [1, 2]);
    assert.equal(c.holders, 4);
    assert.equal(c.supply, 1000n);
    assert.equal(c.topShare[1], 0.5);
    assert.equal(c.topShare[2], 0.85);
    assert.ok(Math.abs(c.hhi - 3850) < 1e-6, `HHI 50^2 + 35^2 + 10^2 + 5^2 = 3850, got ${c.hhi}`);
    assert.equal(c.nakamoto, 2, "A alone holds exactly half, not more: A and B are needed");
  });

  it("computes net flows by counterparty category", () => {
    const flows = Object.fromEntries(netFlowsByCategory(movements, labels).map((f) => [f.category, f]));
    assert.deepEqual([flows["mint/burn"].inflow, flows["mint/burn"].outflow, flows["mint/burn"].net], [0n, 1000n, -1000n]);
    assert.deepEqual([flows.individual.inflow, flows.individual.outflow, flows.individual.net], [900n, 50n, 850n]);
    assert.deepEqual([flows.exchange.inflow, flows.exchange.net], [100n, 100n]);
    assert.deepEqual([flows.defi.inflow, flows.defi.net], [50n, 50n]);
  });

  it("counts holders over time and active wallets per day", () => {
    const series = holdersOverTime(movements);
    assert.equal(series.at(-1)!.holders, 4);
    const active = activeWalletsPerDay(movements);
    assert.equal(new Set(active.map((d) => d.day)).size, active.length, "one row per day");
    // The scenario takes seconds of chain time; unless it straddles midnight UTC it is one day with A, B, C and P.
    if (active.length === 1) assert.equal(active[0].active, 4);
    else assert.equal(active.reduce((n, d) => n + d.active, 0) >= 4, true);
  });

  it("knows the pool from the contract registry and the wallets' qualifier, never a person", () => {
    assert.ok(annotations.defi.has(P));
    assert.deepEqual(annotations.qualifiers.get(A.account.address), ["Alpha"]);
    assert.equal(annotations.qualifiers.get(P), undefined);
  });

  it("forgets a contract governance deregistered", async () => {
    const Q = await market.registeredContract(developer);
    await market.deregister(Q);
    await runIndexer(connection, database.db, market.deployment);
    const now = await loadAnnotations(database.db);
    assert.ok(now.defi.has(P));
    assert.equal(now.defi.has(Q), false);
  });

  it("rejects a label file with an unknown category", () => {
    assert.throws(() => parseLabelFile({ [A.account.address]: { category: "casino" } }), /category must be exchange, custodian or bridge/);
  });
});
