// `qualified stress exposures`: the monitor's exposure network as a DebtRank network file.
import { QualifiedError } from "../sdk/errors.js";
import { openDatabase } from "../storage/database.js";
import type { MonitorSchema } from "../monitor/schema.js";
import { debtRankFileFor, exposureNetworkFromMonitor } from "../stress/network/from-monitor.js";

/** `id=0.4` pairs as a shock; every id must be a node of `ids`. */
export function parseShocks(pairs: string[], ids: Set<string>): Record<string, number> {
  const shock: [string, number][] = [];
  for (const pair of pairs) {
    const at = pair.lastIndexOf("=");
    const id = pair.slice(0, at);
    const value = Number(pair.slice(at + 1));
    if (at <= 0 || !/^\d+(\.\d+)?$/.test(pair.slice(at + 1)) || value > 1) {
      throw new QualifiedError(`shock "${pair}" must be NODE=DISTRESS with a distress from 0 to 1, e.g. token:0xAbc...=0.4`);
    }
    if (!ids.has(id))
      throw new QualifiedError(
        `shock "${pair}": "${id}" is not a node of the exposure network (${[...ids].slice(0, 5).join(", ")}${ids.size > 5 ? ", ..." : ""})`,
      );
    shock.push([id, value]);
  }
  return Object.fromEntries(shock);
}

/** The network file, as JSON text, of what the monitor at `database` indexed. */
export async function exposuresFile(p: { database: string; decimals: number; shocks: string[]; linear: boolean }): Promise<string> {
  const database = openDatabase<MonitorSchema>(p.database, { readOnly: true });
  try {
    const network = await exposureNetworkFromMonitor(database.db, { decimals: p.decimals });
    if (network.nodes.length === 0) throw new QualifiedError("the monitor has indexed no holdings: run qualified monitor first");
    const shock = parseShocks(p.shocks, new Set(network.nodes.map((n) => n.id)));
    return JSON.stringify(debtRankFileFor(network, shock, p.linear), null, 2);
  } finally {
    await database.close();
  }
}
