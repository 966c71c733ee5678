import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { assetHistory } from "../../src/analytics/asset-history.js";
import { movementsOf } from "../../src/analytics/asset-types.js";
import { supplyAcrossChains } from "../../src/analytics/asset-supply.js";
import { holdingsAcrossChains } from "../../src/analytics/asset-holders.js";
import { balancesAt } from "../../src/analytics/balances.js";
import { concentration } from "../../src/analytics/concentration.js";
import { netFlowsByCategory } from "../../src/analytics/flows.js";
import { supplyOverTime } from "../../src/analytics/series.js";
import { traceForward } from "../../src/tracing/trace.js";
import { ChainHistory, HOME, L2, addr, bridgedScenario, id, linksOf } from "../support/bridge-history.js";

/** Analytics of one asset on two chains, on the hand-written history of test/support/bridge-history.ts. */
describe("analytics of an asset across the bridge", () => {
  const s = bridgedScenario();
  const { T, A, E, B, C } = s.wallets;
  const history = assetHistory([s.home, s.l2], s.links);
  const movements = movementsOf(history);
  const tokens = [
    { chainId: HOME, token: s.home.token },
    { chainId: L2, token: s.l2.token },
  ];
  const noLabels = { defi: new Set<`0x${string}`>(), known: new Map() };

  it("adds each chain's supply, what is in flight and what is in escrow up to the home supply before bridging", () => {
    const firstSend = history.findIndex((e) => e.txHash === s.txs.bridgingStarts);
    const before = supplyAcrossChains(history.slice(0, firstSend), tokens);
    assert.deepEqual([before.chains[0].supply, before.chains[1].supply, before.total], [1610n, 0n, 1610n]);
    // Every prefix in causal order keeps the total, up to T's redemption (a real burn) at the very end.
    for (let i = firstSend; i < history.length; i++) assert.equal(supplyAcrossChains(history.slice(0, i), tokens).total, 1610n, `after ${i} events`);
    const now = supplyAcrossChains(history, tokens);
    assert.deepEqual(
      now.chains.map((c) => [c.chainId, c.supply, c.escrowed, c.inFlightIn]),
      [
        [HOME, 1610n - 200n - 300n + 100n - 100n, 0n, 50n],
        [L2, 200n + 300n - 100n - 100n + 100n - 50n, 0n, 0n],
      ],
    );
    assert.deepEqual([now.inFlight, now.escrowed, now.total], [50n, 0n, 1510n]);
  });

  it("counts an arrival refused by the destination as escrowed until it is released or returned", () => {
    const escrowedT3 = history.findIndex((e) => e.kind === "escrowed" && e.transferId === s.transfers.t3);
    const mid = supplyAcrossChains(history.slice(0, escrowedT3 + 1), tokens);
    assert.deepEqual([mid.chains[0].escrowed, mid.escrowed, mid.total], [100n, 100n, 1610n]);
    const returned = history.findIndex((e) => e.kind === "returned");
    const back = supplyAcrossChains(history.slice(0, returned + 1), tokens);
    assert.deepEqual([back.escrowed, back.chains[1].inFlightIn, back.total], [0n, 100n, 1610n]);
  });

  it("sums a holder's balances on both chains, and keeps them per chain", () => {
    const holdings = new Map(holdingsAcrossChains(movements).map((h) => [h.holder, h]));
    assert.deepEqual(holdings.get(B), { holder: B, balance: 10n + 250n, byChain: { [HOME]: 10n, [L2]: 250n } });
    assert.deepEqual(holdings.get(C)!.byChain, { [L2]: 100n });
    assert.deepEqual(holdings.get(A)!.byChain, { [HOME]: 300n }, "A's 50 are still in flight");
    assert.equal(holdings.get(E)!.balance, 100n);
    const c = concentration(balancesAt(movements));
    assert.equal(c.supply, 1510n - 50n, "held balances: the supply less what is in flight");
    assert.equal(c.holders, new Set([s.wallets.V, T, A, B, C, E]).size);
  });

  it("shows bridging as the bridge category, not as mints and burns", () => {
    const flows = Object.fromEntries(netFlowsByCategory(movements, noLabels).map((f) => [f.category, f]));
    assert.deepEqual([flows.bridge.inflow, flows.bridge.outflow, flows.bridge.net], [200n + 300n + 100n + 100n + 50n, 200n + 300n + 100n + 100n, 50n]);
    assert.deepEqual([flows["mint/burn"].inflow, flows["mint/burn"].outflow], [100n, 1610n], "only the issuance and T's redemption");
    assert.equal(
      Object.values(flows).reduce((n, f) => n + f.net, 0n),
      0n,
    );
  });

  it("draws the supply over time of the asset, not of one chain's token", () => {
    assert.equal(supplyOverTime(movements).at(-1)!.supply, 1510n);
  });

  it("answers for a token that was never bridged as it did on one chain", () => {
    const lone = bridgedScenario().home;
    lone.movements = lone.movements.filter((m) => m.from !== s.wallets.A && m.to !== s.wallets.A);
    const single = assetHistory([{ movements: lone.movements, bridgeEvents: [] }], []);
    assert.deepEqual(movementsOf(single), lone.movements);
    assert.equal(
      movementsOf(single).some((m) => m.bridge),
      false,
    );
  });

  it("keeps up with a long history: 10,000 round trips over the bridge", () => {
    const home = new ChainHistory(HOME, addr(0x70), addr(0x7b));
    const l2 = new ChainHistory(L2, addr(0x80), addr(0x8b));
    const [V, T] = [addr(0xa1), addr(0xa2)];
    home.mint(V, 1_000_000n, 1);
    const theft = home.pay(V, T, 1000n, 2);
    for (let i = 0; i < 10_000; i++) {
      home.send(id(2 * i + 1), T, T, 10n, 10 + i);
      l2.receive(id(2 * i + 1), T, T, 10n, i); // the L2's clock far behind
      l2.send(id(2 * i + 2), T, T, 10n, i);
      home.receive(id(2 * i + 2), T, T, 10n, 10 + i);
    }
    const started = performance.now();
    const long = assetHistory([home, l2], linksOf(home, l2));
    const trace = traceForward(long, theft);
    const supply = supplyAcrossChains(long, [
      { chainId: HOME, token: home.token },
      { chainId: L2, token: l2.token },
    ]);
    const ms = performance.now() - started;
    assert.equal(long.length, 2 + 40_000);
    assert.deepEqual([trace.recoverableTotal, trace.inFlightTotal, supply.total], [1000n, 0n, 1_000_000n]);
    assert.ok(ms < 5_000, `${ms.toFixed(0)} ms`);
  });
});
