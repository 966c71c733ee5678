import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { erc20Abi, formatUnits, getAddress, parseUnits, type Address } from "viem";
import { connectRpc, liquidationIncentiveFactor, marketId, morphoAbi, unlockedAccounts, type Connection } from "../../src/sdk/index.js";
import { readDeployment } from "../../src/sdk/node.js";
import type { StressReport } from "../../src/stress/types.js";
import { startSandbox, type SandboxProcess } from "../support/sandbox-process.js";
import { buildLendingWorld, WORLD_LLTV, type LendingWorld } from "../support/lending-world.js";

/**
 * `qualified stress run` against a `qualified node --sandbox` carrying a Morpho Blue market: the report's
 * figures are checked against the chain (positions, balances, Morpho's liquidation arithmetic), and the
 * source chain is checked untouched: liquidations happen on the fork only.
 */
describe("qualified stress run: replay on a fork of a qualified node", () => {
  let s: SandboxProcess;
  let connection: Connection;
  let world: LendingWorld;
  let qualifiedLiquidator: Address;
  let unqualifiedLiquidator: Address;
  const BORROWERS = 12;

  before(async () => {
    s = await startSandbox({ prefix: "qualified-stress-" });
    connection = await connectRpc(s.rpc);
    const accounts = await unlockedAccounts(connection);
    const signer = (a: Address) => connection.signer(a);
    const sb = s.sandbox.accounts;
    qualifiedLiquidator = sb.holders[1];
    unqualifiedLiquidator = accounts[13];
    world = await buildLendingWorld({
      connection,
      deployment: readDeployment(s.deploymentFile),
      token: s.sandbox.token.address,
      issuer: signer(sb.issuer),
      qualifier: signer(sb.qualifier),
      qualifierClass: 1,
      governance: [signer(sb.governanceOwners[0]), signer(sb.governanceOwners[1])],
      developer: signer(accounts[12]),
      liquidityProvider: signer(sb.holders[0]),
      borrowers: BORROWERS,
      liquidators: [
        { address: qualifiedLiquidator, usd: "400" },
        { address: unqualifiedLiquidator, usd: "5000" },
      ],
      poolBonds: "500",
    });
  });
  after(() => s?.stop());

  const read = (...args: Parameters<Connection["publicClient"]["readContract"]>) => connection.publicClient.readContract(...args);
  const id = () => marketId(world.marketParams);
  /** Every borrower's position on the source chain. */
  const positions = () =>
    Promise.all(
      world.borrowers.map(
        (b) =>
          read({ address: world.morpho, abi: morphoAbi, functionName: "position", args: [id(), b] } as never) as Promise<readonly [bigint, bigint, bigint]>,
      ),
    );
  const usd = (a: Address) => read({ address: world.stablecoin, abi: erc20Abi, functionName: "balanceOf", args: [a] } as never) as Promise<bigint>;

  const runScenario = (name: string, scenario: object) => {
    const file = join(s.dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(scenario));
    const out = join(s.dir, `${name}-report`);
    const r = s.run(["stress", "run", file, "--out", out, "--json"]);
    assert.equal(r.status, 0, r.stderr);
    const printed = JSON.parse(r.stdout) as StressReport & { files: { json: string; html: string } };
    return { printed, out };
  };

  it("liquidates on the fork what a 40% NAV cut makes unhealthy, with Morpho's arithmetic, and leaves the source untouched", async () => {
    const blockBefore = await connection.publicClient.getBlockNumber();
    const before = await positions();
    const [, , totalBorrowAssets, totalBorrowShares] = (await read({
      address: world.morpho,
      abi: morphoAbi,
      functionName: "market",
      args: [id()],
    } as never)) as readonly bigint[];
    const capitalOnSource = (await Promise.all([qualifiedLiquidator, ...world.borrowers].map(usd))).reduce((x, y) => x + y, 0n);

    const { printed, out } = runScenario("nav-cut", { name: "HB NAV -40%", shocks: [{ asset: s.sandbox.token.symbol, change: -0.4 }], maxRounds: 5 });
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as StressReport;
    const html = readFileSync(join(out, "report.html"), "utf8");
    assert.equal(report.scenario, "HB NAV -40%");
    assert.match(html, /HB NAV -40%/);
    assert.deepEqual({ ...printed, files: undefined }, { ...report, files: undefined });
    const replay = report.replay!;
    assert.equal(replay.forkBlock, String(blockBefore));

    // Round 1 at a NAV of 0.6: exactly the positions Morpho calls unhealthy are liquidated or stranded.
    const r1 = replay.rounds[0];
    assert.equal(r1.prices[s.sandbox.token.symbol], "0.6");
    const expected = new Set<string>();
    before.forEach(([, shares, collateral], i) => {
      const borrowed = (shares * (totalBorrowAssets + 1n) + totalBorrowShares + 10n ** 6n - 1n) / (totalBorrowShares + 10n ** 6n);
      const limit = (((collateral * 6n) / 10n) * WORLD_LLTV) / 10n ** 18n / 10n ** 12n; // 0.6 dUSD per bond, 6 decimals
      if (borrowed > limit) expected.add(world.borrowers[i]);
    });
    assert.ok(expected.size > 0 && expected.size < BORROWERS, `some but not all positions fail at 0.6 (${expected.size})`);
    const acted = new Set([...r1.liquidations.map((l) => getAddress(l.borrower)), ...r1.stranded.map((x) => getAddress(x.borrower))]);
    assert.deepEqual([...acted].sort(), [...expected].sort());
    assert.ok(r1.liquidations.length > 0);

    // Each liquidation seized what Morpho's incentive gives for the debt repaid, at the round's price.
    const lif = Number(liquidationIncentiveFactor(WORLD_LLTV)) / 1e18;
    for (const l of r1.liquidations) {
      const impliedPrice = (Number(l.repaid) * lif) / Number(l.seized);
      assert.ok(Math.abs(impliedPrice - 0.6) < 1e-4, `seized ${l.seized} for ${l.repaid}: price ${impliedPrice}`);
      assert.ok(Number(l.proceeds) > 0 && Number(l.proceeds) < Number(l.seized) * 1.0, "sold through the pool below par");
      assert.notEqual(getAddress(l.liquidator), getAddress(unqualifiedLiquidator));
    }
    // Capacity: the qualified holders of dUSD (the liquidator and the borrowers), as the source holds it.
    assert.equal(replay.liquidationCapacity.available, formatUnits(capitalOnSource * 10n ** 12n, 18));
    assert.equal(replay.liquidationCapacity.qualifiedLiquidators, 1 + BORROWERS);
    assert.ok(replay.liquidationCapacity.unqualifiedLiquidatorsRefused >= 1, "the wallet without a credential is counted as refused");
    assert.ok(Number(replay.liquidationCapacity.needed) > 0);
    // Fire sales moved the pool and the NAV followed: a later round prices lower.
    if (replay.rounds.length > 1) assert.ok(Number(replay.rounds[1].prices[s.sandbox.token.symbol]) < 0.6);
    assert.equal(
      report.totalShortfall,
      formatUnits(
        Object.values(replay.badDebt).reduce((x, v) => x + parseUnits(v, 18), 0n),
        18,
      ),
    );

    // The source chain did not move: no block, same positions, same balances.
    assert.equal(await connection.publicClient.getBlockNumber(), blockBefore);
    assert.deepEqual(await positions(), before);
  });

  it("strands every unhealthy position when the only qualifier is suspended: no liquidator may receive the bond", async () => {
    const { printed } = runScenario("suspended", {
      name: "qualifier suspended",
      shocks: [{ asset: "BOND", change: -0.4 }],
      suspendQualifiers: [s.sandbox.accounts.qualifierId],
      maxRounds: 3,
    });
    const replay = printed.replay!;
    assert.equal(replay.rounds.length, 1, "nothing liquidated, so one round");
    const [r1] = replay.rounds;
    assert.equal(r1.liquidations.length, 0);
    assert.ok(r1.stranded.length > 0);
    for (const x of r1.stranded) assert.equal(x.reason, "no-qualified-liquidator");
    assert.equal(replay.liquidationCapacity.qualifiedLiquidators, 0);
    assert.equal(replay.liquidationCapacity.available, "0");
    // Nothing was liquidated, so the unhealthy debt is all still owed; bad debt is only what collateral no longer covers.
    assert.ok(Number(replay.liquidationCapacity.needed) > 0);
  });

  it("refuses a malformed scenario with a sentence, and a shock on an asset no market uses", () => {
    const bad = join(s.dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ name: "x", shocks: [{ asset: "BOND", change: -1.5 }] }));
    let r = s.run(["stress", "run", bad, "--out", join(s.dir, "bad")]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /shocks\.0\.change: a price cannot fall by 100% or more/);
    writeFileSync(bad, JSON.stringify({ name: "x", shocks: [{ asset: "NOPE", change: -0.1 }] }));
    r = s.run(["stress", "run", bad, "--out", join(s.dir, "bad")]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no market on this chain uses "NOPE" as collateral/);
    assert.doesNotMatch(r.stderr, /at .*\.js/, "no stack trace");
  });
});
