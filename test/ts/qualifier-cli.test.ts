import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { openDatabase } from "../../src/storage/database.js";
import { Vault } from "../../src/qualifier/registry/vault.js";
import { AuditKeyring } from "../../src/qualifier/registry/audit-log.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "qualified.js");
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 });

describe("qualified qualifier commands", () => {
  const dir = mkdtempSync(join(tmpdir(), "qualifier-cli-"));
  const db = join(dir, "qualifier.sqlite");
  const keys = {
    vault: { keys: { k1: Vault.generateKey() }, current: "k1", indexKey: Vault.generateKey() },
    audit: { keys: { a1: AuditKeyring.generateKey() }, current: "a1" },
  };
  const config = join(dir, "qualifier.json");
  writeFileSync(config, JSON.stringify({ db, ...keys }));
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) c.kill("SIGTERM");
  });

  it("creates API keys, printed once and stored only as hashes", async () => {
    const r = run("qualifier", "create-key", "reviewer", "Maria", "--config", config);
    assert.equal(r.status, 0, r.stderr);
    const key = /\n(qk_\S+)\n/.exec(r.stdout)?.[1];
    assert.ok(key, r.stdout);
    const database = openDatabase<{ api_keys: { key_hash: string; role: string } }>(db);
    const rows = await database.db.selectFrom("api_keys").selectAll().execute();
    await database.close();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].role, "reviewer");
    assert.notEqual(rows[0].key_hash, key);
    const bad = run("qualifier", "create-key", "janitor", "x", "--config", config);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /role "janitor" must be one of applicant, reviewer, admin, regulator/);
  });

  it("verifies the audit log, and fails with the broken entry once it is tampered with", async () => {
    run("qualifier", "create-key", "admin", "Jonas", "--config", config);
    const ok = run("qualifier", "audit-verify", "--config", config);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /audit log intact: 2 entries, head 2:[0-9a-f]{64}/);
    const database = openDatabase(db);
    await sql`update audit_log set actor = ${"someone else"} where seq = 1`.execute(database.db);
    await database.close();
    const tampered = run("qualifier", "audit-verify", "--config", config);
    assert.equal(tampered.status, 1);
    assert.match(tampered.stdout, /tampered with at entry 1: its content does not match its hash/);
    assert.match(run("qualifier", "audit-verify", "--config", config, "--head", "nonsense").stderr, /must be <seq>:<64 hex digits>/);
  });

  it("audit-verify opens the database read-only and refuses a missing one instead of calling it intact", () => {
    const missing = join(dir, "typo.sqlite");
    const r = run("qualifier", "audit-verify", "--config", config, "--db", missing);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no database at .*typo\.sqlite/);
    assert.equal(existsSync(missing), false, "nothing was created");
    const before = statSync(db).mtimeMs;
    assert.equal(run("qualifier", "audit-verify", "--config", config, "--db", db).status, 1, "still the tampered log of the test before");
    assert.equal(statSync(db).mtimeMs, before, "verification wrote nothing");
    const wrongKey = join(dir, "wrong-key.json");
    writeFileSync(wrongKey, JSON.stringify({ db, ...keys, audit: { keys: { a1: AuditKeyring.generateKey() }, current: "a1" } }));
    const forged = run("qualifier", "audit-verify", "--config", wrongKey);
    assert.equal(forged.status, 1, "a chain not made with the configured key is not intact");
  });

  it("lists and revokes API keys from the command line; keys expire", async () => {
    const made = run("qualifier", "create-key", "regulator", "FINMA desk", "--config", config, "--days", "30");
    assert.equal(made.status, 0, made.stderr);
    const id = /key ([0-9a-f-]{36}) for regulator/.exec(made.stdout)?.[1];
    assert.ok(id, made.stdout);
    assert.match(made.stdout, /valid until \d{4}-/);
    assert.match(run("qualifier", "list-keys", "--config", config).stdout, new RegExp(`${id}\\s+regulator\\s+FINMA desk\\s+valid until`));
    const revoked = run("qualifier", "revoke-key", id!, "desk closed", "--config", config);
    assert.equal(revoked.status, 0, revoked.stderr);
    assert.match(run("qualifier", "list-keys", "--config", config).stdout, new RegExp(`${id}.*revoked`));
    assert.match(run("qualifier", "revoke-key", id!, "again", "--config", config).stderr, /revoked already/);
    assert.match(
      run("qualifier", "create-key", "reviewer", "x", "--config", config, "--days", "5000").stderr,
      /days "5000" must be a whole number from 1 to 730/,
    );
  });

  it("refuses a bad configuration in one line, and serves OpenAPI with a good one", async () => {
    const badConfig = join(dir, "bad.json");
    writeFileSync(badConfig, JSON.stringify({ vault: { keys: {}, current: "k" }, port: 99999 }));
    const bad = run("qualifier", "serve", "--config", badConfig);
    assert.notEqual(bad.status, 0);
    assert.equal(bad.stderr.trim().split("\n").length, 1);
    assert.match(bad.stderr, /bad\.json: /);

    const nodePort = String(20_000 + Math.floor(Math.random() * 20_000));
    const deploymentFile = join(dir, "deployment.json");
    const node = spawn(process.execPath, [BIN, "node", "--port", nodePort, "--deployment", deploymentFile], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(node);
    await new Promise<void>((resolve, reject) => {
      let out = "";
      node.stdout!.on("data", (c) => {
        out += c;
        if (out.includes("JSON-RPC on")) resolve();
      });
      node.on("exit", () => reject(new Error(out)));
    });
    const serveConfig = join(dir, "serve.json");
    writeFileSync(
      serveConfig,
      JSON.stringify({
        db,
        rpc: `http://127.0.0.1:${nodePort}`,
        deployment: deploymentFile,
        qualifierAddress: "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc", // an unlocked account of the node
        port: 0,
        ...keys,
      }),
    );
    const serve = spawn(process.execPath, [BIN, "qualifier", "serve", "--config", serveConfig], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(serve);
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      serve.stdout!.on("data", (c) => {
        out += c;
        const m = / on (http:\/\/\S+) \(OpenAPI/.exec(out);
        if (m) resolve(m[1]);
      });
      serve.stderr!.on("data", (c) => (out += c));
      serve.on("exit", () => reject(new Error(out)));
    });
    const doc = (await (await fetch(`${url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    assert.equal(doc.openapi, "3.1.0");
    assert.ok(doc.paths["/applications"] && doc.paths["/lists"] && doc.paths["/disclosures/{id}"]);
    assert.equal((await fetch(`${url}/applications`, { method: "POST", body: "{}" })).status, 401);

    // Anchoring the audit head on the same chain, and verifying against it.
    const fresh = join(dir, "fresh.sqlite");
    assert.equal(run("qualifier", "create-key", "admin", "Ada", "--config", serveConfig, "--db", fresh).status, 0);
    assert.equal(run("qualifier", "create-key", "reviewer", "Ben", "--config", serveConfig, "--db", fresh).status, 0);
    const anchored = run("qualifier", "anchor-audit", "--config", serveConfig, "--db", fresh);
    assert.equal(anchored.status, 0, anchored.stderr);
    const tx = /anchored head 2:[0-9a-f]{64} in transaction (0x[0-9a-f]{64})/.exec(anchored.stdout)?.[1];
    assert.ok(tx, anchored.stdout);
    const intact = run("qualifier", "audit-verify", "--config", serveConfig, "--db", fresh, "--anchor", tx!);
    assert.equal(intact.status, 0, intact.stderr);
    const database = openDatabase(fresh);
    await sql`delete from audit_log where seq = 2`.execute(database.db);
    await database.close();
    const cut = run("qualifier", "audit-verify", "--config", serveConfig, "--db", fresh, "--anchor", tx!);
    assert.equal(cut.status, 1, "the anchor shows the cut-off tail");
    assert.match(cut.stdout, /tampered with at entry 2: the anchored head is missing/);
    assert.match(
      run("qualifier", "anchor-audit", "--config", serveConfig).stderr,
      /tampered with at entry 1: .*not anchored/,
      "a tampered log is not vouched for",
    );
  });
});
