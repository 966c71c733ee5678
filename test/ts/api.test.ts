import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";
import type { EIP1193Provider } from "viem";
import { connectProvider, forcedTransferCall, send } from "../../src/sdk/index.js";
import { openDatabase } from "../../src/storage/database.js";
import { migrateMonitor, type MonitorSchema } from "../../src/monitor/schema.js";
import { runIndexer } from "../../src/monitor/indexer.js";
import { AlertEngine } from "../../src/monitor/alerts/engine.js";
import { alertConfigSchema } from "../../src/monitor/alerts/config.js";
import { MONITOR_ROLE, createApi, serveApi } from "../../src/api/server.js";
import { createKey, migrateApiKeys, revokeKey, type ApiKeySchema } from "../../src/auth/api-keys.js";
import { sql, type Kysely } from "kysely";
import { Writable } from "node:stream";
import { createLogger } from "../../src/logging/logger.js";
import { scriptedMarket } from "../support/scenario.js";

describe("Monitor HTTP API", async () => {
  const { provider } = await network.create();
  const connection = await connectProvider(provider as unknown as EIP1193Provider);
  const m = await scriptedMarket(connection, 2); // Alice 980, Bob 20
  const forced = await send(connection, {
    actor: m.issuer,
    ...forcedTransferCall({ token: m.token, from: m.bob.account.address, to: m.alice.account.address, amount: 5n, caseRef: "API-1" }),
    what: "force",
  });
  const database = openDatabase<MonitorSchema>(":memory:");
  await migrateMonitor(database.db);
  await runIndexer(connection, database.db, m.deployment);
  await new AlertEngine(database.db, alertConfigSchema.parse({})).process();
  const keyDb = database.db as unknown as Kysely<ApiKeySchema>;
  await migrateApiKeys(keyDb);
  const { key } = await createKey(keyDb, { role: MONITOR_ROLE, label: "analyst", prefix: "mk" });
  const logLines: string[] = [];
  const logger = createLogger({
    name: "monitor-api",
    destination: new Writable({
      write: (chunk, _e, done) => {
        logLines.push(String(chunk));
        done();
      },
    }),
  });
  const server = await serveApi(createApi(database.db, { logger }), "127.0.0.1", 0);
  after(() => server.close());
  const get = async (path: string, auth: string | null = key) => {
    const r = await fetch(`${server.url}${path}`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} });
    return { status: r.status, body: (await r.json()) as any };
  };

  it("answers only to an API key, except /health; an expired or revoked key hears why", async () => {
    const anonymous = await get(`/tokens/${m.token}/analytics`, null);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.body.error, /API key is required/);
    assert.match(anonymous.body.requestId, /^[0-9a-f-]{36}$/);
    assert.equal((await get("/alerts", "mk_not-a-key")).status, 401);
    assert.equal((await get("/health", null)).status, 200);
    const temp = await createKey(keyDb, { role: MONITOR_ROLE, label: "temp", days: 1, prefix: "mk" });
    assert.equal((await get("/alerts", temp.key)).status, 200);
    await revokeKey(keyDb, temp.info.id);
    assert.match((await get("/alerts", temp.key)).body.error, /revoked/);
    const old = await createKey(keyDb, { role: MONITOR_ROLE, label: "old", days: 1, prefix: "mk", now: new Date(Date.now() - 2 * 86_400_000) });
    const expired = await get("/alerts", old.key);
    assert.equal(expired.status, 401);
    assert.match(expired.body.error, /expired/);
  });

  it("serves analytics for a token", async () => {
    const { status, body } = await get(`/tokens/${m.token}/analytics`);
    assert.equal(status, 200);
    assert.equal(body.concentration.holders, 2);
    assert.equal(body.concentration.supply, "1000");
    assert.equal(body.concentration.nakamoto, 1);
    assert.ok(Math.abs(body.concentration.hhi - (98.5 ** 2 + 1.5 ** 2)) < 1e-6, `HHI of 985/15, got ${body.concentration.hhi}`);
  });

  it("serves a token's supply over time, weekly net flows by category and every holder's balance, largest first", async () => {
    const { body } = await get(`/tokens/${m.token}/analytics?period=week`);
    assert.equal(body.supply.at(-1).supply, "1000");
    assert.ok(body.flowsOverTime.length >= 1);
    assert.equal(body.flowsOverTime[0].net["mint/burn"], "-1000");
    assert.deepEqual(body.balances, [
      { holder: m.alice.account.address, balance: "985" },
      { holder: m.bob.account.address, balance: "15" },
    ]);
    assert.equal((await get(`/tokens/${m.token}/analytics?period=year`)).status, 400);
  });

  it("serves analytics across tokens", async () => {
    const { status, body } = await get("/analytics?exposure=0.9");
    assert.equal(status, 200);
    assert.equal(body.tokens.length, 1);
    assert.equal(body.holders, 2);
    assert.deepEqual(
      body.largeExposures.map((e: { holder: string }) => e.holder),
      [m.alice.account.address],
    ); // 985 of 1,000
    assert.equal((await get("/analytics?exposure=2")).status, 400);
  });

  it("serves a forward trace and the sources of a wallet", async () => {
    const trace = await get(`/tokens/${m.token}/trace?tx=${forced}`);
    assert.equal(trace.status, 200);
    assert.equal(trace.body.source.amount, "5");
    assert.equal(trace.body.recoverableTotal, "5");
    assert.deepEqual(trace.body.nodes.find((n: { address: string }) => n.address === m.alice.account.address).qualifiers, ["Alpha"]);
    const sources = await get(`/tokens/${m.token}/sources?address=${m.bob.account.address}&hops=2`);
    assert.equal(sources.status, 200);
    assert.equal(sources.body.nodes[0].address, m.alice.account.address);
  });

  it("lists alerts by severity", async () => {
    const all = await get("/alerts");
    assert.ok(all.body.some((a: { rule: string }) => a.rule === "forcedTransfer"));
    const high = await get("/alerts?severity=high");
    assert.equal(
      high.body.some((a: { rule: string }) => a.rule === "forcedTransfer"),
      false,
      "forced transfers are medium",
    );
  });

  it("answers bad input with a 4xx and a sentence", async () => {
    const bad = await get("/tokens/0x12/analytics");
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /^token: not an address: 0x and 40 hex digits/);
    const noTx = await get(`/tokens/${m.token}/trace?tx=abc`);
    assert.equal(noTx.status, 400);
    assert.match(noTx.body.error, /^tx: a 32-byte transaction hash/);
    assert.equal((await get(`/tokens/${m.token}/trace?tx=0x${"ab".repeat(32)}`)).status, 404);
    assert.equal((await get(`/tokens/${m.alice.account.address}/analytics`)).status, 404);
    assert.equal((await get("/alerts?severity=urgent")).status, 400);
    assert.equal((await get("/alerts?limit=0")).status, 400);
    assert.equal((await get("/nowhere")).status, 404);
    const health = await get("/health");
    assert.equal(health.body.ok, true);
  });

  it("logs a server error with its request id and without the key, and answers 500 with the id", async () => {
    await sql`alter table alerts rename to alerts_away`.execute(database.db);
    const r = await fetch(`${server.url}/alerts`, { headers: { authorization: `Bearer ${key}` } });
    await sql`alter table alerts_away rename to alerts`.execute(database.db);
    assert.equal(r.status, 500);
    const body = (await r.json()) as { requestId: string };
    assert.equal(r.headers.get("x-request-id"), body.requestId);
    const logged = logLines.map((l) => JSON.parse(l)).find((l) => l.requestId === body.requestId && l.msg === "internal error");
    assert.ok(logged, logLines.join(""));
    assert.match(logged.err.message, /alerts/);
    assert.equal(logLines.join("").includes(key), false, "the API key is not in the log");
  });
});
