import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { clearingVector, type ClearingInput } from "../../src/stress/network/eisenberg-noe.js";
import { debtRank } from "../../src/stress/network/debtrank.js";
import { linearDebtRank } from "../../src/stress/network/debtrank-linear.js";
import type { DebtRankInput } from "../../src/stress/network/debtrank-input.js";

const RUNS = 300;

/** A random liability network: up to 12 nodes, edges between distinct nodes, amounts and assets up to 100. */
const network = fc
  .integer({ min: 2, max: 12 })
  .chain((n) =>
    fc.record({
      externalAssets: fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: n, maxLength: n }),
      edges: fc.array(
        fc
          .tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }), fc.double({ min: 0.01, max: 100, noNaN: true }))
          .filter(([a, b]) => a !== b),
        { maxLength: 4 * n },
      ),
    }),
  )
  .map(({ externalAssets, edges }) => ({
    externalAssets: Float64Array.from(externalAssets),
    from: Int32Array.from(edges, (e) => e[0]),
    to: Int32Array.from(edges, (e) => e[1]),
    amount: Float64Array.from(edges, (e) => e[2]),
  }));

const costs = fc.record({ alpha: fc.double({ min: 0, max: 1, noNaN: true }), beta: fc.double({ min: 0, max: 1, noNaN: true }) });

/** Owed and received for a payment vector, straight from the definitions (no shared code with the model). */
function flows(input: ClearingInput, p: Float64Array) {
  const n = input.externalAssets.length;
  const owed = new Float64Array(n);
  for (let k = 0; k < input.from.length; k++) owed[input.from[k]!]! += input.amount[k]!;
  const received = new Float64Array(n);
  for (let k = 0; k < input.from.length; k++) received[input.to[k]!]! += (input.amount[k]! / owed[input.from[k]!]!) * p[input.from[k]!]!;
  return { owed, received };
}

/** The clearing map Phi of Rogers & Veraart (plain Eisenberg-Noe when alpha = beta = 1). */
function phi(input: ClearingInput, p: Float64Array): Float64Array {
  const { owed, received } = flows(input, p);
  const alpha = input.alpha ?? 1;
  const beta = input.beta ?? 1;
  // Solvent when it can pay what it owes up to a relative 1e-12 (the documented rounding margin): with
  // alpha = 0 the map jumps at the boundary, and sums of floating-point receipts land on either side of it.
  return owed.map((l, i) => (input.externalAssets[i]! + received[i]! >= l - l * 1e-12 ? l : alpha * input.externalAssets[i]! + beta * received[i]!));
}

/** Picard iteration of Phi from full payment: decreases to the greatest fixed point. */
function fromTheTop(input: ClearingInput): Float64Array {
  let p: Float64Array = flows(input, new Float64Array(input.externalAssets.length)).owed;
  for (let k = 0; k < 200_000; k++) {
    const next = phi(input, p);
    let change = 0;
    for (const [i, v] of next.entries()) change = Math.max(change, Math.abs(v - p[i]!));
    p = next;
    if (change < 1e-14) break;
  }
  return p;
}

const near = (a: number, b: number, eps = 1e-7) => Math.abs(a - b) <= eps * Math.max(1, Math.abs(a), Math.abs(b));

describe("Eisenberg-Noe and Rogers-Veraart: properties on random networks", () => {
  it("the clearing vector is a fixed point and equals the iteration from the top (the greatest)", () => {
    fc.assert(
      fc.property(network, fc.option(costs, { nil: undefined }), (net, c) => {
        const input: ClearingInput = { ...net, ...c };
        const clearing = clearingVector(input);
        const again = phi(input, clearing.payments);
        for (const [i, p] of clearing.payments.entries()) assert.ok(near(p, again[i]!, 1e-6), `node ${i}: ${p} but Phi gives ${again[i]}`);
        // Every iterate from the top stays above the greatest fixed point, and approaches it (slowly where
        // defaulted nodes owe almost everything to each other, hence the looser two-sided tolerance).
        const top = fromTheTop(input);
        clearing.payments.forEach((p, i) => {
          assert.ok(p <= top[i]! + 1e-9 * Math.max(1, p), `node ${i}: ${p} is above the iteration from the top, ${top[i]}`);
          assert.ok(near(p, top[i]!, 1e-5), `node ${i}: ${p}, from the top ${top[i]}`);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("what the nodes receive in total equals what they pay in total", () => {
    fc.assert(
      fc.property(network, fc.option(costs, { nil: undefined }), (net, c) => {
        const clearing = clearingVector({ ...net, ...c });
        const paid = clearing.payments.reduce((s, x) => s + x, 0);
        const received = clearing.received.reduce((s, x) => s + x, 0);
        assert.ok(near(paid, received, 1e-9), `paid ${paid}, received ${received}`);
      }),
      { numRuns: RUNS },
    );
  });

  it("more external assets never lower a payment", () => {
    fc.assert(
      fc.property(network, fc.option(costs, { nil: undefined }), fc.nat(), fc.double({ min: 0, max: 50, noNaN: true }), (net, c, pick, extra) => {
        const before = clearingVector({ ...net, ...c });
        const richer = net.externalAssets.slice();
        richer[pick % richer.length]! += extra;
        const after = clearingVector({ ...net, externalAssets: richer, ...c });
        for (const [i, p] of before.payments.entries())
          assert.ok(after.payments[i]! >= p - 1e-7 * Math.max(1, p), `node ${i}: ${p} fell to ${after.payments[i]}`);
      }),
      { numRuns: RUNS },
    );
  });

  it("defaults grow round by round and every defaulting node pays less than it owes", () => {
    fc.assert(
      fc.property(network, fc.option(costs, { nil: undefined }), (net, c) => {
        const clearing = clearingVector({ ...net, ...c });
        const all = clearing.rounds.flat();
        assert.equal(new Set(all).size, all.length, "a node defaults once");
        for (const i of all) assert.ok(clearing.payments[i]! < clearing.owed[i]!, `node ${i} defaulted but paid in full`);
        clearing.payments.forEach((p, i) => {
          if (!clearing.defaulted[i]) assert.equal(p, clearing.owed[i]);
        });
      }),
      { numRuns: RUNS },
    );
  });
});

/** A random exposure network with a shock, and a second shock at least as large on the same nodes. */
const exposures = fc
  .integer({ min: 2, max: 12 })
  .chain((n) =>
    fc.record({
      equity: fc.array(fc.double({ min: 0.1, max: 50, noNaN: true }), { minLength: n, maxLength: n }),
      weight: fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: n, maxLength: n }),
      edges: fc.array(
        fc
          .tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }), fc.double({ min: 0.01, max: 60, noNaN: true }))
          .filter(([a, b]) => a !== b),
        { maxLength: 4 * n },
      ),
      shock: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
      more: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
    }),
  )
  .map(({ equity, weight, edges, shock, more }) => {
    const base: DebtRankInput = {
      equity: Float64Array.from(equity),
      weight: Float64Array.from(weight),
      from: Int32Array.from(edges, (e) => e[0]),
      to: Int32Array.from(edges, (e) => e[1]),
      amount: Float64Array.from(edges, (e) => e[2]),
      shock: Float64Array.from(shock),
    };
    // Larger on every node already shocked, unchanged elsewhere (the same support).
    const larger = Float64Array.from(shock, (s, i) => (s > 0 ? s + (1 - s) * more[i]! : 0));
    return { base, larger };
  });

describe("DebtRank: properties on random networks", () => {
  for (const [name, model] of [
    ["DebtRank", debtRank],
    ["linear DebtRank", linearDebtRank],
  ] as const) {
    it(`${name}: distress stays in [0, 1], never below the shock, and grows with the shock`, () => {
      fc.assert(
        fc.property(exposures, ({ base, larger }) => {
          const a = model(base);
          const b = model({ ...base, shock: larger });
          a.distress.forEach((h, i) => {
            assert.ok(h >= 0 && h <= 1, `distress ${h} out of [0, 1]`);
            assert.ok(h >= base.shock[i]! - 1e-12, "distress below the shock");
            assert.ok(b.distress[i]! >= h - 1e-9, `node ${i}: ${h} with the smaller shock, ${b.distress[i]} with the larger`);
          });
          assert.ok(a.addedLoss >= -1e-12 && a.addedLoss <= 1 + 1e-12);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it("linear DebtRank grows with the shock even where new nodes are shocked", () => {
    fc.assert(
      fc.property(exposures, fc.nat(), ({ base }, pick) => {
        const more = base.shock.slice();
        more[pick % more.length] = 1;
        const a = linearDebtRank(base);
        const b = linearDebtRank({ ...base, shock: more });
        for (const [i, h] of a.distress.entries()) assert.ok(b.distress[i]! >= h - 1e-9, `node ${i}: ${h} then ${b.distress[i]}`);
      }),
      { numRuns: RUNS },
    );
  });

  it("DebtRank is not monotone when the shock reaches a new node: that node then passes on less", () => {
    // C holds 10 on B (equity 10), B holds 10 on A (equity 10). Shock A alone: B reaches 1 one step later
    // and passes 1 to C. Shock B by 0.1 as well: B passes on 0.1 at once and is then inactive, so C ends
    // at 0.1. Linear DebtRank passes every increment on and gives C 1 in both cases.
    const input = (shockB: number): DebtRankInput => ({
      equity: Float64Array.of(10, 10, 10),
      weight: Float64Array.of(1, 1, 1),
      from: Int32Array.of(1, 2),
      to: Int32Array.of(0, 1),
      amount: Float64Array.of(10, 10),
      shock: Float64Array.of(1, shockB, 0),
    });
    assert.equal(debtRank(input(0)).distress[2], 1);
    assert.ok(Math.abs(debtRank(input(0.1)).distress[2]! - 0.1) < 1e-12);
    assert.equal(linearDebtRank(input(0)).distress[2], 1);
    assert.equal(linearDebtRank(input(0.1)).distress[2], 1);
  });
});
