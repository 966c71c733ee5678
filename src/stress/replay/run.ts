import { formatUnits, type Address } from "viem";
import { navOracleAbi } from "../../sdk/abi/contracts.js";
import { QualifiedError } from "../../sdk/errors.js";
import { ORACLE_PRICE_SCALE, type Deployment } from "../../sdk/index.js";
import type { Scenario } from "../scenario.js";
import type { ReplayLiquidation, ReplayResult, ReplayRound, ReplayStranded } from "../types.js";
import { borrowerCategories } from "./categories.js";
import { discoverBorrowers, discoverMarkets, type Market } from "./discover.js";
import { forkChain, type Fork } from "./fork.js";
import { liquidateUnhealthy } from "./liquidate.js";
import { findLiquidators, type LiquidatorPool } from "./liquidators.js";
import { readMarket } from "./positions.js";
import { applyScenario, publishNavAs } from "./shock.js";
import { findPool, poolNav, sellCollateral } from "./sell.js";

export interface ReplayParameters {
  /** The chain to fork: any JSON-RPC endpoint (`qualified node`, a public chain). */
  rpc: string;
  deployment: Deployment;
  scenario: Scenario;
  /** Block to fork at; the source's latest when absent. */
  block?: bigint;
  onProgress?: (line: string) => void;
}

/** Amounts are compared across markets in 18 decimals; reported back in each market's loan-token units. */
const to18 = (amount: bigint, decimals: number) => (decimals <= 18 ? amount * 10n ** BigInt(18 - decimals) : amount / 10n ** BigInt(decimals - 18));
const add = (m: Map<string, bigint>, key: string, v: bigint) => m.set(key, (m.get(key) ?? 0n) + v);
/** Price as whole loan tokens per whole collateral token, from Morpho's scale. */
const priceText = (price: bigint | null, m: Market) =>
  price === null ? "unavailable" : formatUnits((price * 10n ** BigInt(m.collateralDecimals)) / ORACLE_PRICE_SCALE, m.loanDecimals);

/**
 * Replays a scenario on a private fork of the chain: applies it through the oracle and the registries,
 * then runs liquidation rounds with the qualified liquidators' capital, sells what they seize through the
 * pools, re-prices (scenario.repricing) and repeats until nothing more can be liquidated or maxRounds.
 * The source chain is never written to.
 */
export async function runReplay(p: ReplayParameters): Promise<ReplayResult> {
  const started = performance.now();
  const say = p.onProgress ?? (() => {});
  const fork = await forkChain({ rpc: p.rpc, block: p.block });
  try {
    return await replayOn(fork, p, say, started);
  } finally {
    await fork.close();
  }
}

async function replayOn(fork: Fork, p: ReplayParameters, say: (line: string) => void, started: number): Promise<ReplayResult> {
  const { connection } = fork;
  const { deployment, scenario } = p;
  const markets = await discoverMarkets(connection, { deployment, block: fork.block, explicit: scenario.markets });
  if (markets.length === 0) {
    throw new QualifiedError("no Morpho Blue market on this chain lends against the deployment's tokens from a registered Morpho: nothing to replay");
  }
  const borrowers = new Map<string, Address[]>();
  for (const m of markets) borrowers.set(m.id, await discoverBorrowers(connection, m, fork.block));
  say(
    `forked chain ${fork.sourceChainId} at block ${fork.block}: ${markets.length} market(s), ${[...borrowers.values()].reduce((n, b) => n + b.length, 0)} borrower(s)`,
  );

  const { sanctioned, unshocked } = await applyScenario(fork, deployment, markets, scenario);
  say(`scenario "${scenario.name}" applied${sanctioned.length ? `, ${sanctioned.length} holder(s) sanctioned` : ""}`);
  for (const oracle of unshocked) say(`oracle ${oracle} is not a NAV oracle with a publisher: its markets keep their price`);

  const pools = new Map<string, Address | undefined>();
  for (const m of markets) pools.set(m.id, await findPool(connection, deployment, m, fork.block));
  const approved = new Map<string, Set<Address>>(markets.map((m) => [m.id, new Set<Address>()]));

  // Liquidation capacity once the scenario has struck: who may still absorb the collateral, with what.
  // Qualification does not change during the rounds (the scenario struck before them), so each market's
  // liquidators are found once; their capital is then tracked: less what they repay, plus what they sell for.
  const capital = new Map<Address, bigint>();
  const refused = new Set<Address>();
  const liquidators = new Map<string, LiquidatorPool>();
  for (const m of markets) {
    const pool = await findLiquidators(fork, m);
    liquidators.set(m.id, pool);
    for (const [account, balance] of pool.qualified) capital.set(account, to18(balance, m.loanDecimals));
    for (const account of pool.refused) refused.add(account);
  }

  const categories = borrowerCategories(connection, deployment);

  const rounds: ReplayRound[] = [];
  const realised = new Map<string, bigint>();
  const needed = new Map<string, bigint>(); // market:borrower -> debt when first unhealthy (18 decimals)
  const losses = new Map<string, bigint>(); // 18 decimals
  for (let round = 1; round <= scenario.maxRounds; round++) {
    const prices: Record<string, string> = {};
    const liquidations: ReplayLiquidation[] = [];
    const stranded: ReplayStranded[] = [];
    for (const m of markets) {
      const state = await readMarket(connection, m, borrowers.get(m.id)!);
      prices[m.collateralSymbol] = priceText(state.price, m);
      for (const pos of state.positions.filter((x) => !x.healthy)) {
        const key = `${m.id}:${pos.borrower}`;
        if (!needed.has(key)) needed.set(key, to18(pos.borrowed, m.loanDecimals));
      }
      if (state.positions.every((x) => x.healthy)) continue;
      const pool = liquidators.get(m.id)!;
      const { executed, unliquidated } = await liquidateUnhealthy(fork, m, state, pool, approved.get(m.id)!);
      for (const u of unliquidated) {
        stranded.push({ market: m.id, borrower: u.position.borrower, reason: u.reason, collateral: formatUnits(u.position.collateral, m.collateralDecimals) });
      }
      // Each liquidator sells what it seized this round, in one trade, through the pool.
      const pair = pools.get(m.id);
      const seizedBy = new Map<Address, bigint>();
      for (const e of executed) seizedBy.set(e.liquidator, (seizedBy.get(e.liquidator) ?? 0n) + e.seized);
      const proceedsBy = new Map<Address, bigint>();
      for (const [liquidator, amount] of seizedBy) {
        const proceeds = pair ? await sellCollateral(fork, pair, m, liquidator, amount) : 0n;
        proceedsBy.set(liquidator, proceeds);
        if (pool.qualified.has(liquidator)) pool.qualified.set(liquidator, pool.qualified.get(liquidator)! + proceeds);
      }
      await categories.learn(executed.map((e) => e.borrower));
      for (const e of executed) {
        const total = seizedBy.get(e.liquidator)!;
        const proceeds = total === 0n ? 0n : (proceedsBy.get(e.liquidator)! * e.seized) / total;
        liquidations.push({
          market: m.id,
          borrower: e.borrower,
          liquidator: e.liquidator,
          repaid: formatUnits(e.repaid, m.loanDecimals),
          seized: formatUnits(e.seized, m.collateralDecimals),
          proceeds: formatUnits(proceeds, m.loanDecimals),
        });
        realised.set(m.id, (realised.get(m.id) ?? 0n) + e.badDebt);
        const seizedValue = state.price === null ? 0n : (e.seized * state.price) / ORACLE_PRICE_SCALE;
        if (seizedValue > e.repaid) add(losses, await categories.of(e.borrower), to18(seizedValue - e.repaid, m.loanDecimals));
        if (e.repaid > proceeds) add(losses, "liquidators (fire-sale losses)", to18(e.repaid - proceeds, m.loanDecimals));
        if (e.badDebt > 0n) add(losses, "lenders", to18(e.badDebt, m.loanDecimals));
      }
      // Marked to the pool: when fire sales push the pool below the NAV, the NAV follows.
      if (scenario.repricing === "pool" && pair && executed.length > 0) {
        const [nav] = await connection.publicClient.readContract({ address: m.params.oracle, abi: navOracleAbi, functionName: "latestNav" });
        const marked = await poolNav(connection, pair, m);
        if (marked > 0n && marked < nav) await publishNavAs(fork, m.params.oracle, marked);
      }
    }
    const defaults: string[] = [];
    for (const m of markets) {
      const after = await readMarket(connection, m, borrowers.get(m.id)!);
      for (const pos of after.positions) if (pos.borrowed > pos.value) defaults.push(pos.borrower);
    }
    rounds.push({ round, prices, liquidations, stranded, defaults: [...new Set(defaults)] });
    say(`round ${round}: ${liquidations.length} liquidated, ${stranded.length} stranded, ${defaults.length} in default`);
    if (liquidations.length === 0) break;
  }

  const badDebt: Record<string, string> = {};
  for (const m of markets) {
    const end = await readMarket(connection, m, borrowers.get(m.id)!);
    const unrealised = end.positions.reduce((s, pos) => s + (pos.borrowed > pos.value ? pos.borrowed - pos.value : 0n), 0n);
    if (unrealised > 0n) add(losses, "lenders", to18(unrealised, m.loanDecimals));
    badDebt[m.id] = formatUnits((realised.get(m.id) ?? 0n) + unrealised, m.loanDecimals);
  }
  const lossesByCategory: Record<string, string> = {};
  for (const [k, v] of [...losses.entries()].sort()) lossesByCategory[k] = formatUnits(v, 18);
  return {
    scenario: scenario.name,
    chainId: fork.sourceChainId,
    forkBlock: fork.block.toString(),
    rounds,
    badDebt,
    lossesByCategory,
    liquidationCapacity: {
      available: formatUnits(
        [...capital.values()].reduce((s, v) => s + v, 0n),
        18,
      ),
      needed: formatUnits(
        [...needed.values()].reduce((s, v) => s + v, 0n),
        18,
      ),
      qualifiedLiquidators: capital.size,
      unqualifiedLiquidatorsRefused: refused.size,
    },
    ms: Math.round(performance.now() - started),
  };
}
