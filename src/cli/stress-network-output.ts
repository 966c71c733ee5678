// What `qualified stress network` prints: one JSON object, or tables a person reads.
import type { NetworkResult } from "../stress/types.js";

/** The result as JSON, its first keys in the documented order (payments or distress, defaults, rounds, shortfall, equity). */
export function networkJson(result: NetworkResult): string {
  const { model, payments, distress, defaults, rounds, shortfall, equity, ranking, systemicLoss } = result;
  const head = model === "eisenberg-noe" ? { payments } : { distress };
  return JSON.stringify({ ...head, defaults, rounds, shortfall, equity, model, ranking, systemicLoss }, null, 2);
}

function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}

/** The result as text: per node, the rounds of defaults, the shortfall and the top of the ranking. */
export function networkTable(result: NetworkResult): string {
  const roundOf = new Map<string, number>();
  for (const [k, r] of result.rounds.entries()) for (const id of r) roundOf.set(id, k + 1);
  const values = result.payments ?? result.distress ?? {};
  const ids = Object.keys(values);
  const isEn = result.model === "eisenberg-noe";
  const rows = ids.map((id) => [id, String(values[id]), String(result.equity?.[id] ?? ""), roundOf.has(id) ? String(roundOf.get(id)) : "-"]);
  const title = isEn ? "Eisenberg-Noe clearing" : result.model === "debtrank" ? "DebtRank" : "linear DebtRank";
  return [
    `${title}: ${ids.length} nodes, ${result.defaults.length} in default`,
    ...table(["node", isEn ? "pays" : "distress", "equity", "defaults in round"], rows),
    "",
    ...result.rounds.map((r, k) => `round ${k + 1}: ${r.length === 0 ? "none" : r.join(", ")}`),
    `shortfall: ${result.shortfall}${isEn ? " (unpaid liabilities)" : " (equity lost)"}`,
    `systemic loss: ${result.systemicLoss ?? 0}${isEn ? " (shortfall / liabilities)" : " (DebtRank R)"}`,
    "systemic importance (top 10):",
    ...table(
      ["rank", "node", "score"],
      result.ranking.slice(0, 10).map((r, k) => [String(k + 1), r.id, String(r.score)]),
    ).map((l) => `  ${l}`),
  ].join("\n");
}
