import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { formatAmount, parseAmount } from "../../console/src/components/format.js";

describe("console: amounts as people type and read them", () => {
  it("reads what a person types in base units, and refuses anything else", () => {
    assert.equal(parseAmount("1", 18), 10n ** 18n);
    assert.equal(parseAmount("12.5", 2), 1250n);
    assert.equal(parseAmount("1,000", 0), 1000n);
    for (const bad of ["", "-1", "1e5", ".5", "1.", "0x10", "1.234", "abc", "1 000"]) assert.equal(parseAmount(bad, 2), undefined, bad);
  });

  it("shows base units with the token's decimals and thousands separators, and reads back what it shows", () => {
    assert.equal(formatAmount("1000000000000000000000", 18), "1,000");
    assert.equal(formatAmount("-1500", 3), "−1.5");
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 40n }), fc.integer({ min: 0, max: 6 }), (value, decimals) => {
        assert.equal(parseAmount(formatAmount(value, decimals), decimals), value);
      }),
      { numRuns: 300 },
    );
  });
});
