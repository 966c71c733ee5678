import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BIN = join(import.meta.dirname, "..", "..", "bin", "qualified.js");
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 });
const QUALIFIER = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";

/** Every qualifier subcommand that works on the service's registry: each reads it from the same configuration. */
const READERS: Array<[string, string[]]> = [
  ["serve", []],
  ["create-key", ["reviewer", "Maria"]],
  ["list-keys", []],
  ["revoke-key", ["00000000-0000-0000-0000-000000000000", "left"]],
  ["rotate-keys", []],
  ["anchor-audit", []],
  ["audit-verify", []],
];

describe("qualified qualifier: one way to name the configuration and the database", () => {
  const dir = mkdtempSync(join(tmpdir(), "qualified-qconfig-"));

  it("init writes the file that every other subcommand then reads with --config (--out still works)", () => {
    const config = join(dir, "q.json");
    const db = join(dir, "registry.sqlite");
    const made = run("qualifier", "init", "--config", config, "--qualifier", QUALIFIER, "--rpc", "http://127.0.0.1:1", "--db", db);
    assert.equal(made.status, 0, made.stderr);
    assert.equal(JSON.parse(readFileSync(config, "utf8")).db, db, "the configuration names the database");
    assert.equal(statSync(config).mode & 0o777, 0o600);
    assert.equal(run("qualifier", "create-key", "reviewer", "Maria", "--config", config, "--out", join(dir, "maria.key")).status, 0);
    assert.ok(existsSync(db), "create-key used the database the configuration names");
    assert.match(run("qualifier", "list-keys", "--config", config).stdout, /reviewer\s+Maria\s+valid until/);
    const old = run("qualifier", "init", "--out", join(dir, "old.json"), "--qualifier", QUALIFIER, "--rpc", "http://127.0.0.1:1");
    assert.equal(old.status, 0, old.stderr);
    assert.ok(existsSync(join(dir, "old.json")));
  });

  for (const [name, args] of READERS) {
    it(`${name} takes --config FILE and --db URL, and a missing configuration is one line naming it`, () => {
      // Help wraps at the terminal's width: compared with its whitespace collapsed.
      const help = run("qualifier", name, "--help").stdout.replace(/\s+/g, " ");
      assert.match(help, /--config <file> the qualifier's configuration \(JSON, as `qualified qualifier init` writes it\) \(default: "qualifier\.json"\)/);
      assert.match(help, /--db <url> the qualifier's database, instead of the one the configuration names/);
      const missing = join(dir, "nowhere.json");
      const r = run("qualifier", name, ...args, "--config", missing);
      assert.equal(r.status, 1);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`cannot read the qualifier configuration ${missing.replace(/[.]/g, "\\.")}: run \`qualified qualifier init --config`));
    });
  }

  it("init names its output with --config too, in its help", () => {
    assert.match(run("qualifier", "init", "--help").stdout.replace(/\s+/g, " "), /--config <file> where to write the configuration/);
  });
});
