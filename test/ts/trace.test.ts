import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";
import { encodeFunctionData, type EIP1193Provider } from "viem";
import {
  connectProvider,
  demoStablecoinAbi,
  demoStablecoinBytecode,
  forcedTransferCall,
  registerContract,
  send,
  securityTokenAbi,
} from "../../src/sdk/index.js";
import { waitForSuccess } from "../../src/sdk/transactions.js";
import { addLiquidity, deployUniswapPair, swapExactIn } from "../../src/demo/uniswap.js";
import { openDatabase } from "../../src/storage/database.js";
import { migrateMonitor, type MonitorSchema } from "../../src/monitor/schema.js";
import { runIndexer } from "../../src/monitor/indexer.js";
import { loadAnnotations, loadMovements } from "../../src/analytics/load.js";
import { traceBackward, traceForward } from "../../src/tracing/trace.js";
import { setupMarket } from "../support/scenario.js";

/**
 * A laundering pattern on a real Uniswap V2 pool, traced and resolved:
 *   theft V -> T 400; split T -> S1 150, T -> S2 250; merge S1 -> M 150, S2 -> M 100;
 *   M swaps 200 into the pool (which holds 1,000 clean); X swaps stablecoins for tokens out of the pool.
 * Proportional taint: M sends 200 of its 250 tainted; the pool then holds 200 tainted of 1,200, so X's output
 * y carries y * 200 / 1,200 (rounded down).
 */
describe("Tracing a multi-hop laundering pattern, then resolving it", async () => {
  const { provider } = await network.create();
  const connection = await connectProvider(provider as unknown as EIP1193Provider);
  const market = await setupMarket(connection);
  const [V, T, S1, S2, M, X, L, developer] = market.wallets;
  const a = (w: typeof V) => w.account.address;
  await market.qualify([V, T, S1, S2, M, X, L].map(a));
  await market.mint(a(V), 1_000n);
  await market.mint(a(L), 1_000n);

  const stableHash = await developer.deployContract({ abi: demoStablecoinAbi, bytecode: demoStablecoinBytecode, args: [a(developer)] });
  const usd = (await waitForSuccess(connection, { hash: stableHash, what: "deploy" })).contractAddress!;
  for (const w of [L, X]) {
    await send(connection, {
      actor: developer,
      to: usd,
      data: encodeFunctionData({ abi: demoStablecoinAbi, functionName: "mint", args: [a(w), 1_000_000n] }),
      what: "mint usd",
    });
  }
  const { pair } = await deployUniswapPair(connection, developer, market.token, usd);
  await market.vet(pair);
  await registerContract(connection, { deployment: market.deployment, actor: developer, target: pair });
  await addLiquidity(connection, L, pair, [
    { token: market.token, amount: 1_000n },
    { token: usd, amount: 1_000_000n },
  ]);

  await market.pay(V, a(T), 400n); // the theft
  const theft = (await connection.publicClient.getBlock({ includeTransactions: false })).transactions[0];
  await market.pay(T, a(S1), 150n);
  await market.pay(T, a(S2), 250n);
  await market.pay(S1, a(M), 150n);
  await market.pay(S2, a(M), 100n);
  await swapExactIn(connection, M, pair, market.token, 200n);
  const bought = await swapExactIn(connection, X, pair, usd, 50_000n);

  const database = openDatabase<MonitorSchema>(":memory:");
  await migrateMonitor(database.db);
  await runIndexer(connection, database.db, market.deployment);
  const movements = await loadMovements(database.db, market.token);
  const trace = traceForward(movements, theft);
  const byAddress = new Map(trace.nodes.map((n) => [n.address, n]));
  const xTaint = (bought * 200n) / 1_200n;

  it("finds every participant, hop by hop", () => {
    assert.equal(trace.source.amount, 400n);
    assert.equal(byAddress.get(a(V))!.hops, 0);
    assert.equal(byAddress.get(a(T))!.hops, 1);
    assert.equal(byAddress.get(a(S1))!.hops, 2);
    assert.equal(byAddress.get(a(S2))!.hops, 2);
    assert.equal(byAddress.get(a(M))!.hops, 3);
    assert.equal(byAddress.get(pair)!.hops, 4);
    assert.equal(byAddress.get(a(X))!.hops, 5);
    assert.equal(byAddress.has(a(L)), false, "the liquidity provider never received tainted tokens");
  });

  it("puts the recoverable amounts where the hand computation does", () => {
    assert.equal(byAddress.get(a(T))!.recoverable, 0n);
    assert.equal(byAddress.get(a(S1))!.recoverable, 0n);
    assert.equal(byAddress.get(a(S2))!.recoverable, 150n);
    assert.equal(byAddress.get(a(M))!.recoverable, 50n);
    assert.equal(byAddress.get(a(X))!.recoverable, xTaint);
    assert.equal(byAddress.get(pair)!.recoverable, 200n - xTaint);
    assert.equal(trace.recoverableTotal, 400n, "nothing was burned: all 400 are still somewhere");
  });

  it("traces backward from the last holder to the theft", () => {
    const back = traceBackward(movements, a(M), { maxHops: 3 });
    const hops = new Map(back.nodes.map((n) => [n.address, n.hops]));
    assert.equal(hops.get(a(S1)), 1);
    assert.equal(hops.get(a(S2)), 1);
    assert.equal(hops.get(a(T)), 2);
    assert.equal(hops.get(a(V)), 3);
  });

  it("names each participant's qualifier (never a person) and resolves by forced transfers with a case", async () => {
    const annotations = await loadAnnotations(database.db);
    for (const w of [T, S2, M, X]) assert.deepEqual(annotations.qualifiers.get(a(w)), ["Alpha"]);
    assert.ok(annotations.defi.has(pair));
    // Resolution: the issuer takes back what the wallets still hold (the pool's share is settled with its
    // operator, since forcing tokens out of a pool would break its reserves).
    const before = await connection.publicClient.readContract({ address: market.token, abi: securityTokenAbi, functionName: "balanceOf", args: [a(V)] });
    for (const w of [S2, M, X]) {
      const amount = byAddress.get(a(w))!.recoverable;
      await send(connection, {
        actor: market.issuer,
        ...forcedTransferCall({ token: market.token, from: a(w), to: a(V), amount, caseRef: "THEFT-2026-9" }),
        what: "recover",
      });
    }
    const after = await connection.publicClient.readContract({ address: market.token, abi: securityTokenAbi, functionName: "balanceOf", args: [a(V)] });
    assert.equal(after - before, 150n + 50n + xTaint);
  });
});
