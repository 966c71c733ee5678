import { erc20Abi, getAddress, type Address, type Hex } from "viem";
import { contractRegistryAbi, morphoAbi, securityTokenAbi } from "../../sdk/abi/contracts.js";
import { QualifiedError } from "../../sdk/errors.js";
import { morphoEventsAbi, type Connection, type Deployment, type MarketParams } from "../../sdk/index.js";
import { tryReadMany } from "./read-many.js";

// What the replay acts on, found on the forked chain itself: Morpho Blue markets whose collateral is one of
// the deployment's security tokens, their borrowers, and the holders of a token.

export interface Market {
  morpho: Address;
  id: Hex;
  params: MarketParams;
  collateralSymbol: string;
  collateralDecimals: number;
  loanSymbol: string;
  loanDecimals: number;
}

const [createMarketEvent, borrowEvent] = morphoEventsAbi;
const transferEvent = erc20Abi[1];

/**
 * Morpho Blue markets lending against the deployment's tokens: the given ones, or every CreateMarket event up
 * to `block`. An event proves nothing by itself (any contract can emit one), so a market counts only when
 * the emitter answers for it (`idToMarketParams`, a creation time) and is a registered contract, the only
 * kind that can hold the bond.
 */
export async function discoverMarkets(
  connection: Connection,
  p: { deployment: Deployment; block: bigint; explicit?: { morpho: Address; id: string }[] },
): Promise<Market[]> {
  const read = connection.publicClient.readContract;
  const tokens = new Set(p.deployment.tokens.map((t) => t.address));
  let candidates: { morpho: Address; id: Hex }[];
  if (p.explicit) candidates = p.explicit.map((m) => ({ morpho: m.morpho, id: m.id as Hex }));
  else {
    const logs = await connection.publicClient.getLogs({ event: createMarketEvent, fromBlock: 0n, toBlock: p.block });
    candidates = logs.map((l) => ({ morpho: getAddress(l.address), id: l.args.id as Hex }));
  }
  const markets: Market[] = [];
  for (const c of candidates) {
    let params: MarketParams;
    try {
      const [loanToken, collateralToken, oracle, irm, lltv] = await read({ address: c.morpho, abi: morphoAbi, functionName: "idToMarketParams", args: [c.id] });
      const [, , , , lastUpdate] = await read({ address: c.morpho, abi: morphoAbi, functionName: "market", args: [c.id] });
      if (lastUpdate === 0n) continue;
      params = { loanToken: getAddress(loanToken), collateralToken: getAddress(collateralToken), oracle: getAddress(oracle), irm: getAddress(irm), lltv };
    } catch {
      if (p.explicit) throw new QualifiedError(`${c.morpho} does not answer as Morpho Blue for market ${c.id}`);
      continue;
    }
    if (!tokens.has(params.collateralToken)) continue;
    const status = await read({ address: p.deployment.registries.contracts, abi: contractRegistryAbi, functionName: "statusOf", args: [c.morpho] });
    if (status !== 1) {
      if (p.explicit) throw new QualifiedError(`${c.morpho} is not a registered contract: it cannot hold the bond, so it has no market to replay`);
      continue;
    }
    const [collateralSymbol, collateralDecimals, loanSymbol, loanDecimals] = await Promise.all([
      read({ address: params.collateralToken, abi: securityTokenAbi, functionName: "symbol" }),
      read({ address: params.collateralToken, abi: securityTokenAbi, functionName: "decimals" }),
      read({ address: params.loanToken, abi: erc20Abi, functionName: "symbol" }),
      read({ address: params.loanToken, abi: erc20Abi, functionName: "decimals" }),
    ]);
    markets.push({ morpho: c.morpho, id: c.id, params, collateralSymbol, collateralDecimals, loanSymbol, loanDecimals });
  }
  return markets;
}

/** Every account that ever borrowed on `market` (Borrow events' onBehalf), up to `block`. */
export async function discoverBorrowers(connection: Connection, market: Market, block: bigint): Promise<Address[]> {
  const logs = await connection.publicClient.getLogs({ address: market.morpho, event: borrowEvent, args: { id: market.id }, fromBlock: 0n, toBlock: block });
  return [...new Set(logs.map((l) => getAddress(l.args.onBehalf as Address)))];
}

/** Current holders of `token` with a positive balance (every recipient of a Transfer, re-read), largest first. */
export async function holdersOf(connection: Connection, token: Address, block: bigint): Promise<{ account: Address; balance: bigint }[]> {
  const logs = await connection.publicClient.getLogs({ address: token, event: transferEvent, fromBlock: 0n, toBlock: block });
  const accounts = [...new Set(logs.map((l) => getAddress(l.args.to as Address)))];
  // A token that fails to answer for an account counts it as holding nothing.
  const answers = await tryReadMany(
    connection,
    accounts.map((account) => ({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [account] })),
  );
  const balances = accounts.map((account, i) => ({ account, balance: typeof answers[i] === "bigint" ? answers[i] : 0n }));
  return balances.filter((b) => b.balance > 0n).sort((x, y) => (y.balance > x.balance ? 1 : y.balance < x.balance ? -1 : 0));
}
