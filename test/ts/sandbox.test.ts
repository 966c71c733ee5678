import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { erc20Abi, parseUnits } from "viem";
import { checkTransfer, connectRpc, credentialRegistryAbi, tokenStatus, unlockedAccounts } from "../../src/sdk/index.js";
import { readDeployment } from "../../src/sdk/node.js";
import { sandboxRoles } from "../../src/sandbox/file.js";
import { walletProofTypedData } from "../../src/qualifier/wallet-proof.js";
import { startSandbox, type SandboxProcess } from "../support/sandbox-process.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "qualified.js");

describe("qualified node --sandbox: a ready world", () => {
  let s: SandboxProcess;
  before(async () => (s = await startSandbox({ prefix: "qualified-sandbox-" })));
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) c.kill("SIGTERM");
    s.stop();
  });
  const run = (...args: string[]) => s.run(args, false);

  it("prints every account with its part and writes them next to the deployment file", async () => {
    const sandbox = s.sandbox;
    assert.equal(sandbox.rpc, s.rpc);
    const roles = sandboxRoles(sandbox);
    assert.ok(roles.length >= 12);
    for (const { role, address } of roles) assert.match(s.output(), new RegExp(`${address}  ${role.replace(/[()]/g, "\\$&")}`));
    assert.equal(new Set(roles.map((r) => r.address)).size, roles.length, "each part is a different account");
    // Every part is held by one of the node's unlocked accounts.
    const unlocked = new Set(await unlockedAccounts(await connectRpc(s.rpc)));
    for (const { address } of roles) assert.ok(unlocked.has(address), `${address} is not unlocked on the node`);
  });

  it("admits the qualifier on chain, lists the token DeFi-ready, and credentials holders with balances", async () => {
    const connection = await connectRpc(s.rpc);
    const deployment = readDeployment(s.deploymentFile);
    const sandbox = s.sandbox;
    const { qualifier, qualifierId, holders, regulator } = sandbox.accounts;
    const read = <T>(functionName: string, args: unknown[]) =>
      connection.publicClient.readContract({
        address: deployment.registries.credentials,
        abi: credentialRegistryAbi,
        functionName,
        args,
      } as never) as Promise<T>;
    assert.equal(Number(await read<number>("qualifierIdOf", [qualifier])), qualifierId);
    assert.equal(await read<boolean>("isQualifierActive", [qualifierId]), true);

    const status = await tokenStatus(connection, { deployment, token: sandbox.token.address });
    assert.equal(status.defiReady, true);
    assert.deepEqual(status.jurisdictions, ["CH"]);
    assert.deepEqual(status.regulators, [regulator]);
    assert.equal(status.issuer, sandbox.accounts.issuer);
    assert.equal(deployment.tokens[0].address, sandbox.token.address);

    assert.ok(holders.length >= 3);
    const mask = BigInt(deployment.tokens[0].acceptedClasses);
    for (const h of holders) {
      assert.equal(await read<boolean>("hasValidCredential", [h, mask]), true, `${h} holds no valid credential`);
      const balance = await connection.publicClient.readContract({ address: sandbox.token.address, abi: erc20Abi, functionName: "balanceOf", args: [h] });
      assert.equal(balance, parseUnits("1000", 18));
    }
    const transfer = await checkTransfer(connection, { token: sandbox.token.address, from: holders[0], to: holders[1], amount: parseUnits("10", 18) });
    assert.equal(transfer.allowed, true, transfer.message);
    // A wallet without a credential is still refused: the world is ready, not open.
    const outsider = await checkTransfer(connection, { token: sandbox.token.address, from: holders[0], to: sandbox.accounts.deployer, amount: 1n });
    assert.equal(outsider.allowed, false);
  });

  it("status and check read the sandbox's token over RPC, as text or JSON", async () => {
    const sandbox = s.sandbox;
    const r = spawnSync(process.execPath, [BIN, "status", sandbox.token.address, "--rpc", s.rpc, "--deployment", s.deploymentFile], {
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /DeFi-ready {2}yes, in CH/);
    assert.match(r.stdout, /supply {6}3000/);
    const json = spawnSync(process.execPath, [BIN, "status", sandbox.token.address, "--rpc", s.rpc, "--deployment", s.deploymentFile, "--json"], {
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(json.status, 0, json.stderr);
    const status = JSON.parse(json.stdout);
    assert.equal(status.defiReady, true);
    assert.equal(status.totalSupply, "3000000000000000000000");
    const [h1, h2] = sandbox.accounts.holders;
    const allowed = JSON.parse(run("check", sandbox.token.address, h1, h2, "10", "--rpc", s.rpc, "--json").stdout);
    assert.deepEqual({ allowed: allowed.allowed, code: allowed.code, amount: allowed.amount }, { allowed: true, code: 0, amount: "10000000000000000000" });
    const refused = run("check", sandbox.token.address, h1, sandbox.accounts.deployer, "10", "--rpc", s.rpc, "--json");
    assert.equal(refused.status, 2);
    assert.equal(JSON.parse(refused.stdout).allowed, false);
  });

  it("the monitor has a listed token to index at once", async () => {
    const sandbox = s.sandbox;
    const db = join(s.dir, "monitor.sqlite");
    const indexed = run("monitor", "--once", "--rpc", s.rpc, "--deployment", s.deploymentFile, "--db", db);
    assert.equal(indexed.status, 0, indexed.stderr);
    const analytics = run("analytics", sandbox.token.address, "--db", db, "--format", "json");
    assert.equal(analytics.status, 0, analytics.stderr);
    assert.equal(JSON.parse(analytics.stdout).concentration.holders, 3);
  });

  it("qualifier init writes a working configuration for the sandbox's qualifier, never overwrites it; serve starts with it and an approval puts a credential on chain", async () => {
    const sandbox = s.sandbox;
    const config = join(s.dir, "conf", "qualifier.json");
    const made = run("qualifier", "init", "--out", config, "--deployment", s.deploymentFile, "--db", join(s.dir, "qualifier.sqlite"), "--port", "0");
    assert.equal(made.status, 0, made.stderr);
    const written = JSON.parse(readFileSync(config, "utf8"));
    assert.equal(written.qualifierAddress, sandbox.accounts.qualifier);
    assert.equal(written.rpc, s.rpc);
    assert.equal(written.deployment, s.deploymentFile);
    assert.equal(Buffer.from(written.vault.keys[written.vault.current], "base64").length, 32);
    assert.equal(Buffer.from(written.vault.indexKey, "base64").length, 32);
    assert.equal(Buffer.from(written.audit.keys[written.audit.current], "base64").length, 32);
    assert.notEqual(written.vault.keys[written.vault.current], written.audit.keys[written.audit.current]);
    assert.equal(statSync(config).mode & 0o077, 0, "only its owner can read the keys");
    // Every field is explained, and no key is printed.
    for (const field of ["db", "rpc", "qualifierAddress", "vault.indexKey", "audit.keys", "policy.nameThreshold"])
      assert.match(made.stdout, new RegExp(`${field.replace(".", "\\.")}[,:]`));
    for (const secret of [written.vault.keys[written.vault.current], written.vault.indexKey, written.audit.keys[written.audit.current]]) {
      assert.ok(!made.stdout.includes(secret) && !made.stderr.includes(secret), "a key was printed");
    }
    assert.match(run("qualifier", "init", "--help").stdout, /vault\.indexKey: /);

    // A second init never overwrites the keys.
    const again = run("qualifier", "init", "--out", config, "--deployment", s.deploymentFile);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /exists already.*never overwritten/);
    assert.deepEqual(JSON.parse(readFileSync(config, "utf8")), written);
    // Without a sandbox and without --qualifier, it says what to do.
    const bare = run("qualifier", "init", "--out", join(s.dir, "other.json"), "--deployment", join(s.dir, "none.json"));
    assert.equal(bare.status, 1);
    assert.match(bare.stderr, /no sandbox file at .*none\.sandbox\.json: run `qualified node --sandbox`, or give --qualifier/);

    const keyFor = (role: string) => {
      const r = run("qualifier", "create-key", role, `${role} desk`, "--config", config);
      assert.equal(r.status, 0, r.stderr);
      return /\n(\S+)\nkeep it secret/.exec(r.stdout)![1];
    };
    const keys = { admin: keyFor("admin"), applicant: keyFor("applicant"), reviewer: keyFor("reviewer") };

    const serve = spawn(process.execPath, [BIN, "qualifier", "serve", "--config", config], { stdio: ["ignore", "pipe", "pipe"] });
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
    const health = await fetch(`${url}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { ok: true });

    // The sandbox's qualifier is admitted, so an approval puts a credential on chain (no governance script needed).
    const call = async (method: string, path: string, key: string, body?: unknown) => {
      const r = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json()) as any };
    };
    const content = readFileSync(join(import.meta.dirname, "..", "fixtures", "ofac", "sdn-2026-11-01.xml"), "utf8");
    const loaded = await call("POST", "/lists", keys.admin, { format: "SDN.XML", content });
    assert.ok(loaded.status === 200 || loaded.status === 201, JSON.stringify(loaded.body));
    const connection = await connectRpc(s.rpc);
    const deployment = readDeployment(s.deploymentFile);
    const taken = new Set(sandboxRoles(sandbox).map((r) => r.address));
    const applicant = connection.signer((await unlockedAccounts(connection)).find((a) => !taken.has(a))!);
    const lei = "529900T8BM49AURSDO55";
    const proofContext = { chainId: connection.chain.id, registry: deployment.registries.credentials, qualifier: sandbox.accounts.qualifier };
    const proof = { wallet: applicant.account.address, application: lei, nonce: 1n, expiresAt: BigInt(Math.floor(Date.now() / 1000) + 600) };
    const signature = await applicant.signTypedData(walletProofTypedData(proofContext, proof));
    const applied = await call("POST", "/applications", keys.applicant, {
      legalName: "Helvetia Pension Fund Foundation",
      lei,
      country: "CH",
      classId: 1,
      owners: [{ name: "Anneliese Würgler-Zbinden", dateOfBirth: "1971-05-02", nationality: "CH" }],
      wallets: [{ address: applicant.account.address, nonce: "1", expiresAt: Number(proof.expiresAt), signature }],
    });
    assert.equal(applied.status, 201, JSON.stringify(applied.body));
    const approved = await call("POST", `/applications/${applied.body.id}/approve`, keys.reviewer, { reason: "KYB complete, no hits" });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const holds = await connection.publicClient.readContract({
      address: deployment.registries.credentials,
      abi: credentialRegistryAbi,
      functionName: "hasValidCredential",
      args: [applicant.account.address, BigInt(deployment.tokens[0].acceptedClasses)],
    });
    assert.equal(holds, true, "the approved applicant holds a credential on chain");
    const canBuy = await checkTransfer(connection, {
      token: sandbox.token.address,
      from: sandbox.accounts.holders[0],
      to: applicant.account.address,
      amount: 1n,
    });
    assert.equal(canBuy.allowed, true, canBuy.message);
  });
});
