import { after, describe, it } from "node:test";
import { spawnSync } from "node:child_process";
import assert from "node:assert/strict";
import { getAddress, zeroAddress, type Address, type Hash, type Hex } from "viem";
import { twoChains, L2_CHAIN_ID } from "../support/two-chains.js";
import { CLASS_PROFESSIONAL } from "../support/fixture.js";
import { openDatabase } from "../../src/storage/database.js";
import type { MonitorSchema } from "../../src/monitor/schema.js";
import { runCrossChainMonitor } from "../../src/monitor/crosschain-pipeline.js";
import { loadAsset } from "../../src/analytics/asset-load.js";
import { isMovement, movementsOf } from "../../src/analytics/asset-types.js";
import { sentTransfer } from "../../src/analytics/causal-order.js";
import { supplyAcrossChains } from "../../src/analytics/asset-supply.js";
import { holdingsAcrossChains } from "../../src/analytics/asset-holders.js";
import { traceForward } from "../../src/tracing/trace.js";
import { crossChainSupply, traceBridgeTransfer } from "../../src/crosschain/bridge-trace.js";
import type { CrossChainClient } from "../../src/crosschain/bridge-client.js";
import type { CrossChainDeployment } from "../../src/crosschain/deployment-file.js";
import { MONITOR_ROLE, createApi } from "../../src/api/server.js";
import { createKey, migrateApiKeys, type ApiKeySchema } from "../../src/auth/api-keys.js";
import { traceReport } from "../../src/cli/trace-report.js";
import { report } from "../../src/cli/analytics-report.js";
import type { Kysely } from "kysely";
import { join } from "node:path";
import { ENGINES, freshDatabaseUrl } from "../support/engines.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "qualified.js");

/**
 * Real bridging between two EDR chains, indexed by the monitor (both chains into one database), then the asset's
 * analytics and a trace read from the database, checked against what the chains say directly and against the
 * proportional taint worked out by hand:
 *   theft A -> B 400 on home (B holds 1,000 clean): B holds 400 tainted of 1,400.
 *   B bridges 700 to itself on the L2: 700 * 400/1,400 = 200 tainted cross; B keeps 200 of 700 at home.
 *   On the L2, B pays A 350: 350 * 200/700 = 100; B keeps 100 of 350.
 *   B bridges 140 home to A: 140 * 100/350 = 40 arrive with A at home; B keeps 60 of 210 on the L2.
 *   At home B bridges 100 to A, whose credential is revoked in flight: 100 * 200/700 = 28 land in the L2 escrow;
 *   the issuer releases it to B on the L2, which then holds 88 of 310. B keeps 172 of 600 at home.
 *   B bridges 50 to itself, not relayed: 50 * 172/600 = 14 in flight; B keeps 158 at home.
 * Held: A 40 (home), B 158 (home), A 100 (L2), B 88 (L2); 14 in flight: 400 in all.
 */
describe("the monitor follows the bond across the bridge", async () => {
  const chains = await twoChains();
  const { home } = chains;
  const { alice, bob, qualifierA, issuer } = home.actors;
  const A = getAddress(alice.account.address);
  const token = (c: { address: Address }) => getAddress(c.address);
  const B = getAddress(bob.account.address);
  const x = await chains.deployCrossChain();
  const homeChainId = await home.publicClient.getChainId();
  const receipt = (hash: Hash, on: "home" | "l2") => (on === "home" ? home.publicClient : chains.l2Public).waitForTransactionReceipt({ hash });
  const sentId = async (hash: Hash, on: "home" | "l2") => {
    const r = await receipt(hash, on);
    const bridge = on === "home" ? x.homeBridge : x.l2Bridge;
    const [event] = await bridge.getEvents.BridgeSent({}, { blockHash: r.blockHash });
    return event.args.transferId as Hex;
  };
  const supplyBefore = await x.token.read.totalSupply();
  const bobBefore = await x.token.read.balanceOf([B]);

  const theft = await x.token.write.transfer([B, 400n], { account: alice.account });
  const firstSend = await x.homeBridge.write.send([B, 700n], { account: bob.account, value: x.bridgeFee });
  await x.relayTo(x.toL2, x.bridges.messengers.remote);
  const onL2 = await x.l2Token.write.transfer([A, 350n], { account: bob.account });
  await x.l2Bridge.write.send([A, 140n], { account: bob.account, value: x.bridgeFee });
  await x.relayTo(x.toHome, x.bridges.messengers.home);
  const escrowedId = await sentId(await x.homeBridge.write.send([A, 100n], { account: bob.account, value: x.bridgeFee }), "home");
  const credential = await x.credentials.read.credentialId([A, 1, CLASS_PROFESSIONAL]);
  await x.credentials.write.revoke([credential, "no longer eligible"], { account: qualifierA.account });
  await x.sync(A);
  await x.relayTo(x.toL2, x.mirroring.messengers.remote); // the revocation overtakes the bridge packet
  await x.relayTo(x.toL2, x.bridges.messengers.remote);
  await x.l2Bridge.write.release([escrowedId, B], { account: issuer.account });
  const inFlightId = await sentId(await x.homeBridge.write.send([B, 50n], { account: bob.account, value: x.bridgeFee }), "home");

  const deployment = {
    home: { chainId: homeChainId, token: x.token.address, bridge: x.bridges.home, credentials: x.credentials.address, mirrorSender: x.mirroring.sender },
    l2: { chainId: L2_CHAIN_ID, token: x.l2Token.address, bridge: x.bridges.remote, mirror: x.mirroring.mirror },
  } as CrossChainDeployment;
  const client: CrossChainClient = { deployment, home: chains.homeConnection, l2: chains.l2Connection };
  for (const [engine, url] of ENGINES) {
    describe(`on ${engine}`, async () => {
      const file = await freshDatabaseUrl(url());
      // The monitor over both chains, as `qualified monitor --crosschain` runs it: each chain indexed, the links recorded.
      const monitorLines: string[] = [];
      await runCrossChainMonitor({
        file: deployment,
        home: chains.homeConnection,
        l2: chains.l2Connection,
        db: file,
        fromBlock: 0,
        batchSize: 1_000,
        follow: false,
        log: (line) => monitorLines.push(line),
      });
      const database = openDatabase<MonitorSchema>(file);
      const db = database.db;
      const asset = (await loadAsset(db, x.token.address))!;
      const at = (chainId: number, address: Address) => ({ chainId, address });

      it("joins the home token and the L2 token into one asset through the bridge links", () => {
        assert.equal(bobBefore, 1000n, "the scenario's hand computation starts from B's 1,000");
        assert.deepEqual(asset.asset, { chainId: homeChainId, token: token(x.token) });
        assert.deepEqual(
          asset.tokens.map((t) => [t.chainId, t.token]),
          [
            [homeChainId, token(x.token)],
            [L2_CHAIN_ID, token(x.l2Token)],
          ],
        );
        // Every burn and mint of the bridges is a labelled leg; the issuance is not.
        const legs = movementsOf(asset.history).filter((m) => m.bridge);
        assert.deepEqual(legs.map((m) => `${m.chainId}:${m.bridge!.step}`).sort(), [
          `${homeChainId}:received`,
          `${homeChainId}:sent`,
          `${homeChainId}:sent`,
          `${homeChainId}:sent`,
          `${L2_CHAIN_ID}:received`,
          `${L2_CHAIN_ID}:released`,
          `${L2_CHAIN_ID}:sent`,
        ]);
      });

      it("adds up the supply across chains to what the chains say, and to the home supply before bridging", async () => {
        const onChain = await crossChainSupply(client);
        const fromDb = supplyAcrossChains(asset.history, asset.tokens);
        const [h, l] = fromDb.chains;
        assert.deepEqual(
          [h.supply, l.supply, h.escrowed, l.escrowed, l.inFlightIn, h.inFlightIn, fromDb.total],
          [onChain.home, onChain.l2, onChain.escrowedHome, onChain.escrowedL2, onChain.inFlightToL2, onChain.inFlightToHome, onChain.total],
        );
        assert.deepEqual([l.inFlightIn, fromDb.total], [50n, supplyBefore]);
        const beforeBridging = asset.history.findIndex((e) => e.txHash === firstSend);
        assert.equal(supplyAcrossChains(asset.history.slice(0, beforeBridging), asset.tokens).total, supplyBefore);
        // Mid-way, the escrowed transfer counts as escrowed on the L2, as the bridge's totalEscrowed said then.
        const escrowedAt = asset.history.findIndex((e) => !isMovement(e) && e.kind === "escrowed");
        const mid = supplyAcrossChains(asset.history.slice(0, escrowedAt + 1), asset.tokens);
        assert.deepEqual([mid.chains[1].escrowed, mid.total], [100n, supplyBefore]);
      });

      it("tells each bridge transfer's steps as traceBridgeTransfer reads them from both chains", async () => {
        const ids = asset.history.map(sentTransfer).filter((t): t is Hex => t !== undefined);
        assert.equal(ids.length, 4);
        for (const transferId of ids) {
          const direct = (await traceBridgeTransfer(client, { transferId })).filter((s) => s.txHash);
          const fromDb = asset.history.filter((e) =>
            isMovement(e) ? e.bridge?.transferId === transferId : e.transferId === transferId || e.returnId === transferId,
          );
          assert.deepEqual(
            fromDb.map((e) => [e.chainId, e.txHash, e.amount]),
            direct.map((s) => [s.chainId, s.txHash, s.amount]),
            `transfer ${transferId}`,
          );
        }
        const inFlight = await traceBridgeTransfer(client, { transferId: inFlightId });
        assert.equal(inFlight.at(-1)!.step, "in flight");
      });

      it("builds the stress exposure network over the asset: one token node, holdings on both chains, nothing in flight", async () => {
        const { exposureNetworkFromMonitor } = await import("../../src/stress/network/from-monitor.js");
        const network = await exposureNetworkFromMonitor(db, { decimals: 0 });
        const tokens = network.nodes.filter((n) => n.kind === "token");
        assert.deepEqual(
          tokens.map((t) => t.id),
          [`token:${asset.asset.token}`],
          "the home token and the L2 token are one exposure",
        );
        const supply = supplyAcrossChains(asset.history, asset.tokens);
        const held = supply.chains.reduce((sum, c) => sum + c.supply, 0n);
        assert.equal(tokens[0].value, Number(held), "what holders hold on both chains, without escrow or in flight");
      });

      it("sums a holder's balances on both chains, as balanceOf reads them", async () => {
        const holdings = new Map(holdingsAcrossChains(movementsOf(asset.history)).map((h) => [h.holder, h]));
        for (const w of [A, B]) {
          const onHome = await x.token.read.balanceOf([w]);
          const onL2 = await x.l2Token.read.balanceOf([w]);
          assert.deepEqual(holdings.get(w)!.byChain, { [homeChainId]: onHome, [L2_CHAIN_ID]: onL2 });
          assert.equal(holdings.get(w)!.balance, onHome + onL2);
        }
      });

      it("follows the theft across the bridge with the taint worked out by hand, per chain", () => {
        const trace = traceForward(asset.history, theft);
        const node = (w: { chainId: number; address: Address }) => trace.nodes.find((n) => n.chainId === w.chainId && n.address === w.address && !n.escrow);
        assert.equal(node(at(homeChainId, A))!.recoverable, 40n);
        assert.equal(node(at(homeChainId, B))!.recoverable, 158n);
        assert.equal(node(at(L2_CHAIN_ID, A))!.recoverable, 100n);
        assert.equal(node(at(L2_CHAIN_ID, B))!.recoverable, 88n);
        assert.deepEqual(
          trace.inFlight.map((f) => [f.transferId, f.tainted]),
          [[inFlightId, 14n]],
        );
        assert.equal(trace.recoverableTotal + trace.inFlightTotal, 400n);
        const escrow = trace.nodes.find((n) => n.escrow)!;
        assert.deepEqual([escrow.chainId, escrow.address, escrow.taintedReceived, escrow.recoverable], [L2_CHAIN_ID, x.bridges.remote, 28n, 0n]);
        assert.ok(
          trace.edges.every((e) => e.to !== zeroAddress),
          "nothing tainted was destroyed",
        );
      });

      it("starts a trace on the L2, where the transfer happened", () => {
        // B (700 on the L2) pays A 350, all of it tainted; B's own 350 are clean. Nothing of A's L2 tokens moves again.
        const trace = traceForward(asset.history, onL2, { chainId: L2_CHAIN_ID });
        assert.deepEqual(trace.source, { chainId: L2_CHAIN_ID, txHash: onL2, from: B, to: A, amount: 350n });
        const held = trace.nodes.filter((n) => n.recoverable > 0n).map((n) => [n.chainId, n.address, n.recoverable]);
        assert.deepEqual(held, [[L2_CHAIN_ID, A, 350n]]);
      });

      it("serves the asset's analytics and trace over the API, with the chain on each row", async () => {
        const keyDb = db as unknown as Kysely<ApiKeySchema>;
        await migrateApiKeys(keyDb);
        const { key } = await createKey(keyDb, { role: MONITOR_ROLE, label: "analyst", prefix: "mk" });
        const api = createApi(db);
        const get = async (path: string): Promise<{ status: number; body: any }> => {
          const r = await api.request(path, { headers: { authorization: `Bearer ${key}` } });
          return { status: r.status, body: await r.json() };
        };
        const analytics = await get(`/tokens/${x.token.address}/analytics`);
        assert.equal(analytics.status, 200);
        assert.equal(analytics.body.supplyAcrossChains.total, String(supplyBefore));
        assert.deepEqual(
          analytics.body.chains.map((c: { chainId: number }) => c.chainId),
          [homeChainId, L2_CHAIN_ID],
        );
        assert.equal(
          analytics.body.balancesByChain.find((b: { chainId: number; holder: string }) => b.chainId === L2_CHAIN_ID && b.holder === A).balance,
          "350",
        );
        assert.equal(analytics.body.flows.find((f: { category: string }) => f.category === "bridge").net, "50", "what is in flight");
        // The L2 token (here at the same address as the home token, on its own chain) names the same asset.
        assert.equal((await get(`/tokens/${x.l2Token.address}/analytics?chain=${L2_CHAIN_ID}`)).body.supplyAcrossChains.total, String(supplyBefore));
        const market = await get("/analytics");
        assert.equal(market.body.tokens.length, 1, "one asset, not two tokens");

        const trace = await get(`/tokens/${x.token.address}/trace?tx=${theft}&chain=${homeChainId}`);
        assert.equal(trace.status, 200);
        assert.equal(trace.body.nodes.find((n: { chainId: number; address: string }) => n.chainId === L2_CHAIN_ID && n.address === A).recoverable, "100");
        assert.equal(trace.body.inFlightTotal, "14");
        assert.equal((await get(`/tokens/${x.token.address}/trace?tx=${theft}&chain=${L2_CHAIN_ID}`)).status, 404, "the theft is not on the L2");
        const badChain = await get(`/tokens/${x.token.address}/analytics?chain=L2`);
        assert.deepEqual([badChain.status, badChain.body.error], [400, "chain: a chain id: a whole number such as 31337"]);
        const noChain = await get(`/tokens/${x.token.address}/sources?address=${A}&chain=5`);
        assert.deepEqual(
          [noChain.status, noChain.body.error],
          [404, `${token(x.token)} has no token on chain 5: its chains are ${homeChainId}, ${L2_CHAIN_ID}`],
        );
        const sources = await get(`/tokens/${x.token.address}/sources?address=${A}&chain=${L2_CHAIN_ID}&hops=2`);
        assert.deepEqual(
          sources.body.nodes.map((n: { chainId: number; address: string; hops: number }) => [n.chainId, n.address, n.hops]),
          [
            [L2_CHAIN_ID, B, 1],
            [homeChainId, B, 2],
          ],
        );
      });

      it("prints the trace and the analytics per chain from the command line's reports", async () => {
        const text = await traceReport({ database: file, token: x.l2Token.address, tx: theft, hops: 10 });
        assert.match(text, new RegExp(`across chains: ${token(x.token)} on chain ${homeChainId}, ${token(x.l2Token)} on chain ${L2_CHAIN_ID}`));
        assert.match(text, new RegExp(`${L2_CHAIN_ID}\\s+${A}\\s+100 `));
        assert.match(text, /in flight: 14 tainted of 50/);
        assert.match(text, /recoverable in total: 386; in flight: 14/);
        const analytics = await report({ database: file, token: x.token.address, from: 0, to: Number.POSITIVE_INFINITY, format: "table" });
        const onChain = await crossChainSupply(client);
        assert.match(
          analytics,
          new RegExp(
            `across chains: chain ${homeChainId} supply ${onChain.home} .*chain ${L2_CHAIN_ID} supply ${onChain.l2} .*in flight 50, escrowed 0; total ${supplyBefore}`,
          ),
        );
        assert.match(analytics, new RegExp(`${B}  \\d+  \\(chain ${homeChainId}: \\d+, chain ${L2_CHAIN_ID}: \\d+\\)`));
      });

      it("takes --chain on the command line (built CLI)", () => {
        const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args, "--db", file], { encoding: "utf8", timeout: 120_000 });
        const onL2 = cli("analytics", x.l2Token.address, "--chain", String(L2_CHAIN_ID), "--format", "json");
        assert.equal(onL2.status, 0, onL2.stderr);
        assert.equal(JSON.parse(onL2.stdout).supplyAcrossChains.total, String(supplyBefore));
        const wrongChain = cli("trace", "--token", x.token.address, "--tx", theft, "--chain", String(L2_CHAIN_ID));
        assert.notEqual(wrongChain.status, 0);
        assert.match(wrongChain.stderr, new RegExp(`no transfer of this token in transaction ${theft}`));
        const badChain = cli("trace", "--token", x.token.address, "--tx", theft, "--chain", "L2");
        assert.notEqual(badChain.status, 0);
        assert.match(badChain.stderr, /chain "L2" must be a whole number/);
      });

      after(() => database.close());
    });
  }
});
