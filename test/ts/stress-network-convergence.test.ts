import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { clearingVector } from "../../src/stress/network/eisenberg-noe.js";
import { linearDebtRank } from "../../src/stress/network/debtrank-linear.js";

/**
 * A ring of three nodes with no external assets, each owing 1 to the next and `leak` to a sink: all three
 * default, and the only clearing vector pays 0 around the ring (p = p / (1 + leak)^3). Payments fall by a
 * factor of (1 + leak)^-3 per sweep, so the iteration alone needs about 1/leak sweeps.
 */
function leakyRing(leak: number, extra?: { externalAssets: number; owes: number }) {
  const externalAssets = [0, 0, 0, 0];
  const from = [0, 1, 2, 0, 1, 2];
  const to = [1, 2, 0, 3, 3, 3];
  const amount = [1, 1, 1, leak, leak, leak];
  if (extra) {
    // An unrelated large node (index 4) owing `owes` to node 5.
    externalAssets.push(extra.externalAssets, 0);
    from.push(4);
    to.push(5);
    amount.push(extra.owes);
  }
  return clearingVector({
    externalAssets: Float64Array.from(externalAssets),
    from: Int32Array.from(from),
    to: Int32Array.from(to),
    amount: Float64Array.from(amount),
  });
}

describe("Eisenberg-Noe clearing where the defaulted nodes owe almost everything to each other", () => {
  it("reaches the clearing vector of a ring that leaks one millionth", () => {
    const c = leakyRing(1e-6);
    for (const i of [0, 1, 2]) assert.ok(c.payments[i]! < 1e-9, `node ${i} pays ${c.payments[i]}, the clearing vector pays 0`);
    assert.deepEqual(c.rounds, [[0, 1, 2]]);
  });

  it("is not fooled into stopping early by a large unrelated node", () => {
    const c = leakyRing(1e-6, { externalAssets: 2e9, owes: 1e9 });
    for (const i of [0, 1, 2]) assert.ok(c.payments[i]! < 1e-9, `node ${i} pays ${c.payments[i]}, the clearing vector pays 0`);
    assert.equal(c.payments[4], 1e9);
  });
});

describe("Linear DebtRank where distress goes round almost undiminished", () => {
  it("fails with a sentence instead of looping or returning an unconverged vector", () => {
    // A ring A -> B -> C -> A with Lambda = 0.99999 on each link and a tiny shock: below the cap the
    // increments shrink by 0.99999^3 per lap, far too slowly to converge within the step budget.
    const input = {
      equity: Float64Array.of(1, 1, 1),
      weight: Float64Array.of(1, 1, 1),
      from: Int32Array.of(0, 1, 2),
      to: Int32Array.of(1, 2, 0),
      amount: Float64Array.of(0.99999, 0.99999, 0.99999),
      shock: Float64Array.of(1e-9, 0, 0),
    };
    assert.throws(() => linearDebtRank(input), /linear DebtRank did not converge within 100000 steps: the exposures pass distress around almost undiminished/);
  });
});
