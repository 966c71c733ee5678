import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { network } from "hardhat";
import type { EIP1193Provider } from "viem";
import type { Kysely } from "kysely";
import { connectProvider, forcedTransferCall, send } from "../../src/sdk/index.js";
import { openDatabase } from "../../src/storage/database.js";
import { migrateMonitor, type MonitorSchema } from "../../src/monitor/schema.js";
import { runIndexer } from "../../src/monitor/indexer.js";
import { AlertEngine } from "../../src/monitor/alerts/engine.js";
import { alertConfigSchema } from "../../src/monitor/alerts/config.js";
import { MONITOR_OPERATOR_ROLE, MONITOR_ROLE, createApi, serveApi } from "../../src/api/server.js";
import { createKey, migrateApiKeys, type ApiKeySchema } from "../../src/auth/api-keys.js";
import { scriptedMarket } from "../support/scenario.js";

describe("Monitor API: acknowledging an alert with a note", async () => {
  const { provider } = await network.create();
  const connection = await connectProvider(provider as unknown as EIP1193Provider);
  const m = await scriptedMarket(connection, 2);
  await send(connection, {
    actor: m.issuer,
    ...forcedTransferCall({ token: m.token, from: m.bob.account.address, to: m.alice.account.address, amount: 5n, caseRef: "ACK-1" }),
    what: "force",
  });
  await send(connection, {
    actor: m.issuer,
    ...forcedTransferCall({ token: m.token, from: m.bob.account.address, to: m.alice.account.address, amount: 1n, caseRef: "ACK-2" }),
    what: "force",
  });
  const database = openDatabase<MonitorSchema>(":memory:");
  await migrateMonitor(database.db);
  await runIndexer(connection, database.db, m.deployment);
  await new AlertEngine(database.db, alertConfigSchema.parse({})).process();
  const keyDb = database.db as unknown as Kysely<ApiKeySchema>;
  await migrateApiKeys(keyDb);
  const { key } = await createKey(keyDb, { role: MONITOR_OPERATOR_ROLE, label: "risk desk", prefix: "mk" });
  const { key: readerKey } = await createKey(keyDb, { role: MONITOR_ROLE, label: "dashboard", prefix: "mk" });
  const notesKey = randomBytes(32).toString("base64");
  const server = await serveApi(createApi(database.db, { notesKey }), "127.0.0.1", 0);
  const bare = await serveApi(createApi(database.db), "127.0.0.1", 0);
  after(async () => {
    await server.close();
    await bare.close();
  });
  const call = async (path: string, init: { method?: string; body?: unknown; auth?: string | null; base?: string } = {}) => {
    const auth = init.auth === undefined ? key : init.auth;
    const r = await fetch(`${init.base ?? server.url}${path}`, {
      method: init.method ?? "GET",
      headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), "content-type": "application/json" },
      body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
    });
    return { status: r.status, body: (await r.json()) as any };
  };
  const note = "Checked with the issuer: court order 2026/114, transfer expected";

  it("records who acknowledged, when and the note, shown with the alert; the note is sealed at rest", async () => {
    const alerts = (await call("/alerts")).body as { id: string; rule: string; acknowledged: unknown }[];
    const forced = alerts.find((a) => a.rule === "forcedTransfer")!;
    assert.equal(forced.acknowledged, null);
    const ack = await call(`/alerts/${encodeURIComponent(forced.id)}/acknowledge`, { method: "POST", body: { note } });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    const after = ((await call("/alerts")).body as typeof alerts).find((a) => a.id === forced.id) as any;
    assert.equal(after.acknowledged.note, note);
    assert.equal(after.acknowledged.by, "risk desk");
    assert.ok(Date.parse(after.acknowledged.at) > 0);
    const stored = await database.db
      .selectFrom("alert_acknowledgements" as never)
      .selectAll()
      .execute();
    assert.equal(JSON.stringify(stored).includes("court order"), false, "the note is not stored in clear");
    const again = await call(`/alerts/${encodeURIComponent(forced.id)}/acknowledge`, { method: "POST", body: { note } });
    assert.equal(again.status, 409);
    assert.match(again.body.error, /already acknowledged/);
  });

  it("lets a read-only key read the alerts but never acknowledge one", async () => {
    const alerts = await call("/alerts", { auth: readerKey });
    assert.equal(alerts.status, 200);
    const id = (alerts.body as { id: string; acknowledged: unknown }[]).find((a) => a.acknowledged === null)!.id;
    const refused = await call(`/alerts/${encodeURIComponent(id)}/acknowledge`, { method: "POST", body: { note }, auth: readerKey });
    assert.equal(refused.status, 403);
    assert.match(refused.body.error, /read-only.*operator key/);
    assert.equal(
      ((await call("/alerts")).body as { id: string; acknowledged: unknown }[]).find((a) => a.id === id)!.acknowledged,
      null,
      "the reader's acknowledgement was not recorded",
    );
  });

  it("refuses an outsider, an unknown alert, a missing or enormous note, and a server without a notes key", async () => {
    const id = ((await call("/alerts")).body as { id: string; acknowledged: unknown }[]).find((a) => a.acknowledged === null)!.id;
    const path = `/alerts/${encodeURIComponent(id)}/acknowledge`;
    assert.equal((await call(path, { method: "POST", body: { note }, auth: null })).status, 401);
    const unknown = await call(`/alerts/nope/acknowledge`, { method: "POST", body: { note } });
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.error, /no alert/);
    assert.equal((await call(path, { method: "POST", body: {} })).status, 400);
    assert.equal((await call(path, { method: "POST", body: { note: "x".repeat(2001) } })).status, 400);
    assert.equal((await call(path, { method: "POST", body: "not json" })).status, 400);
    const closed = await call(path, { method: "POST", body: { note }, base: bare.url });
    assert.equal(closed.status, 409);
    assert.match(closed.body.error, /QUALIFIED_MONITOR_NOTES_KEY/);
    assert.equal(
      ((await call("/alerts")).body as { id: string; acknowledged: unknown }[]).find((a) => a.id === id)!.acknowledged,
      null,
      "nothing was recorded",
    );
  });
});
