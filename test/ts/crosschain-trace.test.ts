import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { assetHistory } from "../../src/analytics/asset-history.js";
import { isMovement } from "../../src/analytics/asset-types.js";
import { traceBackward, traceForward } from "../../src/tracing/trace.js";
import { HOME, L2, bridgedScenario } from "../support/bridge-history.js";

/** Traces through the bridge on hand-written histories of two chains (figures in test/support/bridge-history.ts). */
describe("tracing tainted tokens across the bridge", () => {
  const s = bridgedScenario();
  const { V, T, A, E, B, C } = s.wallets;
  const history = assetHistory([s.home, s.l2], s.links);
  const trace = traceForward(history, s.txs.theft);
  const at = (chainId: number, address: string, escrow = false) =>
    trace.nodes.find((n) => n.chainId === chainId && n.address === address && !n.escrow === !escrow);

  it("carries the taint of a bridge's burn to the mint on the other chain, and follows it there", () => {
    assert.equal(at(HOME, T)!.recoverable, 80n);
    assert.equal(at(HOME, T)!.taintedSent, 240n + 80n);
    assert.equal(at(L2, B)!.taintedReceived, 240n + 48n, "the bridged 240 and the 48 returned");
    assert.equal(at(L2, B)!.recoverable, 120n);
    assert.equal(at(L2, C)!.recoverable, 48n);
    assert.equal(at(L2, B)!.hops, 2, "the bridge transfer is one hop");
    const crossing = trace.edges.find((e) => e.bridge?.transferId === s.transfers.t1)!;
    assert.deepEqual([crossing.chainId, crossing.bridge!.fromChainId, crossing.from, crossing.to, crossing.tainted], [L2, HOME, T, B, 240n]);
  });

  it("puts the taint of an arrival the destination refused in its escrow, and on to whom the issuer releases it", () => {
    const escrowed = trace.edges.find((e) => e.bridge?.transferId === s.transfers.t2 && e.bridge.step === "escrowed")!;
    assert.deepEqual([escrowed.chainId, escrowed.to, escrowed.tainted], [HOME, s.home.bridge, 48n]);
    const released = trace.edges.find((e) => e.bridge?.transferId === s.transfers.t2 && e.bridge.step === "released")!;
    assert.deepEqual([released.from, released.to, released.tainted, released.bridge!.fromEscrow], [s.home.bridge, E, 48n, true]);
    assert.equal(escrowed.bridge!.fromEscrow, undefined, "it came from C's wallet");
    assert.equal(at(HOME, E)!.recoverable, 48n);
    assert.equal(at(HOME, s.home.bridge, true)!.recoverable, 0n, "both escrows have left");
  });

  it("sends the taint of a returned escrow back with the return transfer", () => {
    const back = trace.edges.find((e) => e.bridge?.transferId === s.transfers.r3)!;
    assert.deepEqual(
      [back.chainId, back.bridge!.fromChainId, back.from, back.bridge!.fromEscrow, back.to, back.tainted],
      [L2, HOME, s.home.bridge, true, B, 48n],
    );
  });

  it("reports what is in flight, and every tainted token is held, in flight or burnt", () => {
    assert.deepEqual(
      trace.inFlight.map((f) => [f.transferId, f.fromChainId, f.toChainId, f.to, f.tainted]),
      [[s.transfers.t4, L2, HOME, A, 24n]],
    );
    const burnt = trace.edges.filter((e) => e.to === "0x0000000000000000000000000000000000000000").reduce((n, e) => n + e.tainted, 0n);
    assert.equal(burnt, 80n);
    assert.equal(trace.recoverableTotal, 80n + 120n + 48n + 48n);
    assert.equal(trace.recoverableTotal + trace.inFlightTotal + burnt, 400n);
    assert.equal(at(HOME, V)!.hops, 0);
    assert.equal(at(HOME, A), undefined, "A's transfer has not arrived: A holds nothing tainted yet");
  });

  it("does not depend on the chains' clocks: every arrival follows its send", () => {
    const position = new Map(history.map((e, i) => [e, i]));
    for (const e of history) {
      if (!isMovement(e) || e.bridge?.step !== "received") continue;
      const send = history.find((x) =>
        isMovement(x) ? x.bridge?.step === "sent" && x.bridge.transferId === e.bridge!.transferId : x.returnId === e.bridge!.transferId,
      )!;
      assert.ok(position.get(send)! < position.get(e)!, `arrival of ${e.bridge.transferId} after its send`);
      assert.ok(send.timestamp > e.timestamp, "the L2's clock is behind: time order alone would put the arrival first");
    }
    // Ordered by time alone, the taint would arrive before it left, and T's 240 would never reach B.
    const byTime = [...history].sort((a, b) => a.timestamp - b.timestamp);
    assert.notEqual(traceForward(byTime, s.txs.theft).nodes.find((n) => n.chainId === L2 && n.address === B)?.recoverable, 120n);
  });

  it("starts on the L2 as well, and follows back home", () => {
    const fromL2 = traceForward(history, s.txs.onL2, { chainId: L2 });
    assert.deepEqual(fromL2.source, { chainId: L2, txHash: s.txs.onL2, from: B, to: C, amount: 250n });
    const node = (c: number, a: string) => fromL2.nodes.find((n) => n.chainId === c && n.address === a && !n.escrow);
    // C holds 250, all tainted: 100 cross (escrow, then E), 50 in flight, 100 stay.
    assert.equal(node(L2, C)!.recoverable, 100n);
    assert.equal(node(HOME, E)!.recoverable, 100n);
    assert.equal(fromL2.inFlightTotal, 50n);
    assert.deepEqual([node(L2, B)!.hops, node(L2, B)!.taintedReceived], [0, 0n], "B sent the tokens and received nothing tainted back");
  });

  it("starts from a bridge transfer itself: all of it is tainted, and it arrives on the other chain", () => {
    const sendTx = history.find((e) => isMovement(e) && e.bridge?.step === "sent" && e.bridge.transferId === s.transfers.t1)!.txHash;
    const fromSend = traceForward(history, sendTx);
    assert.deepEqual(fromSend.source, { chainId: HOME, txHash: sendTx, from: T, to: B, amount: 300n });
    const b = fromSend.nodes.find((n) => n.chainId === L2 && n.address === B)!;
    // 300 on arrival; B (500, 300 tainted) pays C 250 (150 tainted), bridges 100 of its 250 (60 tainted) to F,
    // refused at home and returned: B receives those 60 again.
    assert.deepEqual([b.hops, b.taintedReceived, b.recoverable], [1, 360n, 150n]);
    assert.equal(fromSend.nodes.find((n) => n.chainId === HOME && n.address === T)!.recoverable, 0n, "T's other tokens are clean");
    assert.equal(fromSend.recoverableTotal + fromSend.inFlightTotal, 300n);
  });

  it("stops at maxHops without losing taint", () => {
    const short = traceForward(history, s.txs.theft, { maxHops: 1 });
    assert.deepEqual(
      short.nodes.map((n) => [n.chainId, n.address, n.recoverable]),
      [
        [HOME, V, 0n],
        [HOME, T, 400n],
      ],
    );
  });

  it("traces sources backward across the bridge", () => {
    const back = traceBackward(history, C, { chainId: L2, maxHops: 3 });
    const hops = new Map(back.nodes.map((n) => [`${n.chainId}:${n.address}`, n.hops]));
    assert.equal(hops.get(`${L2}:${B}`), 1);
    assert.equal(hops.get(`${HOME}:${T}`), 2, "B's tokens came over the bridge from T on home");
    assert.equal(hops.get(`${HOME}:${A}`), 2);
    assert.equal(hops.get(`${HOME}:${V}`), 3);
  });
});
