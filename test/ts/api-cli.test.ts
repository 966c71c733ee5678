import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BIN = join(import.meta.dirname, "..", "..", "bin", "qualified.js");
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 });
/** Like `run`, without blocking this process: a blocked event loop keeps fetch from noticing that the server closed an idle connection. */
const runAsync = (...args: string[]) =>
  new Promise<number | null>((resolve) => spawn(process.execPath, [BIN, ...args], { stdio: "ignore" }).on("exit", (code) => resolve(code)));

describe("qualified api behind API keys", () => {
  const dir = mkdtempSync(join(tmpdir(), "monitor-api-"));
  const db = join(dir, "monitor.sqlite");
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) c.kill("SIGTERM");
  });

  it("creates, lists and revokes keys; the API answers 401 without one and serves with one", async () => {
    const made = run("api-key", "create", "risk desk", "--db", db, "--days", "30");
    assert.equal(made.status, 0, made.stderr);
    const [, id, key] = /key ([0-9a-f-]{36}) for risk desk, valid until \S+:\n(mk_\S+)\n/.exec(made.stdout) ?? [];
    assert.ok(id && key, made.stdout);
    assert.match(run("api-key", "list", "--db", db).stdout, new RegExp(`${id}  risk desk  valid until`));

    const api = spawn(process.execPath, [BIN, "api", "--db", db, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(api);
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      api.stdout!.on("data", (c) => {
        out += c;
        const m = /API on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      api.on("exit", () => reject(new Error(out)));
    });
    assert.equal((await fetch(`${url}/health`)).status, 200);
    const anonymous = await fetch(`${url}/alerts`);
    assert.equal(anonymous.status, 401);
    assert.ok(anonymous.headers.get("x-request-id"));
    assert.equal((await fetch(`${url}/alerts`, { headers: { authorization: `Bearer ${key}` } })).status, 200);

    assert.equal(await runAsync("api-key", "revoke", id, "--db", db), 0);
    const revoked = await fetch(`${url}/alerts`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(revoked.status, 401);
    assert.match(((await revoked.json()) as { error: string }).error, /revoked/);
    assert.notEqual(run("api-key", "revoke", id, "--db", db).status, 0, "revoking twice is an error");
    assert.match(run("api-key", "create", "x", "--db", db, "--days", "0").stderr, /days "0" must be a whole number from 1 to 730/);
    const operator = run("api-key", "create", "night desk", "--role", "operator", "--db", db);
    assert.match(operator.stdout, /^operator key [0-9a-f-]{36} for night desk/);
    assert.match(run("api-key", "list", "--db", db).stdout, /night desk {2}valid until \S+ {2}operator/);
    assert.match(run("api-key", "create", "x", "--role", "admin", "--db", db).stderr, /--role must be one of reader, operator/);
  });
});
