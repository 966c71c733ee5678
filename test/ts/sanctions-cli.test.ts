import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync, truncateSync } from "node:fs";
import { join } from "node:path";
import type { Address } from "viem";
import { connectRpc, credentialRegistryAbi, setSanctioned } from "../../src/sdk/index.js";
import { readDeployment } from "../../src/sdk/node.js";
import { parseSdnCsv, parseSdnXml } from "../../src/qualifier/screening/ofac.js";
import { startSandbox, type SandboxProcess } from "../support/sandbox-process.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "ofac");
const REAL = join(import.meta.dirname, "..", "..", "..", "shared", "data", "ofac", "sdn-csv");
const realCsv = (date: string) => join(REAL, `sdn-${date}.csv`);
const haveReal = ["2024-04-26", "2024-05-02", "2024-05-03"].every((d) => existsSync(realCsv(d)));

/** What the credential registry says of each wallet now, and how many SanctionsUpdated events it holds. */
async function chainFlags(s: SandboxProcess, accounts: Address[]) {
  const connection = await connectRpc(s.rpc);
  const deployment = readDeployment(s.deploymentFile);
  const flags = await Promise.all(
    accounts.map((a) =>
      connection.publicClient.readContract({ address: deployment.registries.credentials, abi: credentialRegistryAbi, functionName: "isSanctioned", args: [a] }),
    ),
  );
  const events = await connection.publicClient.getContractEvents({
    address: deployment.registries.credentials,
    abi: credentialRegistryAbi,
    eventName: "SanctionsUpdated",
    fromBlock: 0n,
  });
  return { flagged: accounts.filter((_a, i) => flags[i]), events: events.length, block: await connection.publicClient.getBlockNumber() };
}

const ethOf = (list: { entries: { addresses: Address[] }[] }) => [...new Set(list.entries.flatMap((e) => e.addresses))];

describe("qualified sanctions sync: SDN.XML fixtures", () => {
  let s: SandboxProcess;
  before(async () => (s = await startSandbox()));
  after(() => s?.stop());
  const first = join(FIXTURES, "sdn-2026-11-01.xml");
  const second = join(FIXTURES, "sdn-2026-11-15.xml");
  const a1 = ethOf(parseSdnXml(readFileSync(first, "utf8")));
  const a2 = ethOf(parseSdnXml(readFileSync(second, "utf8")));
  const added = a2.filter((a) => !a1.includes(a));
  const removed = a1.filter((a) => !a2.includes(a));
  const operatorKey = () => s.keyOf(s.sandbox.accounts.sanctionsOperator);

  it("--help names the formats, the batch size and the dry run", () => {
    const help = s.run(["sanctions", "sync", "--help"], false);
    assert.equal(help.status, 0);
    for (const word of ["SDN.CSV", "--published", "--batch", "--dry-run", "--json", "--allow-older"]) assert.ok(help.stdout.includes(word), word);
  });

  it("a dry run prints the diff and sends nothing", async () => {
    assert.equal(added.length, 1, "the second fixture adds one address");
    assert.equal(removed.length, 1, "the second fixture removes one address");
    const before = await chainFlags(s, a1);
    const r = s.run(["sanctions", "sync", first, "--dry-run", "--json", "--private-key", operatorKey()]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.dryRun, true);
    assert.deepEqual([...out.flag].sort(), [...a1].sort());
    assert.deepEqual(out.clear, []);
    assert.equal(out.publication.publishedAt, "2026-11-01");
    assert.equal(out.calls.length, 1);
    assert.equal(out.calls[0].function, "setSanctioned");
    assert.equal(out.calls[0].signer, s.sandbox.accounts.sanctionsOperator);
    assert.equal(out.calls[0].args.sanctioned, true);
    assert.equal(out.calls[0].wouldSucceed, true);
    const text = s.run(["sanctions", "sync", first, "--dry-run", "--private-key", operatorKey()]);
    assert.match(text.stdout, /to flag\s+3/);
    assert.match(text.stdout, /none was/);
    const afterwards = await chainFlags(s, a1);
    assert.deepEqual(afterwards, before, "the dry run sent nothing");
    assert.deepEqual(afterwards.flagged, []);
  });

  it("an outsider's key is refused with a sentence, and nothing changes", async () => {
    const r = s.run(["sanctions", "sync", first, "--private-key", s.keyOf(s.sandbox.accounts.holders[0])]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, `qualified: ${s.sandbox.accounts.holders[0]} lacks the role SANCTIONS_ROLE for this action\n`);
    assert.equal(r.stderr.trim().split("\n").length, 1, "one line, no stack trace");
    assert.deepEqual((await chainFlags(s, a1)).flagged, []);
  });

  it("flags a publication, then flags what the next adds and clears what it drops, leaving other sources' flags alone", async () => {
    // A qualifier's own finding, not from OFAC: a sync must never lift it.
    const connection = await connectRpc(s.rpc);
    const other = s.sandbox.accounts.holders[2];
    await setSanctioned(connection, {
      deployment: readDeployment(s.deploymentFile),
      actor: connection.signer(s.sandbox.accounts.sanctionsOperator),
      accounts: [other],
      sanctioned: true,
      source: "qualifier review of application 7",
    });

    const r1 = s.run(["sanctions", "sync", first, "--batch", "2", "--private-key", operatorKey()]);
    assert.equal(r1.status, 0, r1.stderr);
    assert.match(r1.stdout, /flagged 2\/3 \(transaction 0x[0-9a-f]{64}\)\nflagged 3\/3/);
    assert.deepEqual((await chainFlags(s, [...a1, other])).flagged.sort(), [...a1, other].sort());

    const r2 = s.run(["sanctions", "sync", second, "--json", "--private-key", operatorKey()]);
    assert.equal(r2.status, 0, r2.stderr);
    const out = JSON.parse(r2.stdout);
    assert.deepEqual(out.flag, added);
    assert.deepEqual(out.clear, removed);
    assert.deepEqual(out.leftAlone, [other]);
    assert.equal(out.unchanged, a1.length - 1);
    assert.equal(out.source, "OFAC SDN 2026-11-15 (SDN.XML)");
    assert.deepEqual(
      out.transactions.map((t: { sanctioned: boolean; accounts: number }) => [t.sanctioned, t.accounts]),
      [
        [true, 1],
        [false, 1],
      ],
    );
    assert.match(r2.stderr, /cleared 1\/1/, "progress goes to stderr when stdout carries JSON");
    const now = await chainFlags(s, [...a1, ...a2, other]);
    assert.deepEqual(new Set(now.flagged), new Set([...a2, other]));

    // In line now: a second sync sends nothing.
    const again = s.run(["sanctions", "sync", second, "--private-key", operatorKey()]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /in line already: nothing sent/);
    assert.equal((await chainFlags(s, a2)).block, now.block);
  });

  it("refuses an older publication than the one the chain follows, unless told", async () => {
    const r = s.run(["sanctions", "sync", first, "--private-key", operatorKey()]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /follows the OFAC publication of 2026-11-15 and this one is of 2026-11-01.*--allow-older/);
    const dry = s.run(["sanctions", "sync", first, "--allow-older", "--dry-run", "--json", "--private-key", operatorKey()]);
    assert.equal(dry.status, 0, dry.stderr);
    assert.deepEqual(JSON.parse(dry.stdout).clear, added);
  });

  it("malformed and enormous input, a CSV without its date, a bad batch size: one sentence each, nothing sent", async () => {
    const before = await chainFlags(s, a2);
    const junk = join(s.dir, "junk.csv");
    writeFileSync(junk, "this is not, a list\n");
    const huge = join(s.dir, "huge.xml");
    writeFileSync(huge, "");
    truncateSync(huge, 600 * 1024 * 1024);
    const cases: Array<[string[], RegExp]> = [
      [["sanctions", "sync", join(FIXTURES, "sdn.csv")], /carries no date: give --published YYYY-MM-DD/],
      [["sanctions", "sync", junk, "--published", "2026-11-20"], /is not an OFAC publication/],
      [["sanctions", "sync", join(s.dir, "absent.xml")], /no file at/],
      [["sanctions", "sync", huge], /larger than any OFAC publication/],
      [["sanctions", "sync", first, "--published", "2026-11-02"], /published on 2026-11-01, not 2026-11-02/],
      [["sanctions", "sync", first, "--batch", "0"], /--batch "0" must be a whole number from 1 to 500/],
      [["sanctions", "sync", first, "--batch", "501"], /--batch "501" must be a whole number from 1 to 500/],
      [["sanctions", "sync", join(FIXTURES, "sdn.csv"), "--published", "20261101"], /is not a date YYYY-MM-DD/],
    ];
    for (const [args, message] of cases) {
      const r = s.run([...args, "--private-key", operatorKey()]);
      assert.equal(r.status, 1, `${args.join(" ")}: ${r.stdout}`);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split("\n").length, 1, `one line: ${r.stderr}`);
    }
    assert.deepEqual(await chainFlags(s, a2), before);
  });
});

describe("qualified sanctions sync: OFAC's SDN.CSV of 2024-05-02, then 2024-05-03", {
  skip: haveReal ? false : `the real SDN.CSV files are not in ${REAL}`,
}, () => {
  let s: SandboxProcess;
  before(async () => (s = await startSandbox()));
  after(() => s?.stop());
  const listed = () => ethOf(parseSdnCsv(readFileSync(realCsv("2024-05-02"), "utf8"), "2024-05-02"));

  it("flags every ETH address of 2024-05-02 in batches; 2024-05-03 lists the same ones, so nothing is sent", async () => {
    const key = s.keyOf(s.sandbox.accounts.sanctionsOperator);
    const wallets = listed();
    assert.ok(wallets.length > 40, `only ${wallets.length} addresses parsed`);
    const dry = s.run(["sanctions", "sync", realCsv("2024-05-02"), "--published", "2024-05-02", "--batch", "20", "--dry-run", "--json", "--private-key", key]);
    assert.equal(dry.status, 0, dry.stderr);
    const plan = JSON.parse(dry.stdout);
    assert.equal(plan.flag.length, wallets.length);
    assert.equal(plan.calls.length, Math.ceil(wallets.length / 20));
    assert.deepEqual((await chainFlags(s, wallets)).flagged, []);

    const r = s.run(["sanctions", "sync", realCsv("2024-05-02"), "--published", "2024-05-02", "--batch", "20", "--private-key", key]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal([...r.stdout.matchAll(/^flagged \d+\/\d+ \(transaction/gm)].length, Math.ceil(wallets.length / 20));
    assert.match(r.stdout, new RegExp(`flagged ${wallets.length}/${wallets.length}`));
    const flagged = await chainFlags(s, wallets);
    assert.equal(flagged.flagged.length, wallets.length);

    const next = s.run(["sanctions", "sync", realCsv("2024-05-03"), "--published", "2024-05-03", "--json", "--private-key", key]);
    assert.equal(next.status, 0, next.stderr);
    const diff = JSON.parse(next.stdout);
    const expected = ethOf(parseSdnCsv(readFileSync(realCsv("2024-05-03"), "utf8"), "2024-05-03"));
    assert.deepEqual(
      diff.flag,
      expected.filter((a) => !wallets.includes(a)),
    );
    assert.deepEqual(
      diff.clear,
      wallets.filter((a) => !expected.includes(a)),
    );
    assert.equal(diff.transactions.length, (diff.flag.length > 0 ? 1 : 0) + (diff.clear.length > 0 ? 1 : 0));
    if (diff.transactions.length === 0) assert.equal((await chainFlags(s, wallets)).block, flagged.block, "nothing was sent");
  });

  it("refuses 2024-04-26 (older), and a file that would clear most flags unless --allow-mass-clear", async () => {
    const key = s.keyOf(s.sandbox.accounts.sanctionsOperator);
    const older = s.run(["sanctions", "sync", realCsv("2024-04-26"), "--published", "2024-04-26", "--private-key", key]);
    assert.equal(older.status, 1);
    assert.match(older.stderr, /this one is of 2024-04-26/);
    // A three-party file dated later would lift nearly every flag: refused, then done when the operator says so.
    const small = join(FIXTURES, "sdn-2026-11-01.xml");
    const refused = s.run(["sanctions", "sync", small, "--private-key", key]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /would clear \d+ of the \d+ wallets flagged from OFAC publications.*--allow-mass-clear/);
    assert.equal((await chainFlags(s, listed())).flagged.length, listed().length);
    const done = s.run(["sanctions", "sync", small, "--allow-mass-clear", "--json", "--private-key", key]);
    assert.equal(done.status, 0, done.stderr);
    const kept = ethOf(parseSdnXml(readFileSync(small, "utf8")));
    assert.deepEqual(new Set((await chainFlags(s, [...listed(), ...kept])).flagged), new Set(kept));
  });
});
