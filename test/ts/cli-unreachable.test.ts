import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "qualified.js");
const A = "0x000000000000000000000000000000000000dEaD";
const PUBLICATION = join(ROOT, "test", "fixtures", "ofac", "sdn-2026-11-01.xml");

/** Every role command, with the arguments it needs to get as far as the deployment file and the node. */
const ROLE_COMMANDS: string[][] = [
  ["issuer", "pause"],
  ["issuer", "mint", A, "1", "--via-safe"],
  ["regulator", "qualify", A],
  ["guardian", "block", A, "--reason", "drainer"],
  ["guardian", "queue"],
  ["credentials", "revoke", "1", "--reason", "expired documents"],
  ["credentials", "renew", "1", "--expires", "2030-01-01", "--via-safe", A, "--from", A],
  ["sanctions", "sync", PUBLICATION],
  ["governance", "propose", "grant-guardian", A],
  ["governance", "pending"],
  ["inspect"],
];

/** A deployment file that parses, for a chain nobody serves. */
function deploymentFile(dir: string): string {
  const n = (i: number) => `0x${i.toString(16).padStart(40, "0")}`;
  const path = join(dir, "local.json");
  writeFileSync(
    path,
    JSON.stringify({
      chainId: 31337,
      deployedAt: "2026-11-22T00:00:00.000Z",
      safe: { singleton: n(1), proxyFactory: n(2), fallbackHandler: n(3) },
      governance: { safe: n(4), owners: [n(5)], threshold: 1, timelock: n(6), delay: 3600 },
      registries: { credentials: n(7), contracts: n(8), issuers: n(9) },
      classes: { "professional investor": 1 },
      tokens: [{ address: n(10), symbol: "T", issuer: n(11), verifier: n(12), acceptedClasses: "2" }],
    }),
  );
  return path;
}

function oneLine(args: string[], sentence: RegExp): void {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 1, `${args.join(" ")}: ${r.stdout}${r.stderr}`);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 1, `${args.join(" ")}: one line expected, got:\n${r.stderr}`);
  assert.match(lines[0], sentence, args.join(" "));
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

describe("role commands without a deployment file or a node: one line each", () => {
  const dir = mkdtempSync(join(tmpdir(), "qualified-unreachable-"));
  const deployment = deploymentFile(dir);
  const missing = join(dir, "none.json");

  it("a missing deployment file says which and what to run", () => {
    for (const args of ROLE_COMMANDS) {
      oneLine(
        [...args, "--deployment", missing, "--rpc", "http://127.0.0.1:1"],
        /^qualified: no deployment file at .*none\.json: run `qualified deploy` or `qualified node` first$/,
      );
    }
  });

  it("a node that does not answer is named, with the question to ask", () => {
    const unreachable = /^qualified: the RPC endpoint http:\/\/127\.0\.0\.1:1 does not answer: is the node running\?/;
    for (const args of [...ROLE_COMMANDS, ["safe", "pending"], ["status", A]])
      oneLine([...args, "--deployment", deployment, "--rpc", "http://127.0.0.1:1"], unreachable);
    oneLine(["transfer", A, A, "1", "--from", A, "--rpc", "http://127.0.0.1:1"], unreachable);
  });

  it("a qualifier service that does not answer, or a missing key file, is one line too", () => {
    const keyFile = join(dir, "reviewer.key");
    writeFileSync(keyFile, "qk_0123456789abcdefghijklmnop\n");
    oneLine(
      ["qualifier", "approve", "00000000-0000-0000-0000-000000000000", "--reason", "ok, checked", "--key-file", keyFile, "--service", "http://127.0.0.1:1"],
      /the qualifier service at http:\/\/127\.0\.0\.1:1 does not answer: is `qualified qualifier serve` running\?/,
    );
    oneLine(
      ["qualifier", "load-list", PUBLICATION, "--key-file", join(dir, "absent.key")],
      /cannot read the API key file .*absent\.key: create one with `qualified qualifier create-key ROLE LABEL --out/,
    );
    oneLine(["qualifier", "approve", "not-an-id", "--reason", "ok, checked", "--key-file", keyFile], /"not-an-id" is not an application id/);
  });
});
