import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runReplay } from "../../src/stress/replay/run.js";
import { replayFixedWorld } from "../support/replay-world.js";

/**
 * The replay on a fixed world. Its figures do not depend on how it reads and writes the fork: the report
 * (rounds, prices, every liquidation's repaid, seized and proceeds, stranded positions and their reasons,
 * defaults, bad debt, losses, capacity) equals the one recorded with the engine that read every position,
 * holder and credential one call at a time. And it scales: the fork asks the source about each account
 * and storage slot once, however many calls and transactions read it.
 */
describe("stress replay on a fixed world", () => {
  it("gives the recorded report and asks the source about each account and slot once", async () => {
    const expected = JSON.parse(readFileSync(join(import.meta.dirname, "..", "fixtures", "stress", "replay-fixed-world.json"), "utf8"));
    const { report, sourceRequests, repeatedStateRequests } = await replayFixedWorld(runReplay);
    assert.ok(expected.rounds.length >= 3 && expected.rounds[1].liquidations.length > 0, "the fixture has a cascade to compare");
    assert.deepEqual(JSON.parse(JSON.stringify(report)), expected);
    assert.ok(sourceRequests > 0, "the fork read the source");
    assert.equal(repeatedStateRequests, 0, `${repeatedStateRequests} of ${sourceRequests} requests to the source asked again what it had answered`);
  });
});
