import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import { getAddress, type Address } from "viem";
import type { Kysely } from "kysely";
import { bondBridgeAbi, connectRpc, credentialMirrorSenderAbi, securityTokenAbi, unlockedAccounts, type Connection } from "../../src/sdk/index.js";
import { runL2Demo } from "../../src/demo/l2-story.js";
import { writeCrossChainDeployment, type CrossChainDeployment } from "../../src/crosschain/deployment-file.js";
import { bridgeSend, connectCrossChain, relayersOf } from "../../src/crosschain/bridge-client.js";
import { openDatabase } from "../../src/storage/database.js";
import type { MonitorSchema } from "../../src/monitor/schema.js";
import { createApi, MONITOR_ROLE } from "../../src/api/server.js";
import { createKey, migrateApiKeys, type ApiKeySchema } from "../../src/auth/api-keys.js";
import { chainLogKeys } from "../support/scenario.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "qualified.js");
const HOME = 31337;
const L2 = 31341;

/** Runs the CLI without blocking this process (which serves both chains). */
function run(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("qualified monitor --crosschain: the home chain and the L2 in one database", async () => {
  const servers: { close: () => Promise<void> }[] = [];
  const dir = mkdtempSync(join(tmpdir(), "qualified-monitor-crosschain-"));
  const file = join(dir, "crosschain.json");
  const dbFile = join(dir, "monitor.sqlite");
  let deployment: CrossChainDeployment;
  let home: Connection;
  let l2: Connection;
  let alice: Address;
  let bob: Address;
  let relayer: Address;
  let transferId: `0x${string}`;

  before(async () => {
    const urls: string[] = [];
    for (const chainId of [HOME, L2]) {
      const server = await network.createServer({ override: { chainId } }, "127.0.0.1", 0);
      const { address, port } = await server.listen();
      servers.push(server);
      urls.push(`http://${address}:${port}`);
    }
    home = await connectRpc(urls[0]);
    l2 = await connectRpc(urls[1]);
    const a = await unlockedAccounts(home);
    [alice, bob, relayer] = [a[14], a[15], a[12]];
    // The demo's story: a credential mirrored, a bridge transfer (Alice -> Bob on the L2), a revocation reaching the L2,
    // then no message for a day (Alice's mirrored credential lapses on the L2).
    const cast = { governance: a[0], issuer: a[4], qualifier: a[8], relayer, alice, bob, carol: a[16] };
    const demo = await runL2Demo(home, l2, cast, { log: () => {} });
    deployment = { home: { ...demo.deployment.home, rpc: urls[0] }, l2: { ...demo.deployment.l2, rpc: urls[1] } };
    writeCrossChainDeployment(file, deployment);
    // An escrowed receipt: live at home, Alice sends to herself; the L2 no longer trusts her credential.
    const client = await connectCrossChain(deployment);
    ({ transferId } = await bridgeSend(client, { signer: (c) => c.signer(alice), to: alice, amount: 5n * 10n ** 18n }));
    await relayersOf(client, (c) => c.signer(relayer)).toL2.relay();
  });
  after(async () => {
    for (const s of servers) await s.close();
  });

  const watchedOn = (chain: "home" | "l2"): Address[] =>
    chain === "home"
      ? [deployment.home.credentials, deployment.home.token, deployment.home.bridge, deployment.home.mirrorSender]
      : [deployment.l2.token, deployment.l2.bridge, deployment.l2.mirror];
  const withDbAt = async <T>(path: string, fn: (db: Kysely<MonitorSchema>) => Promise<T>) => {
    const database = openDatabase<MonitorSchema>(path);
    try {
      return await fn(database.db);
    } finally {
      await database.close();
    }
  };
  const withDb = <T>(fn: (db: Kysely<MonitorSchema>) => Promise<T>) => withDbAt(dbFile, fn);
  const eventKeys = (db: Kysely<MonitorSchema>, chainId: number) =>
    db
      .selectFrom("events")
      .select(["block_number", "log_index"])
      .where("chain_id", "=", chainId)
      .execute()
      .then((rows) => rows.map((r) => `${Number(r.block_number)}:${r.log_index}`).sort());

  it("indexes both chains: transfers, bridge and mirror events with their chain ids, the bridge links and the escrow alert", async () => {
    const r = await run("monitor", "--crosschain", file, "--db", dbFile, "--once");
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /monitoring the home chain 31337 and the L2 31341 into sqlite/);
    assert.match(r.stdout, /^home \(chain 31337\): indexed to block \d+\/\d+ \(100\.0%\)/m);
    assert.match(r.stdout, /^L2 \(chain 31341\): indexed to block \d+\/\d+ \(100\.0%\)/m);
    assert.match(
      r.stdout,
      new RegExp(`^L2 \\(chain 31341\\): \\[HIGH\\] escrowedReceipt at block \\d+: bridge receipt ${transferId} of 5000000000000000000 for ${alice}`, "m"),
    );

    await withDb(async (db) => {
      // Every log of the watched contracts, on each chain, under its chain id.
      assert.deepEqual(await eventKeys(db, HOME), await chainLogKeys(home, watchedOn("home")));
      assert.deepEqual(await eventKeys(db, L2), await chainLogKeys(l2, watchedOn("l2")));
      const names = async (chainId: number) =>
        new Set((await db.selectFrom("events").select("name").where("chain_id", "=", chainId).execute()).map((e) => e.name));
      const homeNames = await names(HOME);
      const l2Names = await names(L2);
      for (const n of ["BridgeSent", "WalletSynced", "QualifierSynced", "CredentialIssued", "CredentialRevoked", "Transfer"])
        assert.ok(homeNames.has(n), `home ${n}`);
      for (const n of ["BridgeReceived", "Escrowed", "WalletMirrored", "QualifierMirrored", "Transfer"]) assert.ok(l2Names.has(n), `L2 ${n}`);
      const escrowed = await db.selectFrom("events").selectAll().where("chain_id", "=", L2).where("name", "=", "Escrowed").executeTakeFirstOrThrow();
      assert.equal(escrowed.kind, "bridge");
      assert.deepEqual(JSON.parse(escrowed.args), { transferId, from: alice, to: alice, amount: "5000000000000000000" });

      // The bond's movements on each chain: minted at home, burnt into the bridge, minted on the L2 to Bob.
      const transfers = async (chainId: number) =>
        (await db.selectFrom("transfers").selectAll().where("chain_id", "=", chainId).orderBy("block_number").execute()).map((t) => [
          t.token,
          t.kind,
          t.to_address,
          t.amount,
        ]);
      const bond = (n: number) => (BigInt(n) * 10n ** 18n).toString();
      const zero = "0x0000000000000000000000000000000000000000";
      assert.deepEqual(await transfers(HOME), [
        [deployment.home.token, "mint", alice, bond(1000)],
        [deployment.home.token, "burn", zero, bond(250)],
        [deployment.home.token, "burn", zero, bond(5)],
      ]);
      assert.deepEqual(await transfers(L2), [[deployment.l2.token, "mint", bob, bond(250)]]);

      assert.deepEqual(
        (await db.selectFrom("bridge_links").selectAll().orderBy("chain_id").execute()).map((l) => ({
          ...l,
          chain_id: Number(l.chain_id),
          peer_chain_id: Number(l.peer_chain_id),
        })),
        [
          {
            chain_id: HOME,
            bridge: deployment.home.bridge,
            token: deployment.home.token,
            peer_chain_id: L2,
            peer_bridge: deployment.l2.bridge,
            peer_token: deployment.l2.token,
          },
          {
            chain_id: L2,
            bridge: deployment.l2.bridge,
            token: deployment.l2.token,
            peer_chain_id: HOME,
            peer_bridge: deployment.home.bridge,
            peer_token: deployment.home.token,
          },
        ],
      );

      // The alerts API shows the chain, and filters by it.
      const keys = db as unknown as Kysely<ApiKeySchema>;
      await migrateApiKeys(keys);
      const { key } = await createKey(keys, { role: MONITOR_ROLE, label: "test", prefix: "mk" });
      const api = createApi(db);
      const get = async (path: string) => (await api.request(path, { headers: { authorization: `Bearer ${key}` } })).json() as Promise<any>;
      const l2Alerts = (await get(`/alerts?chain=${L2}`)) as { id: string; chain_id: number; rule: string; subject: string }[];
      assert.deepEqual(
        l2Alerts.map((a) => [a.chain_id, a.rule, a.subject]),
        [[L2, "escrowedReceipt", alice]],
      );
      assert.ok(l2Alerts[0].id.startsWith(`escrowedReceipt:${L2}:`));
      assert.ok(((await get(`/alerts?chain=${HOME}`)) as { chain_id: number }[]).every((a) => a.chain_id === HOME));
      const health = await get("/health");
      assert.deepEqual(
        health.chains.map((c: { chainId: number }) => c.chainId),
        [HOME, L2],
      );
    });
  });

  it("resumes each chain from its own cursor, indexing only what is new and raising nothing twice", async () => {
    const before = await withDb((db) => db.selectFrom("indexer_cursor").selectAll().orderBy("chain_id").execute());
    // Home: Alice's state pushed again (the home clock catches up with the L2's first); the L2: the update arrives
    // and the escrow is retried to Alice.
    await home.publicClient.request({ method: "evm_increaseTime", params: [86_401] } as never);
    await home.publicClient.request({ method: "evm_mine", params: [] } as never);
    const fee = await home.publicClient.readContract({ address: deployment.home.mirrorSender, abi: credentialMirrorSenderAbi, functionName: "quoteSync" });
    await home.publicClient.waitForTransactionReceipt({
      hash: await home
        .signer(bob)
        .writeContract({ address: deployment.home.mirrorSender, abi: credentialMirrorSenderAbi, functionName: "sync", args: [alice], value: fee }),
    });
    const client = await connectCrossChain(deployment);
    await relayersOf(client, (c) => c.signer(relayer)).toL2.relay();
    await l2.publicClient.waitForTransactionReceipt({
      hash: await l2.signer(bob).writeContract({ address: deployment.l2.bridge, abi: bondBridgeAbi, functionName: "retry", args: [transferId] }),
    });
    assert.equal(
      await l2.publicClient.readContract({ address: deployment.l2.token, abi: securityTokenAbi, functionName: "balanceOf", args: [alice] }),
      5n * 10n ** 18n,
    );

    const r = await run("monitor", "--crosschain", file, "--db", dbFile, "--once");
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.doesNotMatch(r.stdout, /escrowedReceipt/, "the escrow alert is not raised again");
    const homeHead = Number(await home.publicClient.getBlockNumber());
    const l2Head = Number(await l2.publicClient.getBlockNumber());
    await withDb(async (db) => {
      const cursors = await db.selectFrom("indexer_cursor").selectAll().orderBy("chain_id").execute();
      assert.deepEqual(
        cursors.map((c) => [c.id, Number(c.next_block)]),
        [
          [String(HOME), homeHead + 1],
          [String(L2), l2Head + 1],
        ],
      );
      assert.ok(Number(cursors[0].next_block) > Number(before[0].next_block) && Number(cursors[1].next_block) > Number(before[1].next_block));
      // This run indexed the new blocks only: each chain holds every log exactly once.
      assert.deepEqual(await eventKeys(db, HOME), await chainLogKeys(home, watchedOn("home")));
      assert.deepEqual(await eventKeys(db, L2), await chainLogKeys(l2, watchedOn("l2")));
      const released = await db.selectFrom("events").select("name").where("chain_id", "=", L2).where("name", "=", "EscrowReleased").execute();
      assert.equal(released.length, 1);
      assert.equal((await db.selectFrom("alerts").select("id").where("rule", "=", "escrowedReceipt").execute()).length, 1);
    });
    const homeLine = r.stdout.split("\n").find((l) => l.startsWith("home chain: stopped before block"));
    assert.match(homeLine ?? "", new RegExp(`stopped before block ${homeHead + 1}; [1-9]\\d* events indexed this run`));
  });

  it("killed with SIGKILL mid-backfill, resumes both chains and loses, duplicates and re-raises nothing", async () => {
    for (const c of [home, l2]) await c.publicClient.request({ method: "hardhat_mine", params: ["0x96"] } as never); // 150 more blocks each
    const db = join(dir, "killed.sqlite");
    const args = ["monitor", "--crosschain", file, "--db", db, "--once", "--batch-size", "1"];
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let first = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk) => {
        first += chunk;
        if (/indexed to block/.test(first)) resolve();
      });
      child.on("exit", () => reject(new Error(`the monitor exited before it indexed anything:\n${first}`)));
    });
    const exit = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGKILL");
    await exit;
    const heads = [Number(await home.publicClient.getBlockNumber()), Number(await l2.publicClient.getBlockNumber())];
    const killedAt = await withDbAt(db, (d) => d.selectFrom("indexer_cursor").selectAll().orderBy("chain_id").execute());
    assert.ok(
      killedAt.some((c, i) => Number(c.next_block) <= heads[i]),
      `killed mid-backfill (cursors ${killedAt.map((c) => c.next_block)} of heads ${heads})`,
    );

    const second = await run(...args);
    assert.equal(second.status, 0, second.stderr + second.stdout);
    const printed = (first + second.stdout).split("\n").filter((l) => l.includes("escrowedReceipt"));
    assert.ok(printed.length <= 1, "the escrow alert is printed at most once (once unless the kill fell between its commit and its line)");
    await withDbAt(db, async (d) => {
      assert.deepEqual(await eventKeys(d, HOME), await chainLogKeys(home, watchedOn("home")));
      assert.deepEqual(await eventKeys(d, L2), await chainLogKeys(l2, watchedOn("l2")));
      assert.deepEqual(
        (await d.selectFrom("indexer_cursor").selectAll().orderBy("chain_id").execute()).map((c) => Number(c.next_block)),
        heads.map((h) => h + 1),
      );
      const escrowAlerts = await d.selectFrom("alerts").select(["id", "chain_id"]).where("rule", "=", "escrowedReceipt").execute();
      assert.deepEqual(
        escrowAlerts.map((a) => Number(a.chain_id)),
        [L2],
      );
    });
  });

  it("refuses, with a sentence, a file whose chain ids the RPC endpoints do not serve, and a chain's --to-block", async () => {
    const wrong = join(dir, "wrong.json");
    writeCrossChainDeployment(wrong, { ...deployment, l2: { ...deployment.l2, chainId: 31399 } });
    const r = await run("monitor", "--crosschain", wrong, "--db", join(dir, "other.sqlite"), "--once");
    assert.notEqual(r.status, 0);
    assert.match(
      r.stderr,
      /the cross-chain file says the L2 is chain 31399, but its RPC http:\/\/127\.0\.0\.1:\d+ serves chain 31341: correct the file's chainId or rpc/,
    );
    const same = join(dir, "same.json");
    writeCrossChainDeployment(same, { ...deployment, l2: { ...deployment.l2, chainId: HOME } });
    assert.match((await run("monitor", "--crosschain", same, "--db", join(dir, "other.sqlite"), "--once")).stderr, /the same chain id 31337/);
    const toBlock = await run("monitor", "--crosschain", file, "--db", join(dir, "other.sqlite"), "--to-block", "5");
    assert.match(toBlock.stderr, /--to-block names a block of one chain/);
    const withRpc = await run("monitor", "--crosschain", file, "--rpc", deployment.home.rpc, "--db", join(dir, "other.sqlite"), "--once");
    assert.match(withRpc.stderr, /--crosschain takes both RPC endpoints from its file: leave out --rpc/);

    // --deployment adds the home chain's registries, and must be the home chain's.
    const registries = {
      credentials: deployment.home.credentials,
      contracts: "0x000000000000000000000000000000000000c0c0",
      issuers: "0x000000000000000000000000000000000000155e",
    };
    const homeDeployment = (chainId: number) => ({
      chainId,
      deployedAt: "2026-11-22T00:00:00Z",
      safe: { singleton: registries.contracts, proxyFactory: registries.contracts, fallbackHandler: registries.contracts },
      governance: { safe: registries.contracts, owners: [], threshold: 1, timelock: registries.contracts, delay: 0 },
      registries,
      classes: {},
      tokens: [],
    });
    const foreign = join(dir, "foreign-deployment.json");
    writeFileSync(foreign, JSON.stringify(homeDeployment(L2)));
    const refused = await run("monitor", "--crosschain", file, "--deployment", foreign, "--db", join(dir, "other.sqlite"), "--once");
    assert.match(refused.stderr, /the deployment file is for chain 31341, not the home chain 31337 of the cross-chain file/);
    const own = join(dir, "home-deployment.json");
    writeFileSync(own, JSON.stringify(homeDeployment(HOME)));
    const merged = await run("monitor", "--crosschain", file, "--deployment", own, "--db", join(dir, "merged.sqlite"), "--once");
    assert.equal(merged.status, 0, merged.stderr);
    await withDbAt(join(dir, "merged.sqlite"), async (d) => {
      const watched = await d.selectFrom("watched_contracts").select(["address", "kind"]).where("chain_id", "=", HOME).orderBy("kind").execute();
      assert.deepEqual(
        watched.map((w) => [w.kind, w.address]),
        [
          ["bridge", deployment.home.bridge],
          ["contracts", getAddress(registries.contracts)],
          ["credentials", deployment.home.credentials],
          ["issuers", getAddress(registries.issuers)],
          ["mirror-sender", deployment.home.mirrorSender],
          ["token", deployment.home.token],
        ],
      );
    });

    // The alerts API refuses a chain that is not a chain id, with a sentence.
    await withDbAt(dbFile, async (d) => {
      const { key } = await createKey(d as unknown as Kysely<ApiKeySchema>, { role: MONITOR_ROLE, label: "bad input", prefix: "mk" });
      const answer = await createApi(d).request("/alerts?chain=home", { headers: { authorization: `Bearer ${key}` } });
      assert.equal(answer.status, 400);
      assert.match(((await answer.json()) as { error: string }).error, /^chain: /);
    });
  });
});
