import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { zeroAddress, type Address } from "viem";
import { netFlowsOverTime, supplyOverTime } from "../../src/analytics/series.js";
import type { Movement } from "../../src/analytics/types.js";

const token = "0x00000000000000000000000000000000000000aa" as Address;
const alice = "0x00000000000000000000000000000000000000a1" as Address;
const bob = "0x00000000000000000000000000000000000000b0" as Address;
const pool = "0x00000000000000000000000000000000000000cc" as Address;
const exchange = "0x00000000000000000000000000000000000000ee" as Address;
const DAY = 86_400;
const t0 = Date.UTC(2026, 0, 5) / 1000; // a Monday
let log = 0;
const move = (from: Address, to: Address, amount: bigint, timestamp: number): Movement => ({
  chainId: 31337,
  token,
  from,
  to,
  amount,
  timestamp,
  kind: from === zeroAddress ? "mint" : to === zeroAddress ? "burn" : "transfer",
  blockNumber: log,
  logIndex: log++,
  txHash: `0x${log.toString(16).padStart(64, "0")}`,
});

describe("analytics over time: supply and net flows by category", () => {
  const movements = [
    move(zeroAddress, alice, 1000n, t0),
    move(zeroAddress, bob, 500n, t0 + 100),
    move(alice, pool, 300n, t0 + DAY),
    move(bob, exchange, 200n, t0 + 8 * DAY),
    move(pool, bob, 100n, t0 + 9 * DAY),
    move(bob, zeroAddress, 50n, t0 + 9 * DAY + 5),
  ];
  const labels = { defi: new Set([pool]), known: new Map([[exchange, { category: "exchange" as const }]]) };

  it("gives the supply at the end of each day with a movement", () => {
    assert.deepEqual(supplyOverTime(movements), [
      { day: "2026-01-05", supply: 1500n },
      { day: "2026-01-06", supply: 1500n },
      { day: "2026-01-13", supply: 1500n },
      { day: "2026-01-14", supply: 1450n },
    ]);
  });

  it("gives each week's net flow per category, weeks starting on Monday, summing to zero across categories", () => {
    const weeks = netFlowsOverTime(movements, labels, "week");
    assert.deepEqual(
      weeks.map((w) => w.period),
      ["2026-01-05", "2026-01-12"],
    );
    assert.deepEqual(weeks[0].net, { "mint/burn": -1500n, defi: 300n, individual: 1200n });
    assert.deepEqual(weeks[1].net, { "mint/burn": 50n, defi: -100n, exchange: 200n, individual: -150n });
    for (const w of weeks)
      assert.equal(
        Object.values(w.net).reduce((a, b) => a + b, 0n),
        0n,
      );
    assert.equal(netFlowsOverTime(movements, labels, "day").length, 4);
  });
});
