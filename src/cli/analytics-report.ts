import { stringify, type Address } from "viem";
import { QualifiedError } from "../sdk/index.js";
import { openDatabase } from "../storage/database.js";
import { migrateMonitor, type MonitorSchema } from "../monitor/schema.js";
import { loadAnnotations } from "../analytics/load.js";
import { indexedAssets, loadAsset } from "../analytics/asset-load.js";
import { movementsOf } from "../analytics/asset-types.js";
import { supplyAcrossChains } from "../analytics/asset-supply.js";
import { holdingsAcrossChains } from "../analytics/asset-holders.js";
import { marketSummary } from "../analytics/market.js";
import { activeWalletsPerDay, balancesAt, holdersOverTime } from "../analytics/balances.js";
import { concentration } from "../analytics/concentration.js";
import { netFlowsByCategory } from "../analytics/flows.js";
import { readLabelFile } from "./label-file.js";

/**
 * The analytics of one token from the monitor's database, as a table, JSON or CSV: of its asset, that is of the token
 * and of the tokens its bridges join on other chains (`chain` picks the token's chain when the address is on several).
 */
export async function report(p: {
  database: string;
  token: Address;
  chain?: number;
  labelsFile?: string;
  from: number;
  to: number;
  format: "table" | "json" | "csv";
}) {
  const known = p.labelsFile ? readLabelFile(p.labelsFile) : new Map();
  const database = openDatabase<MonitorSchema>(p.database);
  try {
    await migrateMonitor(database.db);
    const asset = await loadAsset(database.db, p.token, p.chain);
    const movements = asset ? movementsOf(asset.history) : [];
    if (!asset || movements.length === 0) throw new QualifiedError(`the monitor has no transfers of ${p.token}: is it indexed (qualified monitor)?`);
    const multiChain = asset.tokens.length > 1;
    const supply = supplyAcrossChains(asset.history, asset.tokens);
    const holdings = holdingsAcrossChains(movements);
    const annotations = await loadAnnotations(database.db);
    const c = concentration(balancesAt(movements), [1, 5, 10]);
    const flows = netFlowsByCategory(movements, { defi: annotations.defi, known }, p.from, p.to);
    const holders = holdersOverTime(movements);
    const active = activeWalletsPerDay(movements);
    if (p.format === "json") {
      const across = multiChain ? { chains: asset.tokens, supplyAcrossChains: supply, balances: holdings } : {};
      return stringify({ token: p.token, concentration: c, flows, holders, active, ...across }, null, 2);
    }
    if (p.format === "csv") {
      return ["category,inflow,outflow,net", ...flows.map((f) => `${f.category},${f.inflow},${f.outflow},${f.net}`)].join("\n");
    }
    const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
    const across = multiChain
      ? [
          `across chains: ${supply.chains.map((ch) => `chain ${ch.chainId} supply ${ch.supply} (${ch.token})`).join(", ")}; in flight ${supply.inFlight}, escrowed ${supply.escrowed}; total ${supply.total}`,
          "holders on several chains (balance per chain):",
          ...holdings
            .filter((h) => Object.keys(h.byChain).length > 1)
            .map(
              (h) =>
                `  ${h.holder}  ${h.balance}  (${Object.entries(h.byChain)
                  .map(([chainId, b]) => `chain ${chainId}: ${b}`)
                  .join(", ")})`,
            ),
        ]
      : [];
    return [
      `token ${p.token}: ${c.holders} holders, supply ${c.supply} (base units)`,
      ...across,
      `concentration: top 1 ${pct(c.topShare[1])}, top 5 ${pct(c.topShare[5])}, top 10 ${pct(c.topShare[10])}, HHI ${c.hhi.toFixed(0)}, Nakamoto ${c.nakamoto}`,
      "net flows by counterparty category:",
      "  category      inflow            outflow           net",
      ...flows.map((f) => `  ${f.category.padEnd(12)}  ${String(f.inflow).padEnd(16)}  ${String(f.outflow).padEnd(16)}  ${f.net}`),
      `holders over time: ${holders.map((h) => `${h.day} ${h.holders}`).join(", ")}`,
      `active wallets per day: ${active.map((a) => `${a.day} ${a.active}`).join(", ")}`,
    ].join("\n");
  } finally {
    await database.close();
  }
}

/** Every indexed token side by side, with the holders they share and the large single exposures. */
export async function marketReport(p: { database: string; format: "table" | "json" | "csv" }) {
  const database = openDatabase<MonitorSchema>(p.database);
  try {
    await migrateMonitor(database.db);
    // One entry per asset: a token and its bridged tokens on other chains count once, under the home token.
    const byToken = new Map();
    for (const asset of await indexedAssets(database.db)) byToken.set(asset.asset.token, movementsOf(asset.history));
    if (byToken.size === 0) throw new QualifiedError("the monitor has indexed no transfers yet (qualified monitor)");
    const s = marketSummary(byToken);
    if (p.format === "json") return stringify(s, null, 2);
    if (p.format === "csv") {
      return [
        "token,transfers,holders,hhi,nakamoto",
        ...s.tokens.map((t) => `${t.token},${t.transfers},${t.concentration.holders},${t.concentration.hhi.toFixed(0)},${t.concentration.nakamoto}`),
      ].join("\n");
    }
    return [
      `${s.tokens.length} tokens, ${s.holders} holders (${s.multiTokenHolders} hold several)`,
      ...s.tokens.map(
        (t) =>
          `  ${t.token}  ${t.transfers} transfers, ${t.concentration.holders} holders, HHI ${t.concentration.hhi.toFixed(0)}, Nakamoto ${t.concentration.nakamoto}`,
      ),
      `wallets holding over 25% of a token: ${s.largeExposures.length === 0 ? "none" : s.largeExposures.map((e) => e.holder).join(", ")}`,
    ].join("\n");
  } finally {
    await database.close();
  }
}
