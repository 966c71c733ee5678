import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeFunctionData, keccak256, parseAbi, parseUnits, toHex, type Address } from "viem";
import {
  appointGuardianCall,
  connectRpc,
  createSafe,
  contractRegistration,
  governViaTimelock,
  securityTokenAbi,
  unlockedAccounts,
  type Connection,
} from "../../src/sdk/index.js";
import { readDeployment } from "../../src/sdk/node.js";
import { startSandbox, type SandboxProcess } from "../support/sandbox-process.js";

describe("qualified safe: a role held by a Safe acts through proposals its owners sign over time", () => {
  let s: SandboxProcess;
  let connection: Connection;
  let safe: Address;
  let token: Address;
  let owners: Address[];
  let file: string;

  before(async () => {
    s = await startSandbox({ prefix: "qualified-safe-" });
    file = join(s.dir, "local.safe.json");
    connection = await connectRpc(s.rpc);
    const deployment = readDeployment(s.deploymentFile);
    // Three accounts the sandbox gives no part own the issuer's Safe, all three must sign.
    owners = (await unlockedAccounts(connection)).slice(12, 15);
    safe = await createSafe(connection, { deployer: connection.signer(s.sandbox.accounts.deployer), infrastructure: deployment.safe, owners, threshold: 3 });
    const hash = keccak256(toHex("safe bond prospectus"));
    const r = s.run([
      "issuer",
      "deploy-token",
      "--name",
      "Safe Bond",
      "--symbol",
      "SAFEB",
      "--classes",
      "1",
      "--issuer",
      safe,
      "--classification",
      "debt",
      "--jurisdiction",
      "CH",
      "--document-uri",
      "https://example.org/s",
      "--document-hash",
      hash,
      "--from",
      s.sandbox.accounts.issuer,
      "--json",
    ]);
    assert.equal(r.status, 0, r.stderr);
    token = JSON.parse(r.stdout).address;
  });
  after(() => s.stop());

  const ok = (...args: string[]) => {
    const r = s.run(args);
    assert.equal(r.status, 0, `${args.join(" ")} failed: ${r.stderr}`);
    return r.stdout;
  };
  const refused = (args: string[], sentence: RegExp) => {
    const r = s.run(args);
    assert.notEqual(r.status, 0, `should fail: ${r.stdout}`);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `one line expected, got:\n${r.stderr}`);
    assert.match(lines[0], sentence);
  };
  const balance = (a: Address) => connection.publicClient.readContract({ address: token, abi: securityTokenAbi, functionName: "balanceOf", args: [a] });
  const paused = () => connection.publicClient.readContract({ address: token, abi: securityTokenAbi, functionName: "paused" });
  const stored = () => JSON.parse(readFileSync(file, "utf8"));

  it("mints through the issuer's Safe: proposed by one owner, approved by two others in separate commands, then executed", async () => {
    const holder = s.sandbox.accounts.holders[0] as Address;
    const before = await balance(holder);
    const proposed = JSON.parse(ok("issuer", "mint", holder, "100", "--token", token, "--via-safe", "--from", owners[0], "--json"));
    assert.equal(proposed.state, "collecting signatures");
    assert.deepEqual(proposed.signedBy, [owners[0]]);
    assert.equal(proposed.threshold, 3);
    assert.equal(proposed.safe, safe);
    assert.equal(proposed.call.function, "mint");
    assert.equal(proposed.call.args.amount, parseUnits("100", 18).toString());
    assert.doesNotMatch(readFileSync(file, "utf8"), /privateKey|mnemonic/i, "only public signatures are stored");
    assert.equal(await balance(holder), before, "nothing is sent at propose");

    refused(
      ["safe", "execute", String(proposed.id)],
      new RegExp(`Safe proposal ${proposed.id} has 1 of the 3 signatures it needs: another owner runs \`qualified safe approve ${proposed.id} --from OWNER\``),
    );
    const second = JSON.parse(ok("safe", "approve", String(proposed.id), "--from", owners[1], "--json"));
    assert.equal(second.state, "collecting signatures");
    refused(["safe", "execute", String(proposed.id)], /has 2 of the 3 signatures/);
    const third = JSON.parse(ok("safe", "approve", String(proposed.id), "--from", owners[2], "--json"));
    assert.equal(third.state, "ready to execute");
    assert.deepEqual(new Set(third.signedBy), new Set(owners));
    assert.match(ok("safe", "pending"), new RegExp(`#${proposed.id}  ready to execute  mint 100 to ${holder}`));

    const executed = JSON.parse(ok("safe", "execute", String(proposed.id), "--json"));
    assert.equal(executed.state, "executed");
    assert.equal(await balance(holder), before + parseUnits("100", 18));
    const receipt = await connection.publicClient.getTransactionReceipt({ hash: executed.transaction });
    assert.equal(receipt.to?.toLowerCase(), safe.toLowerCase(), "the Safe sent it");
    refused(["safe", "execute", String(proposed.id)], /is already executed/);
    assert.match(ok("safe", "pending"), /no pending Safe proposals/);
    assert.equal(JSON.parse(ok("safe", "pending", "--all", "--json")).proposals.length, 1);
  });

  it("refuses an outsider's proposal and approval, and a key-held token, each in one line, storing nothing", async () => {
    const outsider = s.sandbox.accounts.holders[1] as Address;
    const before = readFileSync(file, "utf8");
    refused(
      ["issuer", "pause", "--token", token, "--via-safe", "--from", outsider],
      new RegExp(`${outsider} is not an owner of the Safe ${safe}: only its owners propose and approve`),
    );
    refused(["issuer", "pause", "--token", s.sandbox.token.address, "--via-safe", "--from", owners[0]], /is not a Safe: sign with its key/);
    assert.equal(readFileSync(file, "utf8"), before);
    const p = JSON.parse(ok("issuer", "pause", "--token", token, "--via-safe", "--from", owners[0], "--json"));
    refused(["safe", "approve", String(p.id), "--from", outsider], /is not an owner of the Safe/);
    refused(["safe", "approve", String(p.id), "--from", "0x00000000000000000000000000000000000000aa"], /the node does not hold 0x0{38}[aA]{2} unlocked/);
    assert.deepEqual(Object.keys(stored().proposals.at(-1).step.signatures), [owners[0]]);
    ok("safe", "approve", String(p.id), "--from", owners[1]);
    ok("safe", "approve", String(p.id), "--from", owners[2]);
    ok("safe", "execute", String(p.id));
    assert.equal(await paused(), true);
  });

  it("a call the Safe could not make now is refused at propose with the token's reason; a dry run stores nothing", async () => {
    const before = readFileSync(file, "utf8");
    // Holder 2 holds none of this token: burning one is refused by the contract.
    const empty = s.sandbox.accounts.holders[1];
    refused(
      ["issuer", "burn", empty, "1", "--token", token, "--via-safe", "--from", owners[0]],
      new RegExp(`the Safe ${safe} could not burn 1 from ${empty} now: .+; nothing proposed`),
    );
    const plan = JSON.parse(ok("issuer", "unpause", "--token", token, "--via-safe", "--from", owners[0], "--dry-run", "--json"));
    assert.equal(plan.dryRun, true);
    assert.equal(plan.call.function, "unpause");
    assert.equal(readFileSync(file, "utf8"), before, "a dry run stores nothing");
    ok("issuer", "unpause", "--token", token, "--safe-owners", owners.join(","));
    // The deployer holds no credential: minting to it is refused in the token's words.
    refused(
      ["issuer", "mint", s.sandbox.accounts.deployer, "1", "--token", token, "--via-safe", "--from", owners[0]],
      /could not mint 1 to 0x[0-9a-fA-F]{40} now: the token refuses to move tokens .+\(code \d+\); nothing proposed/,
    );
    assert.equal(readFileSync(file, "utf8"), before);
  });

  it("refuses a tampered proposal file: a swapped call, a forged signature, malformed JSON", async () => {
    const holder = s.sandbox.accounts.holders[2] as Address;
    const p = JSON.parse(ok("issuer", "mint", holder, "5", "--token", token, "--via-safe", "--from", owners[0], "--json"));
    const original = readFileSync(file, "utf8");
    // Someone swaps the amount for a far larger one: the proposer never signed that.
    const swapped = JSON.parse(original);
    const target = swapped.proposals.find((x: { id: number }) => x.id === p.id);
    target.call.data = encodeFunctionData({ abi: securityTokenAbi, functionName: "mint", args: [holder, parseUnits("1000000", 18)] });
    writeFileSync(file, JSON.stringify(swapped));
    refused(
      ["safe", "approve", String(p.id), "--from", owners[1]],
      new RegExp(`Safe proposal ${p.id} has been altered: its call, summary or nonce is not what ${owners[0]} proposed`),
    );
    refused(["safe", "execute", String(p.id)], /has been altered/);
    // The summary the owners read is covered too.
    const renamed = JSON.parse(original);
    renamed.proposals.find((x: { id: number }) => x.id === p.id).summary = "routine coupon payment";
    writeFileSync(file, JSON.stringify(renamed));
    refused(["safe", "approve", String(p.id), "--from", owners[1]], /has been altered/);
    // A signature stored under an owner who did not make it.
    const forged = JSON.parse(original);
    const step = forged.proposals.find((x: { id: number }) => x.id === p.id).step;
    step.signatures[owners[2]] = step.signatures[owners[0]];
    writeFileSync(file, JSON.stringify(forged));
    refused(["safe", "approve", String(p.id), "--from", owners[1]], new RegExp(`the signature stored for ${owners[2]} does not sign its call`));
    writeFileSync(file, "{ not json");
    refused(["safe", "pending"], /local\.safe\.json is not JSON/);
    writeFileSync(file, original);
    const approved = ok("safe", "approve", String(p.id), "--from", owners[1]);
    // The call is shown before the signature is made, not after.
    assert.match(
      approved,
      new RegExp(
        `^signing Safe proposal ${p.id} as ${owners[1]}: mint 5 to ${holder}\\n\\s+call\\s+${token} mint\\(to=${holder}, amount=5000000000000000000\\)\\napproved Safe proposal`,
      ),
    );
    assert.ok(approved.indexOf("call") < approved.indexOf("approved Safe proposal"), approved);
    refused(["safe", "approve", "nine", "--from", owners[1]], /no Safe proposal nine: `qualified safe pending` lists them/);
  });

  it("an executed proposal made to look open again is refused, not signed a second time", async () => {
    const file0 = stored();
    const executed = file0.proposals.find((x: { step: { transaction?: string } }) => x.step.transaction);
    const hash = executed.step.transaction;
    delete executed.step.transaction;
    writeFileSync(file, JSON.stringify(file0));
    refused(
      ["safe", "approve", String(executed.id), "--from", owners[2]],
      new RegExp(
        `Safe proposal ${executed.id} was signed for Safe nonce \\d+, which the Safe has used since: if the call still has to be made, propose it again`,
      ),
    );
    refused(["safe", "execute", String(executed.id)], /which the Safe has used since/);
    const after = stored().proposals.find((x: { id: number }) => x.id === executed.id);
    assert.deepEqual(after.step, executed.step, "nothing was signed");
    executed.step.transaction = hash;
    writeFileSync(file, JSON.stringify(file0));
  });

  it("an executed proposal moved to the Safe's current nonce with its signatures cleared is refused, not signed again", async () => {
    const file0 = stored();
    const executed = file0.proposals.find((x: { step: { transaction?: string } }) => x.step.transaction);
    const original = JSON.stringify(file0);
    const current = await connection.publicClient.readContract({
      address: safe,
      abi: parseAbi(["function nonce() view returns (uint256)"]),
      functionName: "nonce",
    });
    executed.step = { nonce: current.toString(), signatures: {} };
    writeFileSync(file, JSON.stringify(file0));
    assert.match(ok("safe", "pending"), new RegExp(`#${executed.id}  collecting signatures`), "the file alone makes it look open");
    refused(
      ["safe", "approve", String(executed.id), "--from", owners[1]],
      new RegExp(
        `Safe proposal ${executed.id} has been altered: its call, summary or nonce is not what ${owners[0]} proposed; it is refused, propose it again`,
      ),
    );
    refused(["safe", "execute", String(executed.id)], /has been altered/);
    assert.deepEqual(stored().proposals.find((x: { id: number }) => x.id === executed.id).step.signatures, {}, "nothing was signed");
    writeFileSync(file, original);
  });

  it("a guardian that is a Safe blocks an address through a proposal its owners approve", async () => {
    const deployment = readDeployment(s.deploymentFile);
    const [g1, g2] = s.sandbox.accounts.governanceOwners.map((o) => connection.signer(o as Address));
    await governViaTimelock(connection, {
      deployment,
      calls: [appointGuardianCall({ deployment, account: safe })],
      signers: [g1, g2],
      label: "a Safe as guardian",
    });
    const target = "0x000000000000000000000000000000000000dEaD";
    refused(
      ["guardian", "block", target, "--reason", "phishing drainer", "--via-safe", safe, "--from", s.sandbox.accounts.holders[0]],
      /is not an owner of the Safe/,
    );
    const p = JSON.parse(ok("guardian", "block", target, "--reason", "phishing drainer", "--via-safe", safe, "--from", owners[0], "--json"));
    assert.equal(p.call.function, "blockContract");
    ok("safe", "approve", String(p.id), "--from", owners[1]);
    ok("safe", "approve", String(p.id), "--from", owners[2]);
    // The mint proposed before holds the Safe's next nonce: proposals go through the Safe in order.
    const earlier = stored().proposals.find((x: { id: number; step: { transaction?: string } }) => !x.step.transaction && x.id !== p.id);
    refused(["safe", "execute", String(p.id)], new RegExp(`is signed for nonce \\d+; Safe proposal ${earlier.id} holds it: execute that first`));
    ok("safe", "approve", String(earlier.id), "--from", owners[2]);
    ok("safe", "execute", String(earlier.id));
    ok("safe", "execute", String(p.id));
    assert.equal((await contractRegistration(connection, { deployment, target })).status, "blocked");
    // The guardian's key-holding path is unchanged: --from belongs to --via-safe only.
    refused(["guardian", "unblock", target, "--reason", "cleared", "--from", owners[0]], /--from names the proposing owner with --via-safe/);
  });
  it("a proposal stranded behind a dropped one moves to the free nonce only with its proposer's fresh signature", async () => {
    const holder = s.sandbox.accounts.holders[1] as Address;
    const a = JSON.parse(ok("issuer", "mint", holder, "1", "--token", token, "--via-safe", "--from", owners[0], "--json"));
    const b = JSON.parse(ok("issuer", "mint", holder, "2", "--token", token, "--via-safe", "--from", owners[0], "--json"));
    const file0 = stored();
    const before = file0.proposals.find((x: { id: number }) => x.id === b.id);
    file0.proposals = file0.proposals.filter((x: { id: number }) => x.id !== a.id);
    writeFileSync(file, JSON.stringify(file0));
    refused(
      ["safe", "approve", String(b.id), "--from", owners[1]],
      new RegExp(`Safe proposal ${b.id} is signed for Safe nonce ${b.nonce} but the next free nonce is ${a.nonce}: its proposer ${owners[0]} runs`),
    );
    ok("safe", "approve", String(b.id), "--from", owners[0]);
    const moved = stored().proposals.find((x: { id: number }) => x.id === b.id);
    assert.equal(moved.step.nonce, a.nonce);
    assert.notEqual(moved.intent, before.intent, "the proposer signed the intent again at the new nonce");
    assert.deepEqual(Object.keys(moved.step.signatures), [owners[0]]);
    ok("safe", "approve", String(b.id), "--from", owners[1]);
  });
});
