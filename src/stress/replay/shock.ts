import { encodeFunctionData, getAddress, keccak256, parseAbi, toHex, type Address, type Hex } from "viem";
import { credentialRegistryAbi, navOracleAbi } from "../../sdk/abi/contracts.js";
import { uniswapV2PairAbi } from "../../sdk/abi/external.js";
import { QualifiedError } from "../../sdk/errors.js";
import type { Deployment } from "../../sdk/index.js";
import type { Scenario } from "../scenario.js";
import type { Market } from "./discover.js";
import { holdersOf } from "./discover.js";
import type { Fork } from "./fork.js";

// The scenario applied on the fork through the contracts' own paths, by the accounts entitled to act:
// the oracle's publisher, the pool's liquidity providers, governance (the timelock), the sanctions operator.

const roleGranted = parseAbi(["event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)"])[0];
const PUBLISHER_ROLE = keccak256(toHex("PUBLISHER_ROLE"));
const SANCTIONS_ROLE = keccak256(toHex("SANCTIONS_ROLE"));
/** Precision of a relative change: parts per billion. */
const PPB = 1_000_000_000n;

/** An account that holds `role` on `contract` now (from its RoleGranted events, re-checked), or undefined. */
export async function roleHolder(fork: Fork, contract: Address, role: Hex): Promise<Address | undefined> {
  const { publicClient } = fork.connection;
  const logs = await publicClient.getLogs({ address: contract, event: roleGranted, args: { role }, fromBlock: 0n, toBlock: fork.block });
  for (const log of logs.reverse()) {
    const account = getAddress(log.args.account as Address);
    const has = await publicClient.readContract({
      address: contract,
      abi: parseAbi(["function hasRole(bytes32 role, address account) view returns (bool)"]),
      functionName: "hasRole",
      args: [role, account],
    });
    if (has) return account;
  }
  return undefined;
}

async function act(fork: Fork, from: Address, to: Address, data: Hex, what: string) {
  const receipt = await fork.send(from, { to, data });
  if (receipt.status !== "success") throw new QualifiedError(`could not ${what} on the fork: transaction ${receipt.transactionHash} reverted`);
}

/** The collateral tokens an asset names: an address, a token symbol of the deployment, or "BOND" for all. */
export function resolveAsset(asset: string, deployment: Deployment, markets: Market[]): Address[] {
  const collateral = [...new Set(markets.map((m) => m.params.collateralToken))];
  if (asset.toUpperCase() === "BOND") return collateral;
  const byAddress = collateral.find((c) => c.toLowerCase() === asset.toLowerCase());
  if (byAddress) return [byAddress];
  const token = deployment.tokens.find((t) => t.symbol.toLowerCase() === asset.toLowerCase() || t.address.toLowerCase() === asset.toLowerCase());
  if (token && collateral.includes(token.address)) return [token.address];
  const known = markets.map((m) => m.collateralSymbol).join(", ") || "none";
  throw new QualifiedError(`no market on this chain uses "${asset}" as collateral (collateral assets: ${known})`);
}

/** The oracle's NAV (18 decimals) multiplied by 1 + `change`, published by the oracle's publisher. */
export async function publishShockedNav(fork: Fork, oracle: Address, change: number): Promise<bigint> {
  const [nav] = await fork.connection.publicClient.readContract({ address: oracle, abi: navOracleAbi, functionName: "latestNav" });
  if (nav === 0n) throw new QualifiedError(`the oracle ${oracle} has no NAV to shock`);
  const factor = BigInt(Math.round((1 + change) * Number(PPB)));
  const shocked = (nav * factor) / PPB;
  await publishNavAs(fork, oracle, shocked > 0n ? shocked : 1n);
  return shocked;
}

/** Publishes `nav` (18 decimals), valued as of the pending block, to `oracle` as the account holding its PUBLISHER_ROLE. */
export async function publishNavAs(fork: Fork, oracle: Address, nav: bigint): Promise<void> {
  const publisher = await roleHolder(fork, oracle, PUBLISHER_ROLE);
  if (!publisher) throw new QualifiedError(`nobody holds the publisher role of the oracle ${oracle}: it is not a NAV oracle this replay can move`);
  // Valued as of the block the publication executes in (the fork's pending block, whose clock may trail its
  // latest block's): later than the NAV in force, never in the future.
  const asOf = (await fork.connection.publicClient.getBlock({ blockTag: "pending" })).timestamp;
  await act(fork, publisher, oracle, encodeFunctionData({ abi: navOracleAbi, functionName: "publish", args: [nav, asOf] }), "publish the NAV");
}

/** Each liquidity provider of `pool` withdraws `haircut` of its share (LP tokens to the pair, then burn). */
export async function applyHaircut(fork: Fork, pool: Address, haircut: number): Promise<void> {
  const providers = await holdersOf(fork.connection, pool, fork.block);
  const share = BigInt(Math.round(haircut * Number(PPB)));
  for (const { account, balance } of providers) {
    if (account === pool || BigInt(account) === 0n) continue;
    const lp = (balance * share) / PPB;
    if (lp === 0n) continue;
    await act(fork, account, pool, encodeFunctionData({ abi: uniswapV2PairAbi, functionName: "transfer", args: [pool, lp] }), "return LP tokens");
    await act(fork, account, pool, encodeFunctionData({ abi: uniswapV2PairAbi, functionName: "burn", args: [account] }), "withdraw liquidity");
  }
}

/** Governance (the timelock, admin of the credential registry) suspends qualifier `id`. */
export async function suspendQualifier(fork: Fork, deployment: Deployment, id: number, scenario: string): Promise<void> {
  const data = encodeFunctionData({ abi: credentialRegistryAbi, functionName: "suspendQualifier", args: [id, `stress scenario: ${scenario}`.slice(0, 200)] });
  await act(fork, deployment.governance.timelock, deployment.registries.credentials, data, `suspend qualifier ${id}`);
}

/** The sanctions operator flags `accounts`; with none appointed, governance appoints itself first. */
export async function sanction(fork: Fork, deployment: Deployment, accounts: Address[], scenario: string): Promise<void> {
  if (accounts.length === 0) return;
  const registry = deployment.registries.credentials;
  let operator = await roleHolder(fork, registry, SANCTIONS_ROLE);
  if (!operator) {
    operator = deployment.governance.timelock;
    await act(
      fork,
      operator,
      registry,
      encodeFunctionData({ abi: credentialRegistryAbi, functionName: "grantRole", args: [SANCTIONS_ROLE, operator] }),
      "appoint a sanctions operator",
    );
  }
  const data = encodeFunctionData({
    abi: credentialRegistryAbi,
    functionName: "setSanctioned",
    args: [accounts, true, `stress scenario: ${scenario}`.slice(0, 200)],
  });
  await act(fork, operator, registry, data, "flag the holders");
}

/** The `n` largest holders of `tokens` that are not contracts (pools and markets are not sanctioned persons). */
export async function largestHolders(fork: Fork, tokens: Address[], n: number): Promise<Address[]> {
  if (n === 0) return [];
  const totals = new Map<Address, bigint>();
  for (const token of tokens) {
    for (const { account, balance } of await holdersOf(fork.connection, token, fork.block)) totals.set(account, (totals.get(account) ?? 0n) + balance);
  }
  const ranked = [...totals.entries()].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0));
  const persons: Address[] = [];
  for (const [account] of ranked) {
    if (persons.length === n) break;
    const code = await fork.connection.publicClient.getCode({ address: account });
    if (!code || code === "0x") persons.push(account);
  }
  return persons;
}

/** Applies the scenario before the first round: haircuts, price shocks, suspensions, then sanctions. */
export async function applyScenario(
  fork: Fork,
  deployment: Deployment,
  markets: Market[],
  scenario: Scenario,
): Promise<{ sanctioned: Address[]; unshocked: Address[] }> {
  for (const h of scenario.haircuts) await applyHaircut(fork, h.pool, h.haircut);
  const shockedTokens = new Set<Address>();
  const unshocked: Address[] = [];
  for (const shock of scenario.shocks) {
    const tokens = resolveAsset(shock.asset, deployment, markets);
    const oracles = new Set(markets.filter((m) => tokens.includes(m.params.collateralToken)).map((m) => m.params.oracle));
    // Anyone can open a Morpho market on the bond with an oracle of their own: one that is not a NAV oracle
    // with a publisher keeps its price (reported), rather than stopping the replay.
    for (const oracle of oracles) {
      try {
        await publishShockedNav(fork, oracle, shock.change);
      } catch {
        unshocked.push(oracle);
      }
    }
    if (oracles.size > 0 && unshocked.length === oracles.size) {
      throw new QualifiedError(`no oracle of a market on "${shock.asset}" is a NAV oracle this replay can publish to`);
    }
    for (const t of tokens) shockedTokens.add(t);
  }
  for (const id of scenario.suspendQualifiers) await suspendQualifier(fork, deployment, id, scenario.name);
  const tokens = shockedTokens.size > 0 ? [...shockedTokens] : [...new Set(markets.map((m) => m.params.collateralToken))];
  const targets = [...new Set([...scenario.sanction.addresses, ...(await largestHolders(fork, tokens, scenario.sanction.largestHolders))])];
  await sanction(fork, deployment, targets, scenario.name);
  return { sanctioned: targets, unshocked };
}
