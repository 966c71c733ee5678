import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readScenario, scenarioSchema } from "../../src/stress/scenario.js";

describe("stress scenario files", () => {
  const dir = mkdtempSync(join(tmpdir(), "qualified-scenario-"));
  const write = (name: string, body: string) => {
    const file = join(dir, name);
    writeFileSync(file, body);
    return file;
  };

  it("reads a full scenario and fills the defaults", () => {
    const s = readScenario(
      write(
        "full.json",
        JSON.stringify({
          name: "full",
          shocks: [
            { asset: "HB31", change: -0.4 },
            { asset: "0x2910e325cf29dd912e3476b61ef12f49cb931096", change: 0.1 },
          ],
          haircuts: [{ pool: "0x2910E325cf29dd912E3476B61ef12F49cb931096", haircut: 0.5 }],
          suspendQualifiers: [2],
          sanction: { largestHolders: 1 },
          network: { model: "eisenberg-noe", nodes: [], liabilities: [] },
        }),
      ),
    );
    assert.equal(s.maxRounds, 10);
    assert.equal(s.repricing, "pool");
    assert.deepEqual(s.sanction, { addresses: [], largestHolders: 1 });
    assert.equal(s.shocks[1].asset, "0x2910E325cf29dd912E3476B61ef12F49cb931096", "addresses are checksummed");
    assert.ok(s.network);
  });

  it("refuses what would make no sense, with the field named", () => {
    const cases: [object, RegExp][] = [
      [{ name: "x", shocks: [{ asset: "B", change: -1 }] }, /shocks\.0\.change: a price cannot fall by 100% or more/],
      [{ name: "x", haircuts: [{ pool: "0x2910E325cf29dd912E3476B61ef12F49cb931096", haircut: 1 }] }, /haircuts\.0\.haircut/],
      [{ name: "x", haircuts: [{ pool: "0x12", haircut: 0.1 }] }, /haircuts\.0\.pool: not an address/],
      [{ name: "x", maxRounds: 0 }, /maxRounds/],
      [{ name: "x", shocks: [{ asset: "<script>", change: -0.1 }] }, /shocks\.0\.asset/],
      [{ name: "x", typo: 1 }, /typo|Unrecognized/],
      [{ shocks: [] }, /name/],
    ];
    for (const [body, message] of cases) {
      assert.throws(() => readScenario(write("bad.json", JSON.stringify(body))), message, JSON.stringify(body));
    }
    assert.throws(() => readScenario(write("notjson.json", "{")), /is not JSON/);
    assert.throws(() => readScenario(join(dir, "missing.json")), /no scenario file/);
  });

  it("refuses an enormous file before reading it", () => {
    const file = write("huge.json", JSON.stringify({ name: "x", pad: "a".repeat(2 * 1024 * 1024) }));
    assert.throws(() => readScenario(file), /the limit is 1048576/);
  });

  it("accepts the README's example", () => {
    const parsed = scenarioSchema.safeParse({
      name: "NAV -40%, qualifier 2 suspended",
      shocks: [{ asset: "HB31", change: -0.4 }],
      haircuts: [{ pool: "0x2910E325cf29dd912E3476B61ef12F49cb931096", haircut: 0.5 }],
      suspendQualifiers: [2],
      sanction: { largestHolders: 1 },
      maxRounds: 10,
    });
    assert.ok(parsed.success);
  });
});
