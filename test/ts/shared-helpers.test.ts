import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getAddress } from "viem";
import { addressSchema } from "../../src/sdk/address-schema.js";
import { QualifiedError } from "../../src/sdk/index.js";
import { readLabelFile } from "../../src/cli/label-file.js";

const CHECKSUMMED = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

describe("One address schema, one label-file reader", () => {
  it("the address schema takes lowercase or a correct checksum, refuses a wrong checksum and malformed input, and checksums", () => {
    assert.equal(addressSchema.parse(CHECKSUMMED.toLowerCase()), CHECKSUMMED);
    assert.equal(addressSchema.parse(CHECKSUMMED), CHECKSUMMED);
    const wrongChecksum = CHECKSUMMED.replace("aAeb", "AaEB");
    for (const bad of [wrongChecksum, "0x123", `${CHECKSUMMED}00`, CHECKSUMMED.slice(2), ` ${CHECKSUMMED}`, `0x${"g".repeat(40)}`, "x".repeat(100_000)]) {
      const r = addressSchema.safeParse(bad);
      assert.equal(r.success, false, bad.slice(0, 50));
      assert.match(r.error!.issues[0].message, /not an address/);
    }
  });

  it("reads a label file, and says in one line what is wrong with a bad one", () => {
    const dir = mkdtempSync(join(tmpdir(), "labels-"));
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const good = file("good.json", JSON.stringify({ [CHECKSUMMED.toLowerCase()]: { category: "exchange", name: "Exchange C" } }));
    assert.deepEqual([...readLabelFile(good)], [[getAddress(CHECKSUMMED), { category: "exchange", name: "Exchange C" }]]);
    const cases: Array<[string, RegExp]> = [
      [join(dir, "none.json"), /no label file at .*none\.json/],
      [file("text.json", "exchange: yes"), /the label file .*text\.json is not JSON/],
      [file("list.json", "[1, 2]"), /the label file .*list\.json is not valid: the label file must be a JSON object/],
      [
        file("casino.json", JSON.stringify({ [CHECKSUMMED]: { category: "casino" } })),
        /not valid: label of .*: category must be exchange, custodian or bridge/,
      ],
      [file("key.json", JSON.stringify({ "0xnot": { category: "exchange" } })), /not valid: "0xnot" is not an address/],
      [file("name.json", JSON.stringify({ [CHECKSUMMED]: { category: "bridge", name: 7 } })), /not valid: label of .*: name must be a string/],
    ];
    for (const [path, message] of cases) {
      assert.throws(
        () => readLabelFile(path),
        (e: unknown) => e instanceof QualifiedError && message.test(e.message) && !e.message.includes("\n"),
        path,
      );
    }
  });
});
