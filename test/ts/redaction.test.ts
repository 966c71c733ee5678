import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { redactSecrets, redactUrl } from "../../src/sdk/redact.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "qualified.js");
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 });
const SECRETS = ["s3cretPassw0rd", "rpcuser", "tok_9f8e7d6c5b4a", "abcdef0123456789abcdef0123456789"];

describe("Secrets never printed: RPC and database URLs are redacted", () => {
  it("hides user:password, query tokens and key-like path segments, keeps host and port", () => {
    assert.equal(
      redactUrl("https://rpcuser:s3cretPassw0rd@node.example:8545/rpc?apikey=tok_9f8e7d6c5b4a&chain=1"),
      "https://***:***@node.example:8545/rpc?apikey=***&chain=1",
    );
    assert.equal(redactUrl("https://mainnet.infura.io/v3/abcdef0123456789abcdef0123456789"), "https://mainnet.infura.io/v3/***");
    assert.equal(redactUrl("postgres://qualifier:s3cretPassw0rd@db:5432/qualified"), "postgres://***:***@db:5432/qualified");
    assert.equal(redactUrl("http://127.0.0.1:8545"), "http://127.0.0.1:8545");
    assert.equal(redactUrl("data/monitor.sqlite"), "data/monitor.sqlite", "a file path is not a URL");
    const text = redactSecrets(
      "request to https://rpcuser:s3cretPassw0rd@node.example/?token=tok_9f8e7d6c5b4a failed; Authorization: Bearer qk_AbCdEf0123456789xyz",
    );
    for (const s of [...SECRETS, "qk_AbCdEf0123456789xyz"]) assert.equal(text.includes(s), false, `${s} in "${text}"`);
    assert.match(text, /node\.example/);
  });

  it("the CLI names an unreachable RPC endpoint without its credentials", () => {
    const url = "http://rpcuser:s3cretPassw0rd@127.0.0.1:9/v3/abcdef0123456789abcdef0123456789?apikey=tok_9f8e7d6c5b4a";
    for (const args of [
      [
        "check",
        "0x0000000000000000000000000000000000000001",
        "0x0000000000000000000000000000000000000001",
        "0x0000000000000000000000000000000000000001",
        "1",
        "--rpc",
        url,
      ],
      ["demo", "--rpc", url],
    ]) {
      const r = run(...args);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /127\.0\.0\.1:9/, r.stderr);
      for (const s of SECRETS) assert.equal(`${r.stdout}${r.stderr}`.includes(s), false, `${args[0]} printed ${s}: ${r.stderr}`);
    }
    const bad = run(
      "check",
      "0x0000000000000000000000000000000000000001",
      "0x0000000000000000000000000000000000000001",
      "0x0000000000000000000000000000000000000001",
      "1",
      "--rpc",
      "ftp://rpcuser:s3cretPassw0rd@host/",
    );
    assert.notEqual(bad.status, 0);
    assert.equal(bad.stderr.includes("s3cretPassw0rd"), false, bad.stderr);
  });
});
