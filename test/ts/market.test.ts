import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { zeroAddress, type Address } from "viem";
import { marketSummary } from "../../src/analytics/market.js";
import type { Movement } from "../../src/analytics/types.js";

const addr = (n: number) => `0x${n.toString(16).padStart(40, "0")}` as Address;
const [T1, T2, A, B, C] = [addr(0x71), addr(0x72), addr(0xa), addr(0xb), addr(0xc)];
let log = 0;
const move = (token: Address, from: Address, to: Address, amount: bigint): Movement => ({
  chainId: 31337,
  token,
  from,
  to,
  amount,
  kind: from === zeroAddress ? "mint" : "transfer",
  blockNumber: 1,
  logIndex: log++,
  txHash: `0x${"0".repeat(64)}`,
  timestamp: 1_800_000_000,
});

describe("Analytics across tokens", () => {
  // T1: A 700, B 300. T2: B 100, C 900 (A sold all its T2 to C).
  const byToken = new Map<Address, Movement[]>([
    [T1, [move(T1, zeroAddress, A, 700n), move(T1, zeroAddress, B, 300n)]],
    [T2, [move(T2, zeroAddress, A, 500n), move(T2, zeroAddress, B, 100n), move(T2, zeroAddress, C, 400n), move(T2, A, C, 500n)]],
  ]);
  const s = marketSummary(byToken, 0.5);

  it("puts each token's concentration side by side", () => {
    assert.deepEqual(
      s.tokens.map((t) => [t.token, t.transfers, t.concentration.holders]),
      [
        [T1, 2, 2],
        [T2, 4, 2],
      ],
    );
    assert.ok(Math.abs(s.tokens[0].concentration.hhi - (70 ** 2 + 30 ** 2)) < 1e-6);
    assert.ok(Math.abs(s.tokens[1].concentration.hhi - (10 ** 2 + 90 ** 2)) < 1e-6);
  });

  it("counts holders across tokens and those holding several", () => {
    assert.equal(s.holders, 3); // A (T1), B (T1, T2), C (T2); A no longer holds T2
    assert.equal(s.multiTokenHolders, 1); // B
  });

  it("lists wallets above the exposure share of a token", () => {
    assert.deepEqual(s.largeExposures, [
      { holder: A, tokens: [{ token: T1, share: 0.7 }] },
      { holder: C, tokens: [{ token: T2, share: 0.9 }] },
    ]);
  });
});
