import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Hono } from "hono";
import type { Kysely } from "kysely";
import { openDatabase } from "../../src/storage/database.js";
import { migrateMonitor, type MonitorSchema } from "../../src/monitor/schema.js";
import { createKey, migrateApiKeys, type ApiKeySchema } from "../../src/auth/api-keys.js";
import { MONITOR_ROLE, createApi, serveApi } from "../../src/api/server.js";
import { createConsoleApp } from "../../src/console/server/app.js";
import { createLogger } from "../../src/logging/logger.js";
import { readStressReport } from "../../src/console/server/stress.js";
import { connectRpc, deploymentSchema } from "../../src/sdk/index.js";

describe("console server: one origin for the services, nothing more", () => {
  const staticDir = mkdtempSync(join(tmpdir(), "console-static-"));
  writeFileSync(join(staticDir, "index.html"), "<!doctype html><title>console</title>");
  const database = openDatabase<MonitorSchema>(":memory:");
  const logLines: string[] = [];
  const logger = createLogger({
    name: "console",
    destination: new Writable({
      write: (chunk, _e, done) => {
        logLines.push(String(chunk));
        done();
      },
    }),
  });
  const servers: { close: () => Promise<void> }[] = [];
  let key = "";
  let consoleUrl = "";
  let bareUrl = "";
  const seen: { path: string; headers: Record<string, string> }[] = [];

  before(async () => {
    await migrateMonitor(database.db);
    await migrateApiKeys(database.db as unknown as Kysely<ApiKeySchema>);
    key = (await createKey(database.db as unknown as Kysely<ApiKeySchema>, { role: MONITOR_ROLE, label: "desk", prefix: "mk" })).key;
    const monitor = await serveApi(createApi(database.db), "127.0.0.1", 0);
    // A service that answers with what it received, to see exactly what the console passes on.
    const echo = new Hono();
    echo.all("*", async (c) => {
      seen.push({ path: new URL(c.req.url).pathname + new URL(c.req.url).search, headers: Object.fromEntries(c.req.raw.headers) });
      return c.json({ ok: true }, 200, { "set-cookie": "session=1", "x-request-id": "abc" });
    });
    const echoed = await serveApi(echo, "127.0.0.1", 0);
    // A port nothing listens on: the qualifier service is down.
    const down = await serveApi(new Hono(), "127.0.0.1", 0);
    const downUrl = down.url;
    await down.close();
    const app = createConsoleApp({ staticDir, monitorUrl: monitor.url, qualifierUrl: echoed.url, logger });
    const served = await serveApi(app, "127.0.0.1", 0);
    const bare = await serveApi(createConsoleApp({ staticDir, qualifierUrl: downUrl, logger }), "127.0.0.1", 0);
    servers.push(monitor, echoed, served, bare);
    consoleUrl = served.url;
    bareUrl = bare.url;
  });
  after(async () => {
    for (const s of servers) await s.close();
    await database.close();
  });

  it("forwards a request with the caller's key to the monitor API and passes its answer and refusals back", async () => {
    const ok = await fetch(`${consoleUrl}/api/monitor/alerts?limit=5`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), []);
    const refused = await fetch(`${consoleUrl}/api/monitor/alerts`);
    assert.equal(refused.status, 401);
    assert.match(((await refused.json()) as { error: string }).error, /API key is required/);
  });

  it("passes on only the key, the body's type and the request id; no cookie either way", async () => {
    const r = await fetch(`${consoleUrl}/api/qualifier/applications?name=x`, {
      method: "POST",
      headers: { authorization: "Bearer qk_1", "content-type": "application/json", cookie: "a=b", "x-forwarded-for": "1.2.3.4", "x-request-id": "req-1" },
      body: JSON.stringify({ a: 1 }),
    });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get("set-cookie"), null);
    assert.equal(r.headers.get("x-request-id"), "abc");
    const last = seen.at(-1)!;
    assert.equal(last.path, "/applications?name=x");
    assert.equal(last.headers.authorization, "Bearer qk_1");
    assert.equal(last.headers.cookie, undefined);
    assert.equal(last.headers["x-forwarded-for"], undefined);
    assert.equal(last.headers["x-request-id"], "req-1");
  });

  it("never leaves the service's origin, whatever the path", async () => {
    // evil.example does not resolve here: a request sent there would fail and answer 502.
    for (const path of ["//evil.example/x", "/..%2F..%2Fetc/passwd", "/%2F%2Fevil.example", "/@evil.example"]) {
      const before = seen.length;
      const r = await fetch(`${consoleUrl}/api/qualifier${path}`);
      assert.equal(r.status, 200, `${path} reached the qualifier's own origin`);
      assert.equal(seen.length, before + 1);
      assert.ok(seen.at(-1)!.path.startsWith("/"), seen.at(-1)!.path);
    }
    const monitor = await fetch(`${consoleUrl}/api/monitor//evil.example/alerts`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(monitor.status, 404, "the monitor answered: no such route on its own origin");
  });

  it("refuses an enormous body, says which service is down or missing, and logs no key", async () => {
    const big = await fetch(`${consoleUrl}/api/qualifier/applications`, {
      method: "POST",
      headers: { authorization: "Bearer qk_1", "content-type": "application/json" },
      body: "x".repeat(2 * 1024 * 1024),
    });
    assert.equal(big.status, 413);
    const down = await fetch(`${bareUrl}/api/qualifier/me`, { headers: { authorization: "Bearer qk_secret_value" } });
    assert.equal(down.status, 502);
    assert.match(
      ((await down.json()) as { error: string }).error,
      /^the qualifier service at http:\/\/127\.0\.0\.1:\d+ does not answer: start it with `qualified qualifier serve`/,
    );
    const missing = await fetch(`${bareUrl}/api/monitor/alerts`);
    assert.equal(missing.status, 404);
    assert.match(((await missing.json()) as { error: string }).error, /no monitor API: start it with --monitor-url URL/);
    const chain = await fetch(`${bareUrl}/api/chain/overview`);
    assert.match(((await chain.json()) as { error: string }).error, /--rpc URL --deployment FILE/);
    assert.equal(logLines.join("").includes("qk_secret_value") || logLines.join("").includes(key), false);
  });

  it("stops reading an endless chunked body at the limit, and refuses a Content-Length that is not a number", async () => {
    const target = new URL(`${consoleUrl}/api/qualifier/applications`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      });
      req.on("response", (res) => {
        res.resume();
        req.destroy();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", () => undefined);
      // 2 MB, then the body never ends: the answer must come before it does.
      for (let i = 0; i < 32; i++) req.write(Buffer.alloc(64 * 1024, 120));
      setTimeout(() => {
        req.destroy();
        reject(new Error("the console kept reading an endless body"));
      }, 5000);
    });
    assert.equal(status, 413);
    const before = seen.length;
    const app = createConsoleApp({ staticDir, qualifierUrl: consoleUrl, logger });
    const odd = await app.request("http://127.0.0.1/api/qualifier/x", {
      method: "POST",
      headers: { "content-length": "12abc", "content-type": "application/json" },
      body: "{}",
    });
    assert.equal(odd.status, 400);
    assert.match(((await odd.json()) as { error: string }).error, /Content-Length/);
    assert.equal(seen.length, before);
  });

  it("answers only requests addressed to the host it serves (no DNS rebinding)", async () => {
    const target = new URL(consoleUrl);
    const ask = (host: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: target.hostname, port: target.port, path: "/api/console/config", headers: { host } }, (res) => {
          let body = "";
          res.on("data", (d) => (body += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on("error", reject);
        req.end();
      });
    const rebound = await ask(`attacker.example:${target.port}`);
    assert.equal(rebound.status, 421);
    assert.match(rebound.body, /attacker\.example.*not the host this console serves/);
    assert.equal((await ask(`127.0.0.1:${target.port}`)).status, 200);
    assert.equal((await ask(`localhost:${target.port}`)).status, 200);
    const named = createConsoleApp({ staticDir, logger, hosts: ["console.internal"] });
    assert.equal((await named.request("http://console.internal:8088/api/console/config")).status, 200);
    assert.equal((await named.request("http://127.0.0.1:8088/api/console/config")).status, 421);
  });

  it("serves the app under a content security policy that admits only its own origin", async () => {
    const r = await fetch(`${consoleUrl}/`);
    assert.equal(r.status, 200);
    assert.match(await r.text(), /<title>console<\/title>/);
    const csp = r.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    const config = (await (await fetch(`${consoleUrl}/api/console/config`)).json()) as Record<string, unknown>;
    assert.deepEqual(config, { monitor: true, qualifier: true, chain: null, stress: false });
  });

  it("reads the report qualified stress writes", () => {
    const network = join(staticDir, "network.json");
    writeFileSync(
      network,
      JSON.stringify({
        model: "eisenberg-noe",
        nodes: [
          { id: "A", externalAssets: 5 },
          { id: "B", externalAssets: 4 },
          { id: "C", externalAssets: 0 },
        ],
        liabilities: [
          { from: "A", to: "B", amount: 2 },
          { from: "C", to: "A", amount: 3 },
        ],
      }),
    );
    const out = join(staticDir, "stress");
    const ran = spawnSync(process.execPath, [join(import.meta.dirname, "..", "..", "bin", "qualified.js"), "stress", "network", network, "--report", out], {
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(ran.status, 0, ran.stderr);
    const report = readStressReport(join(out, "report.json"));
    assert.equal(report.network?.[0].model, "eisenberg-noe");
  });

  it("reads a stress report and refuses a file that is not one, saying where", () => {
    const report = readStressReport(join(import.meta.dirname, "..", "fixtures", "stress", "report.json"));
    assert.equal(report.replay?.rounds.length, 3);
    const bad = join(staticDir, "bad.json");
    writeFileSync(bad, JSON.stringify({ version: 2, scenario: "x" }));
    assert.throws(() => readStressReport(bad), /is not a report of qualified stress: version/);
    assert.throws(() => readStressReport(join(staticDir, "none.json")), /no such file/);
    writeFileSync(bad, "{");
    assert.throws(() => readStressReport(bad), /not JSON/);
  });

  it("qualified console refuses a service URL that is not http(s), or that carries a password, without echoing it", () => {
    const bin = join(import.meta.dirname, "..", "..", "bin", "qualified.js");
    const run = (...args: string[]) => spawnSync(process.execPath, [bin, "console", "--port", "0", ...args], { encoding: "utf8", timeout: 30_000 });
    const ftp = run("--monitor-url", "ftp://127.0.0.1/");
    assert.equal(ftp.status, 1);
    assert.match(ftp.stderr, /--monitor-url must be an http:\/\/ or https:\/\/ URL/);
    const secret = run("--qualifier-url", "http://ops:hunter2@127.0.0.1:8090");
    assert.equal(secret.status, 1);
    assert.match(secret.stderr, /--qualifier-url must not carry a user or password/);
    assert.equal(secret.stderr.includes("hunter2"), false);
    const garbage = run("--monitor-url", "not a url");
    assert.match(garbage.stderr, /--monitor-url "not a url" is not a URL/);
    const missing = run("--stress-report", join(staticDir, "absent.json"), "--deployment", join(staticDir, "absent-deployment.json"));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /qualified: /);
  });

  it("says the node does not answer when the chain views lose it, with a 502 and the request id", async () => {
    // A node that answers who it is, then goes away.
    const node = new Hono();
    node.post("/", async (c) => {
      const body = (await c.req.json()) as { id: number } | { id: number }[];
      const answer = (r: { id: number }) => ({ jsonrpc: "2.0", id: r.id, result: "0x7a69" });
      return c.json(Array.isArray(body) ? body.map(answer) : answer(body));
    });
    const served = await serveApi(node, "127.0.0.1", 0);
    const connection = await connectRpc(served.url, 1_000);
    await served.close();
    const zero = "0x0000000000000000000000000000000000000001";
    const deployment = deploymentSchema.parse({
      chainId: 31337,
      deployedAt: "2026-11-22T00:00:00Z",
      safe: { singleton: zero, proxyFactory: zero, fallbackHandler: zero },
      governance: { safe: zero, owners: [zero], threshold: 1, timelock: zero, delay: 60 },
      registries: { credentials: zero, contracts: zero, issuers: zero },
      classes: {},
      tokens: [],
    });
    const app = await serveApi(createConsoleApp({ staticDir, chain: { connection, deployment }, logger }), "127.0.0.1", 0);
    servers.push(app);
    for (const path of ["/api/chain/overview", "/api/chain/access"]) {
      const r = await fetch(`${app.url}${path}`);
      assert.equal(r.status, 502, path);
      const body = (await r.json()) as { error: string; requestId: string };
      assert.match(body.error, /^the node does not answer \(http:\/\/127\.0\.0\.1:\d+\/?\): is `qualified node` still running\?/);
      assert.match(body.requestId, /^[0-9a-f-]{36}$/);
    }
  });
});
