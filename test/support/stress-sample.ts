import type { StressReport } from "../../src/stress/types.js";

export const HOSTILE = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`;

/** A report with every section filled, one hostile name per kind of string the page shows. */
export function sampleReport(): StressReport {
  const market = `0x${"ab".repeat(32)}`;
  return {
    version: 1,
    scenario: `bond falls 40% ${HOSTILE}`,
    generatedAt: "2026-11-22T07:00:00.000Z",
    totalShortfall: "1234.5",
    replay: {
      scenario: "bond falls 40%",
      chainId: 31337,
      forkBlock: "42",
      ms: 812,
      rounds: [
        {
          round: 1,
          prices: { BOND: "0.6", [HOSTILE]: "1" },
          liquidations: [
            {
              market,
              borrower: "0x1111111111111111111111111111111111111111",
              liquidator: "0x2222222222222222222222222222222222222222",
              repaid: "5000",
              seized: "9100",
              proceeds: "4870.25",
            },
          ],
          stranded: [{ market, borrower: "0x3333333333333333333333333333333333333333", reason: "no-qualified-liquidator", collateral: "7777" }],
          defaults: [],
        },
        { round: 2, prices: { BOND: "0.55" }, liquidations: [], stranded: [], defaults: ["0x3333333333333333333333333333333333333333"] },
      ],
      badDebt: { [market]: "987.65" },
      lossesByCategory: { "accredited (qualifier Q1)": "600.5", [HOSTILE]: "11" },
      liquidationCapacity: { available: "25000", needed: "31415", qualifiedLiquidators: 3, unqualifiedLiquidatorsRefused: 2 },
    },
    network: [
      {
        model: "eisenberg-noe",
        payments: { A: 3, B: 4, [HOSTILE]: 0 },
        defaults: ["A", HOSTILE],
        rounds: [[HOSTILE], ["A"]],
        shortfall: 246.5,
        ranking: [
          { id: HOSTILE, score: 0.75 },
          { id: "A", score: 0.25 },
        ],
        systemicLoss: 0.125,
      },
    ],
  };
}
