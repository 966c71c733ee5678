import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { debtRankFileFor, type ExposureNetwork } from "../../src/stress/network/from-monitor.js";
import { debtRankFileSchema } from "../../src/stress/network/schema.js";

describe("The exposure network as a DebtRank file", () => {
  it("keeps a contract that holds nothing any more but still has tokens placed in it", () => {
    // A group placed 50 in a pool that has since passed them on: the pool holds 0, the placement stays.
    const network: ExposureNetwork = {
      nodes: [
        { id: "contract:P", kind: "contract", wallets: 1, value: 0 },
        { id: "holders:Alpha/entity", kind: "holders", wallets: 2, value: 150 },
        { id: "token:T", kind: "token", wallets: 1, value: 100 },
      ],
      exposures: [
        { from: "holders:Alpha/entity", to: "contract:P", amount: 50 },
        { from: "holders:Alpha/entity", to: "token:T", amount: 100 },
      ],
    };
    const file = debtRankFileSchema.parse(debtRankFileFor(network, { "contract:P": 1 }));
    assert.deepEqual(
      file.nodes.map((n) => n.id),
      ["contract:P", "holders:Alpha/entity", "token:T"],
    );
    assert.equal(file.nodes[0]!.weight, 0);
  });
});
