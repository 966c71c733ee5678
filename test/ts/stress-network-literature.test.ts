import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { debtRankFileSchema, eisenbergNoeFileSchema } from "../../src/stress/network/schema.js";
import { debtRankResult, eisenbergNoeResult } from "../../src/stress/network/result.js";

const close = (actual: number, expected: number, what: string, eps = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= eps, `${what}: ${actual} is not ${expected}`);

function en(nodes: [string, number][], liabilities: [string, string, number][], defaultCosts?: { alpha: number; beta: number }) {
  return eisenbergNoeResult(
    eisenbergNoeFileSchema.parse({
      model: "eisenberg-noe",
      nodes: nodes.map(([id, externalAssets]) => ({ id, externalAssets })),
      liabilities: liabilities.map(([from, to, amount]) => ({ from, to, amount })),
      ...(defaultCosts ? { defaultCosts } : {}),
    }),
  );
}

describe("Eisenberg-Noe and Rogers-Veraart: worked examples from the literature", () => {
  it("Rogers & Veraart (2013), Example 3.3: two banks, alpha = beta = 1/2, both pay in full", () => {
    // Nominal liabilities L12 = 2, L21 = 2.2, external assets 1 each (as encoded in the reference tests of
    // github.com/ninagad/Greatest-Clearing-Vector-Algorithm, test/correctnessTests.py): greatest clearing
    // vector (2, 2.2); with L12 = 2.2 as well, (2.2, 2.2).
    const a = en(
      [
        ["1", 1],
        ["2", 1],
      ],
      [
        ["1", "2", 2],
        ["2", "1", 2.2],
      ],
      { alpha: 0.5, beta: 0.5 },
    );
    assert.deepEqual(a.payments, { "1": 2, "2": 2.2 });
    assert.deepEqual(a.defaults, []);
    const b = en(
      [
        ["1", 1],
        ["2", 1],
      ],
      [
        ["1", "2", 2.2],
        ["2", "1", 2.2],
      ],
      { alpha: 0.5, beta: 0.5 },
    );
    assert.deepEqual(b.payments, { "1": 2.2, "2": 2.2 });
  });

  // Rogers & Veraart (2013), section 5.1: a ring of six banks, bank i owes a = 2 (odd i) or a + eps = 3
  // (even i) to bank i + 1; external assets gamma(1 - eps) = 0 (odd) and gamma(1 + eps) = 0.8 (even), with
  // gamma = 0.4, eps = 1, alpha = beta = 1/2. The paper's closed form for the greatest clearing vector when
  // every bank fails: odd banks alpha gamma / (1 - beta^2) ((1 - eps) + beta (1 + eps)) = 4/15, even banks
  // alpha gamma / (1 - beta^2) (beta (1 - eps) + (1 + eps)) = 8/15; the even banks fail first, the odd next.
  const ring: [string, string, number][] = [
    ["1", "2", 2],
    ["2", "3", 3],
    ["3", "4", 2],
    ["4", "5", 3],
    ["5", "6", 2],
    ["6", "1", 3],
  ];
  const ringAssets: [string, number][] = [
    ["1", 0],
    ["2", 0.8],
    ["3", 0],
    ["4", 0.8],
    ["5", 0],
    ["6", 0.8],
  ];

  it("Rogers & Veraart (2013), section 5.1: the ring with default costs collapses in two rounds", () => {
    const r = en(ringAssets, ring, { alpha: 0.5, beta: 0.5 });
    for (const odd of ["1", "3", "5"]) close(r.payments![odd]!, 4 / 15, `bank ${odd}`);
    for (const even of ["2", "4", "6"]) close(r.payments![even]!, 8 / 15, `bank ${even}`);
    assert.deepEqual(r.rounds, [
      ["2", "4", "6"],
      ["1", "3", "5"],
    ]);
    close(r.shortfall, 3 * (2 - 4 / 15) + 3 * (3 - 8 / 15), "shortfall", 1e-9);
  });

  it("the same ring without default costs (plain Eisenberg-Noe) stops after the even banks", () => {
    // By hand: bank 2 has 0.8 + 2 = 2.8 < 3 and pays 2.8; bank 1 then receives 2.8 >= 2 and stays solvent.
    const r = en(ringAssets, ring);
    assert.deepEqual(r.payments, { "1": 2, "2": 2.8, "3": 2, "4": 2.8, "5": 2, "6": 2.8 });
    assert.deepEqual(r.rounds, [["2", "4", "6"]]);
    close(r.shortfall, 0.6, "shortfall");
    assert.deepEqual(r.equity, { "1": 0.8, "2": 0, "3": 0.8, "4": 0, "5": 0.8, "6": 0 });
  });

  it("defaults in two rounds on a three-bank chain with default costs (reference implementation's random case)", () => {
    // github.com/ninagad/Greatest-Clearing-Vector-Algorithm, test/correctnessTests.py, test_random_network:
    // bank 0 owes 0.60141038 to bank 2, bank 2 owes 0.61136804 to bank 1, alpha = beta = 1/2; bank 0 fails
    // first, bank 2 second. Payments by hand: bank 0 pays alpha e0; bank 2 pays alpha e2 + beta alpha e0.
    const e = [0.47727664, 0.63927659, 0.32352602];
    const r = en(
      [
        ["0", e[0]!],
        ["1", e[1]!],
        ["2", e[2]!],
      ],
      [
        ["0", "2", 0.60141038],
        ["2", "1", 0.61136804],
      ],
      { alpha: 0.5, beta: 0.5 },
    );
    assert.deepEqual(r.rounds, [["0"], ["2"]]);
    close(r.payments!["0"]!, e[0]! / 2, "bank 0");
    close(r.payments!["1"]!, 0, "bank 1");
    close(r.payments!["2"]!, e[2]! / 2 + e[0]! / 4, "bank 2");
  });

  it("returns the greatest clearing vector where the system is not regular (Eisenberg & Noe 2001, Theorem 2)", () => {
    // Two firms owe each other 1 and have no operating cash flow: every p1 = p2 in [0, 1] clears the system
    // (uniqueness needs regularity). Zero is a clearing vector; the greatest, full payment, is the answer.
    const r = en(
      [
        ["A", 0],
        ["B", 0],
      ],
      [
        ["A", "B", 1],
        ["B", "A", 1],
      ],
    );
    assert.deepEqual(r.payments, { A: 1, B: 1 });
    assert.deepEqual(r.defaults, []);
    assert.equal(r.shortfall, 0);
  });

  it("matches the issue's file form and adds the liabilities of parallel edges", () => {
    const r = en(
      [
        ["A", 5],
        ["B", 4],
        ["C", 0],
      ],
      [
        ["A", "B", 2],
        ["C", "A", 1],
        ["C", "A", 2],
      ],
    );
    assert.deepEqual(r.payments, { A: 2, B: 0, C: 0 });
    assert.deepEqual(r.rounds, [["C"]]);
    assert.equal(r.shortfall, 3);
    assert.deepEqual(r.equity, { A: 3, B: 6, C: 0 });
  });
});

function dr(linear: boolean, shock: Record<string, number>) {
  // NetworkRiskMeasures (github.com/carloscinelli/NetworkRiskMeasures, README "Example usage"): assets
  // matrix a->b 1; b->a 10, b->c 3; c->a 3, c->b 2 (row holds an asset on column); capital buffers
  // a 2, b 5, c 2; sizes a 10, b 100, c 30.
  return debtRankResult(
    debtRankFileSchema.parse({
      model: "debtrank",
      linear,
      nodes: [
        { id: "a", equity: 2, weight: 10 },
        { id: "b", equity: 5, weight: 100 },
        { id: "c", equity: 2, weight: 30 },
      ],
      exposures: [
        { from: "a", to: "b", amount: 1 },
        { from: "b", to: "a", amount: 10 },
        { from: "b", to: "c", amount: 3 },
        { from: "c", to: "a", amount: 3 },
        { from: "c", to: "b", amount: 2 },
      ],
      shock,
    }),
  );
}

describe("DebtRank: worked examples from the literature and its reference implementation", () => {
  it("reproduces NetworkRiskMeasures' 10% shock: final stress 0.15, 0.26, 0.30 and 16.07% added stress", () => {
    const r = dr(false, { a: 0.1, b: 0.1, c: 0.1 });
    close(r.distress!.a!, 0.15, "a");
    close(r.distress!.b!, 0.26, "b");
    close(r.distress!.c!, 0.3, "c");
    close(r.systemicLoss!, 22.5 / 140, "R");
    assert.equal(r.systemicLoss!.toFixed(4), "0.1607");
    assert.deepEqual(r.defaults, []);
  });

  it("reproduces NetworkRiskMeasures' DebtRank of each node: a 0.9285714, c 0.6642857, b 0.25", () => {
    const r = dr(false, { a: 1 });
    assert.deepEqual(
      r.ranking.map((x) => x.id),
      ["a", "c", "b"],
    );
    close(r.ranking[0]!.score, 0.9285714, "a", 1e-7);
    close(r.ranking[1]!.score, 0.6642857, "c", 1e-7);
    close(r.ranking[2]!.score, 0.25, "b", 1e-9);
    // "Number of additional defaults": 2 when a defaults (b and c follow, in the first step).
    assert.deepEqual(r.rounds, [["a"], ["b", "c"]]);
    close(r.systemicLoss!, 0.9285714, "R", 1e-7);
    // b alone: one additional default (c); final stress a 0.5.
    const b = dr(false, { b: 1 });
    assert.deepEqual(b.defaults, ["b", "c"]);
    close(b.distress!.a!, 0.5, "a after b");
  });

  it("linear DebtRank passes on every increment: it reaches (I - Lambda)^-1 shock below the cap (Bardoscia et al. 2015)", () => {
    // A and B each hold 5 on the other with equity 10: Lambda = [[0, 0.5], [0.5, 0]]. Shock A by 0.2:
    // linear DebtRank h = (I - Lambda)^-1 (0.2, 0) = (0.2 / 0.75, 0.1 / 0.75); DebtRank, where each node
    // passes on its distress once, stops at (0.25, 0.1).
    const file = (linear: boolean) =>
      debtRankResult(
        debtRankFileSchema.parse({
          model: "debtrank",
          linear,
          nodes: [
            { id: "A", equity: 10, weight: 1 },
            { id: "B", equity: 10, weight: 1 },
          ],
          exposures: [
            { from: "A", to: "B", amount: 5 },
            { from: "B", to: "A", amount: 5 },
          ],
          shock: { A: 0.2 },
        }),
      );
    const linear = file(true);
    close(linear.distress!.A!, 0.2 / 0.75, "A linear", 1e-12);
    close(linear.distress!.B!, 0.1 / 0.75, "B linear", 1e-12);
    assert.equal(linear.model, "debtrank-linear");
    const once = file(false);
    close(once.distress!.A!, 0.25, "A once");
    close(once.distress!.B!, 0.1, "B once");
  });

  it("linear DebtRank on the NetworkRiskMeasures network: the first steps by hand, then b and c default", () => {
    // Lambda (holder row, obligor column): a [0, 1/2, 0]; b [2, 0, 3/5]; c [3/2, 1, 0]. From 0.1 each:
    // step 2: a 0.15, b 0.36, c 0.35; step 3: a 0.28, b 0.61, c 0.685; b and c feed each other and reach 1.
    // a is exposed to b only: it ends at 0.1 + 1/2 x (b's whole distress, 1) = 0.6.
    // R = (10 x 0.5 + 100 x 0.9 + 30 x 0.9) / 140 = 122 / 140.
    const r = dr(true, { a: 0.1, b: 0.1, c: 0.1 });
    assert.deepEqual(r.distress, { a: 0.6, b: 1, c: 1 });
    assert.deepEqual([...r.defaults].sort(), ["b", "c"]);
    close(r.systemicLoss!, 122 / 140, "R");
  });
});

describe("Node ids are data, whatever they say", () => {
  it("keeps nodes called constructor or toString in every output", () => {
    const r = en(
      [
        ["toString", 0],
        ["constructor", 5],
      ],
      [["toString", "constructor", 2]],
    );
    assert.deepEqual(Object.keys(r.payments!), ["toString", "constructor"]);
    assert.equal(r.payments!.toString, 0);
    assert.deepEqual(r.equity, { toString: 0, constructor: 5 });
  });

  it("refuses __proto__ as a node id, which a JSON object key cannot carry safely", () => {
    const parsed = debtRankFileSchema.safeParse(
      JSON.parse('{"model":"debtrank","nodes":[{"id":"__proto__","equity":1,"weight":1}],"exposures":[],"shock":{}}'),
    );
    assert.equal(parsed.success, false);
    assert.deepEqual(parsed.error!.issues[0]!.path, ["nodes", 0, "id"]);
    assert.match(parsed.error!.issues[0]!.message, /reserved/);
  });
});
