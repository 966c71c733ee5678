import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { network } from "hardhat";
import type { EIP1193Provider } from "viem";
import { getAddress } from "viem";
import {
  connectProvider,
  contractRegistryAbi,
  demoStablecoinAbi,
  demoStablecoinBytecode,
  forcedTransferCall,
  registerContract,
  send,
} from "../../src/sdk/index.js";
import { waitForSuccess } from "../../src/sdk/transactions.js";
import { runIndexer } from "../../src/monitor/indexer.js";
import { AlertEngine } from "../../src/monitor/alerts/engine.js";
import { alertConfigSchema } from "../../src/monitor/alerts/config.js";
import { deliverWebhooks } from "../../src/monitor/alerts/deliver.js";
import { scriptedMarket, setupMarket } from "../support/scenario.js";
import { ENGINES, freshMonitorDatabase } from "../support/engines.js";

for (const [engine, databaseUrl] of ENGINES)
  describe(`Alerts on ${engine}`, async () => {
    const { provider } = await network.create();
    const connection = await connectProvider(provider as unknown as EIP1193Provider);
    const market = await setupMarket(connection);
    const [A, B, developer] = market.wallets;
    const a = (w: typeof A) => w.account.address;
    await market.qualify([a(A), a(B)]);
    await market.mint(a(A), 1_000n);
    await market.mint(a(B), 100n);
    await market.pay(A, a(B), 600n); // large
    const pool = await market.registeredContract(developer); // new contract
    await market.pay(A, pool, 50n);
    await market.block(pool); // blocked while holding
    await market.sanction(a(B));
    await send(connection, {
      actor: market.issuer,
      ...forcedTransferCall({ token: market.token, from: a(B), to: a(A), amount: 700n, caseRef: "AML-1" }),
      what: "force",
    }); // involves a sanctioned wallet
    await market.revoke(a(A)); // A still holds 1,050: stranded
    // A qualified developer registers code governance has not vetted: it waits out its challenge window.
    await market.qualify([a(developer)]);
    const unvetted = getAddress(
      (
        await waitForSuccess(connection, {
          hash: await developer.deployContract({ abi: demoStablecoinAbi, bytecode: demoStablecoinBytecode, args: [a(developer)] }),
          what: "deploy",
        })
      ).contractAddress!,
    );
    await registerContract(connection, { deployment: market.deployment, actor: developer, target: unvetted });
    const { windowEndsAt } = await connection.publicClient.readContract({
      address: market.deployment.registries.contracts,
      abi: contractRegistryAbi,
      functionName: "registration",
      args: [unvetted],
    });

    // A webhook that fails twice, then accepts.
    const received: unknown[] = [];
    let failuresLeft = 2;
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        if (failuresLeft-- > 0) {
          res.statusCode = 500;
          res.end("busy");
          return;
        }
        received.push(JSON.parse(body));
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    after(() => server.close());
    const port = (server.address() as { port: number }).port;

    const config = alertConfigSchema.parse({
      rules: { largeTransfer: { threshold: "500" }, activitySpike: { windowBlocks: 10_000, minTransfers: 5, factor: 3 } },
      webhooks: [
        { url: `http://127.0.0.1:${port}/alerts`, minSeverity: "high" },
        { url: "http://127.0.0.1:9/dead", minSeverity: "critical", maxAttempts: 2 },
      ],
    });
    const database = await freshMonitorDatabase(databaseUrl());
    after(() => database.close());
    await runIndexer(connection, database.db, market.deployment);
    const alerts = await new AlertEngine(database.db, config).process();
    const byRule = (rule: string) => alerts.filter((x) => x.rule === rule);

    it("raises each rule once, with its severity and subject", () => {
      // Movements of 500 or more: the mint of 1,000 to A, A -> B 600 and the forced B -> A 700.
      assert.deepEqual(
        byRule("largeTransfer").map((x) => [x.subject, x.details.amount]),
        [
          [a(A), "1000"],
          [a(A), "600"],
          [a(B), "700"],
        ],
      );
      assert.equal(byRule("newContract").length, 2);
      const [vettedAlert, unvettedAlert] = byRule("newContract");
      assert.equal(vettedAlert.subject, pool);
      assert.deepEqual([vettedAlert.details.registrant, vettedAlert.details.vetted], [getAddress(a(developer)), "true"]);
      assert.match(vettedAlert.message, /vetted code, eligible at once/);
      assert.equal(unvettedAlert.subject, unvetted);
      assert.deepEqual(
        [unvettedAlert.details.registrant, unvettedAlert.details.vetted, unvettedAlert.details.windowEndsAt],
        [getAddress(a(developer)), "false", String(windowEndsAt)],
      );
      assert.match(unvettedAlert.message, new RegExp(`challenge window ends at ${new Date(windowEndsAt * 1000).toISOString()}`));
      assert.equal(byRule("blockedContractHolds").length, 1);
      assert.equal(byRule("blockedContractHolds")[0].severity, "high");
      assert.equal(byRule("sanctionedTransfer").length, 1);
      assert.equal(byRule("sanctionedTransfer")[0].severity, "critical");
      assert.equal(byRule("sanctionedTransfer")[0].subject, a(B));
      assert.equal(byRule("forcedTransfer").length, 1);
      assert.equal(byRule("forcedTransfer")[0].details.amount, "700");
      assert.equal(byRule("strandedHoldings").length, 1);
      assert.equal(byRule("strandedHoldings")[0].subject, a(A));
      assert.equal(byRule("activitySpike").length, 1, "the fifth transfer of the window crosses the threshold");
    });

    it("stores alerts once: a restarted engine raises nothing again", async () => {
      const again = await new AlertEngine(database.db, config).process();
      assert.equal(again.length, 0);
      const stored = await database.db.selectFrom("alerts").select("id").execute();
      assert.equal(stored.length, alerts.length);
    });

    it("delivers to webhooks by severity, retrying failures up to each webhook's limit", async () => {
      for (let round = 0; round < 4; round++) await deliverWebhooks(database.db, config, { timeoutMs: 1_000 });
      const highOrAbove = alerts.filter((x) => x.severity === "high" || x.severity === "critical");
      assert.equal(received.length, highOrAbove.length, "every high or critical alert arrived once");
      const live = await database.db.selectFrom("alert_deliveries").selectAll().where("url", "like", `%:${port}/%`).execute();
      assert.ok(live.every((d) => d.delivered_at !== null));
      assert.ok(
        live.some((d) => d.attempts > 1),
        "the failures were retried",
      );
      const dead = await database.db.selectFrom("alert_deliveries").selectAll().where("url", "=", "http://127.0.0.1:9/dead").execute();
      assert.equal(dead.length, 1, "only the critical alert goes to the second webhook");
      assert.equal(dead[0].attempts, 2, "given up after maxAttempts");
      assert.equal(dead[0].delivered_at, null);
      assert.ok(dead[0].last_error);
    });

    it("fills every default when the file leaves sections out", () => {
      const empty = alertConfigSchema.parse({});
      assert.equal(empty.rules.sanctionedTransfer.severity, "critical");
      assert.equal(empty.rules.activitySpike.windowBlocks, 100);
      assert.equal(empty.rules.largeTransfer.threshold, undefined);
      assert.deepEqual(empty.webhooks, []);
    });

    it("refuses a rules file with a bad value", () => {
      assert.equal(alertConfigSchema.safeParse({ rules: { forcedTransfer: { severity: "urgent" } } }).success, false);
      assert.equal(alertConfigSchema.safeParse({ rules: { largeTransfer: { threshold: "1e18" } } }).success, false);
      assert.equal(alertConfigSchema.safeParse({ webhooks: [{ url: "not a url" }] }).success, false);
    });

    it("refuses a misspelled key at any level, naming it", () => {
      const misspelt: [unknown, RegExp][] = [
        [{ rule: {} }, /"rule"/],
        [{ rules: { sanctionedTransfers: { severity: "low" } } }, /"sanctionedTransfers"/],
        [{ rules: { largeTransfer: { treshold: "5" } } }, /"treshold"/],
        [{ rules: { activitySpike: { windowBlock: 10 } } }, /"windowBlock"/],
        [{ webhooks: [{ url: "https://hooks.example/x", minSeverty: "low" }] }, /"minSeverty"/],
      ];
      for (const [config, name] of misspelt) {
        const r = alertConfigSchema.safeParse(config);
        assert.equal(r.success, false, JSON.stringify(config));
        assert.match(r.error!.issues[0].message, name);
      }
    });
  });

describe("Alerts: holdings stranded by silent expiry", async () => {
  const { provider } = await network.create();
  const connection = await connectProvider(provider as unknown as EIP1193Provider);
  const m = await scriptedMarket(connection, 2); // Alice 980, Bob 20, credentials for a year
  const database = await freshMonitorDatabase(ENGINES[0][1]());
  after(() => database.close());
  const engine = new AlertEngine(database.db, alertConfigSchema.parse({}));

  it("reports each holder once when its credentials expire while it holds tokens", async () => {
    await runIndexer(connection, database.db, m.deployment);
    assert.equal((await engine.process()).filter((a) => a.rule === "strandedHoldings").length, 0, "nothing has expired yet");
    await provider.request({ method: "evm_increaseTime", params: [366 * 86_400] });
    await provider.request({ method: "evm_mine", params: [] });
    await m.qualify([m.carol.account.address]); // any later event lets the engine see the time
    await runIndexer(connection, database.db, m.deployment);
    const stranded = (await engine.process()).filter((a) => a.rule === "strandedHoldings");
    assert.deepEqual(stranded.map((a) => a.subject).sort(), [m.alice.account.address, m.bob.account.address].sort());
    assert.match(stranded[0].message, /credentials expired at/);
    await m.qualify([m.wallets[3].account.address]);
    await runIndexer(connection, database.db, m.deployment);
    assert.equal((await engine.process()).filter((a) => a.rule === "strandedHoldings").length, 0, "reported once");
  });
});

describe("Alerts: a renewed credential's new expiry", async () => {
  const { provider } = await network.create();
  const connection = await connectProvider(provider as unknown as EIP1193Provider);
  const m = await scriptedMarket(connection, 2); // Alice 980, Bob 20, credentials for a year
  const database = await freshMonitorDatabase(ENGINES[0][1]());
  after(() => database.close());
  const engine = new AlertEngine(database.db, alertConfigSchema.parse({}));

  it("strands only the holder whose credential was not renewed", async () => {
    const now = Number((await connection.publicClient.getBlock({ blockTag: "latest" })).timestamp);
    await m.renew(m.alice.account.address, now + 3 * 365 * 86_400); // the projection finds Alice in the credential id
    await runIndexer(connection, database.db, m.deployment);
    await engine.process();
    await provider.request({ method: "evm_increaseTime", params: [366 * 86_400] });
    await provider.request({ method: "evm_mine", params: [] });
    await m.qualify([m.carol.account.address]); // any later event lets the engine see the time
    await runIndexer(connection, database.db, m.deployment);
    const stranded = (await engine.process()).filter((a) => a.rule === "strandedHoldings");
    assert.deepEqual(
      stranded.map((a) => a.subject),
      [m.bob.account.address],
    );
  });
});
