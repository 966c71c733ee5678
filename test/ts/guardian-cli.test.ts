import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import type { Address, Hex } from "viem";
import { connectRpc, contractRegistration, letTimePass, registerContract } from "../../src/sdk/index.js";
import { readDeployment } from "../../src/sdk/node.js";
import { deployBytecode } from "../../src/sdk/transactions.js";
import { startSandbox, type SandboxProcess } from "../support/sandbox-process.js";

/** Init code for a tiny contract whose runtime returns 42: code nobody has vetted, free of forbidden opcodes. */
const POOL_INIT: Hex = "0x600a600c600039600a6000f3602a60005260206000f3";

describe("qualified guardian block|unblock|queue", () => {
  let s: SandboxProcess;
  let pool: Address;
  let registeredAt: number;
  before(async () => {
    s = await startSandbox();
    // A credentialed holder deploys and registers a pool: unvetted code waits out the challenge window.
    const connection = await connectRpc(s.rpc);
    const holder = connection.signer(s.sandbox.accounts.holders[0]);
    pool = await deployBytecode(connection, { deployer: holder, bytecode: POOL_INIT });
    await registerContract(connection, { deployment: readDeployment(s.deploymentFile), actor: holder, target: pool });
    registeredAt = Number((await connection.publicClient.getBlock()).timestamp);
  });
  after(() => s?.stop());
  const status = async (target: Address) =>
    (await contractRegistration(await connectRpc(s.rpc), { deployment: readDeployment(s.deploymentFile), target })).status;
  const guardianKey = () => s.keyOf(s.sandbox.accounts.guardian);

  it("--help lists block, unblock and queue; block requires a reason", () => {
    const help = s.run(["guardian", "--help"], false);
    assert.equal(help.status, 0);
    for (const c of ["block [options] <target>", "unblock [options] <target>", "queue [options]"]) assert.ok(help.stdout.includes(c), c);
    const noReason = s.run(["guardian", "block", pool, "--private-key", guardianKey()]);
    assert.notEqual(noReason.status, 0);
    assert.match(noReason.stderr, /required option '--reason <text>'/);
  });

  it("the queue shows the registration inside its challenge window, as a table or JSON", async () => {
    const json = s.run(["guardian", "queue", "--json"]);
    assert.equal(json.status, 0, json.stderr);
    const queue = JSON.parse(json.stdout);
    assert.equal(queue.length, 1);
    assert.deepEqual(
      { target: queue[0].target, registrant: queue[0].registrant, vetted: queue[0].vetted },
      { target: pool, registrant: s.sandbox.accounts.holders[0], vetted: false },
    );
    const ends = Date.parse(queue[0].windowEndsAt) / 1000;
    assert.ok(ends > registeredAt, `window ends ${queue[0].windowEndsAt}, registered at ${registeredAt}`);
    const text = s.run(["guardian", "queue"]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`${pool}  ${s.sandbox.accounts.holders[0]}  no\\s+${queue[0].windowEndsAt}`));
  });

  it("a dry run sends nothing; an outsider's key is refused with a sentence", async () => {
    const dry = s.run(["guardian", "block", pool, "--reason", "drains deposits", "--dry-run", "--json", "--private-key", guardianKey()]);
    assert.equal(dry.status, 0, dry.stderr);
    const call = JSON.parse(dry.stdout).calls[0];
    assert.deepEqual(
      { function: call.function, args: call.args, signer: call.signer, wouldSucceed: call.wouldSucceed },
      { function: "blockContract", args: { target: pool, reason: "drains deposits" }, signer: s.sandbox.accounts.guardian, wouldSucceed: true },
    );
    assert.equal(await status(pool), "in challenge window");
    const outsider = s.run(["guardian", "block", pool, "--reason", "mine", "--private-key", s.keyOf(s.sandbox.accounts.holders[1])]);
    assert.equal(outsider.status, 1);
    assert.match(outsider.stderr, new RegExp(`^qualified: ${s.sandbox.accounts.holders[1]} lacks the role GUARDIAN_ROLE for this action\\n$`));
    assert.equal(await status(pool), "in challenge window");
  });

  it("blocks the pool inside its window (it leaves the queue), refuses a second block, and unblocks it", async () => {
    const r = s.run(["guardian", "block", pool, "--reason", "drains deposits", "--json", "--private-key", guardianKey()]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(
      { target: out.target, action: out.action, status: out.status, guardian: out.guardian },
      { target: pool, action: "block", status: "blocked", guardian: s.sandbox.accounts.guardian },
    );
    assert.equal(await status(pool), "blocked");
    assert.deepEqual(JSON.parse(s.run(["guardian", "queue", "--json"]).stdout), []);
    assert.match(s.run(["guardian", "queue"]).stdout, /no registration is inside its challenge window/);

    const twice = s.run(["guardian", "block", pool, "--reason", "again", "--private-key", guardianKey()]);
    assert.equal(twice.status, 1);
    assert.equal(twice.stderr.split("\n").length, 2, twice.stderr);

    const lifted = s.run(["guardian", "unblock", pool, "--reason", "audit cleared it", "--private-key", guardianKey()]);
    assert.equal(lifted.status, 0, lifted.stderr);
    assert.match(lifted.stdout, new RegExp(`^unblocked ${pool}: status now `));
    assert.notEqual(await status(pool), "blocked");
    const notBlocked = s.run(["guardian", "unblock", pool, "--reason", "again", "--private-key", guardianKey()]);
    assert.equal(notBlocked.status, 1);
    assert.equal(notBlocked.stderr, `qualified: ${pool} is not blocked\n`);
  });

  it("a registration leaves the queue when its window ends", async () => {
    const connection = await connectRpc(s.rpc);
    const holder = connection.signer(s.sandbox.accounts.holders[1]);
    const other = await deployBytecode(connection, { deployer: holder, bytecode: POOL_INIT });
    await registerContract(connection, { deployment: readDeployment(s.deploymentFile), actor: holder, target: other });
    const queued = JSON.parse(s.run(["guardian", "queue", "--json"]).stdout);
    const entry = queued.find((q: { target: Address }) => q.target === other);
    assert.ok(entry, "the new registration is queued");
    const now = Number((await connection.publicClient.getBlock()).timestamp);
    await letTimePass(connection, { seconds: Date.parse(entry.windowEndsAt) / 1000 - now + 1 });
    const after = JSON.parse(s.run(["guardian", "queue", "--json"]).stdout);
    assert.equal(
      after.find((q: { target: Address }) => q.target === other),
      undefined,
    );
    assert.equal(await status(other), "registered");
  });

  it("a blank reason and a malformed address are refused before anything is sent", () => {
    const blank = s.run(["guardian", "block", pool, "--reason", " ", "--private-key", guardianKey()]);
    assert.equal(blank.status, 1);
    assert.match(blank.stderr, /--reason must say why the address is blocked/);
    const bad = s.run(["guardian", "unblock", "pool", "--reason", "x", "--private-key", guardianKey()]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /target "pool" is not an address/);
    const badBlock = s.run(["guardian", "queue", "--from-block", "-1"]);
    assert.notEqual(badBlock.status, 0);
  });
});
