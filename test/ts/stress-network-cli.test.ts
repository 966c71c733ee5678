import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { QualifiedError } from "../../src/sdk/errors.js";
import { readNetworkFile } from "../../src/stress/network/read.js";

// Runs the built CLI (npm run build first).
const BIN = join(import.meta.dirname, "..", "..", "bin", "qualified.js");
const dir = mkdtempSync(join(tmpdir(), "stress-network-"));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, "stress", "network", ...args], { encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

function assertOneLineError(r: ReturnType<typeof run>, pattern: RegExp) {
  assert.notEqual(r.status, 0, `should fail: ${r.stdout}`);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 1, `one line expected, got:\n${r.stderr}`);
  assert.match(lines[0]!, pattern);
}

const ISSUE_FILE = {
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
  defaultCosts: { alpha: 1, beta: 1 },
};

describe("qualified stress network", () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("prints the clearing as one JSON object with the documented keys first", () => {
    const r = run(file("en.json", ISSUE_FILE), "--json");
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out).slice(0, 5), ["payments", "defaults", "rounds", "shortfall", "equity"]);
    assert.deepEqual(out.payments, { A: 2, B: 0, C: 0 });
    assert.deepEqual(out.defaults, ["C"]);
    assert.deepEqual(out.rounds, [["C"]]);
    assert.equal(out.shortfall, 3);
    assert.deepEqual(out.equity, { A: 3, B: 6, C: 0 });
  });

  it("prints a table without --json", () => {
    const r = run(file("en.json", ISSUE_FILE));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^C\s+0\s+0\s+1$/m);
    assert.match(r.stdout, /shortfall: 3 /);
  });

  it("runs DebtRank and its linear variant, and writes the HTML report on request", () => {
    const network = {
      model: "debtrank",
      nodes: [
        { id: "A", equity: 10, weight: 1 },
        { id: "B", equity: 10, weight: 1 },
      ],
      exposures: [
        { from: "A", to: "B", amount: 5 },
        { from: "B", to: "A", amount: 5 },
      ],
      shock: { A: 0.2 },
    };
    const once = JSON.parse(run(file("dr.json", network), "--json").stdout);
    assert.deepEqual(Object.keys(once).slice(0, 5), ["distress", "defaults", "rounds", "shortfall", "equity"]);
    assert.deepEqual(once.distress, { A: 0.25, B: 0.1 });
    const linear = JSON.parse(run(file("drl.json", { ...network, linear: true }), "--json", "--report", join(dir, "report")).stdout);
    assert.equal(linear.model, "debtrank-linear");
    assert.ok(Math.abs(linear.distress.A - 0.2 / 0.75) < 1e-9);
    const html = readFileSync(join(dir, "report", "report.html"), "utf8");
    assert.match(html, /Network contagion: debtrank-linear/);
  });

  it("refuses a malformed file in one line that names the field", () => {
    assertOneLineError(run(file("b1.json", { ...ISSUE_FILE, model: "pagerank" })), /model must be "eisenberg-noe" or "debtrank"/);
    assertOneLineError(
      run(file("b3.json", { ...ISSUE_FILE, liabilities: [{ from: "A", to: "Z", amount: 1 }] })),
      /liabilities\.0\.to: "Z" is not the id of a node/,
    );
  });

  it("names the field for every kind of mistake in a network file", () => {
    const refused = (name: string, content: unknown, pattern: RegExp) =>
      assert.throws(
        () => readNetworkFile(file(name, content)),
        (e: Error) => e instanceof QualifiedError && pattern.test(e.message),
      );
    refused("c2.json", { ...ISSUE_FILE, nodes: [{ id: "A", externalAssets: -1 }] }, /nodes\.0\.externalAssets: must be 0 or more/);
    refused("c4.json", { ...ISSUE_FILE, liabilities: [{ from: "A", to: "A", amount: 1 }] }, /liabilities\.0\.to: must differ from from/);
    refused("c5.json", { ...ISSUE_FILE, nodes: [...ISSUE_FILE.nodes, { id: "A", externalAssets: 1 }] }, /nodes\.3\.id: "A" appears twice/);
    refused("c6.json", { ...ISSUE_FILE, defaultCosts: { alpha: 2, beta: 1 } }, /defaultCosts\.alpha: must be from 0 to 1/);
    refused("c7.json", '{"model":"eisenberg-noe","nodes":[{"id":"A","externalAssets":1e309}],"liabilities":[]}', /nodes\.0\.externalAssets: .*Infinity/);
    refused("c8.json", "{ not json", /is not JSON/);
    refused("c9.json", { model: "debtrank", nodes: [{ id: "A", equity: 0, weight: 1 }], exposures: [], shock: {} }, /nodes\.0\.equity: must be greater than 0/);
    refused("c10.json", { model: "debtrank", nodes: [{ id: "A", equity: 1, weight: 1 }], exposures: [], shock: { A: 1.5 } }, /shock\.A: must be from 0 to 1/);
    refused(
      "c11.json",
      { model: "debtrank", nodes: [{ id: "A", equity: 1, weight: 1 }], exposures: [], shock: { B: 1 } },
      /shock\.B: "B" is not the id of a node/,
    );
    refused("c12.json", { ...ISSUE_FILE, extra: 1 }, /extra|Unrecognized/i);
    refused("c13.json", { ...ISSUE_FILE, nodes: [{ id: "x".repeat(201), externalAssets: 1 }] }, /nodes\.0\.id: must be at most 200 characters/);
    assert.throws(() => readNetworkFile(join(dir, "missing.json")), /cannot read the network file/);
  });
});
