// The stress report as one self-contained HTML page: tables for every figure, charts drawn by the inlined
// ECharts bundle, no request to any network (a Content-Security-Policy forbids it), and every string from
// the data escaped, so a hostile token or node name stays text.
import { createHash } from "node:crypto";
import type { NetworkResult, ReplayResult, StressReport } from "../types.js";
import { reportCharts, topRanking, type Chart } from "./charts.js";
import { echartsBundle } from "./echarts-bundle.js";
import { escapeHtml, jsonForScript } from "./escape.js";

const DRAW =
  `(function(){var charts=JSON.parse(document.getElementById("report-charts").textContent);` +
  `charts.forEach(function(c){var el=document.getElementById("chart-"+c.id);if(el){echarts.init(el,null,{renderer:"canvas"}).setOption(c.option);}});})();`;

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1a1a1a;padding:0 1rem}
h1{font-size:1.6rem}h2{margin-top:2.5rem;border-bottom:1px solid #ccc;padding-bottom:.3rem}
table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem}th,td{border:1px solid #ddd;padding:.3rem .6rem;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.chart{width:100%;height:360px}.tall{height:520px}
.figures{display:flex;gap:2rem;flex-wrap:wrap}.figure b{display:block;font-size:1.4rem}code{word-break:break-all}
.muted{color:#666}.caption{color:#444;font-style:italic;margin:.4rem 0 0}`;

function table(headers: string[], rows: (string | number)[][], numeric: number[] = []): string {
  if (rows.length === 0) return `<p class="muted">none</p>`;
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const body = rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${numeric.includes(i) ? ' class="n"' : ""}>${escapeHtml(cell)}</td>`).join("")}</tr>`)
    .join("\n");
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function chartDiv(charts: Chart[], id: string): string {
  const chart = charts.find((c) => c.id === id);
  if (!chart) return "";
  const tall = id.endsWith("ranking") || id === "bad-debt";
  return `<p class="caption">${escapeHtml(chart.title)}</p><div class="chart${tall ? " tall" : ""}" id="chart-${escapeHtml(id)}"></div>`;
}

const figure = (label: string, value: string | number) => `<div class="figure"><b>${escapeHtml(value)}</b>${escapeHtml(label)}</div>`;

function replaySection(replay: ReplayResult, charts: Chart[]): string {
  const c = replay.liquidationCapacity;
  const rounds = replay.rounds
    .map((r) => {
      const prices = Object.entries(r.prices)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
      return `<h4>Round ${escapeHtml(r.round)}</h4><p>prices: ${escapeHtml(prices || "unchanged")}</p>
${table(
  ["market", "borrower", "liquidator", "repaid", "seized", "proceeds"],
  r.liquidations.map((l) => [l.market, l.borrower, l.liquidator, l.repaid, l.seized, l.proceeds]),
  [3, 4, 5],
)}
<p>stranded positions</p>${table(
        ["market", "borrower", "reason", "collateral"],
        r.stranded.map((s) => [s.market, s.borrower, s.reason, s.collateral]),
        [3],
      )}
<p>defaults: ${r.defaults.length === 0 ? "none" : r.defaults.map((d) => `<code>${escapeHtml(d)}</code>`).join(", ")}</p>`;
    })
    .join("\n");
  return `<h2>Replay on a fork</h2>
<p>chain ${escapeHtml(replay.chainId)}, forked at block ${escapeHtml(replay.forkBlock)}, ${escapeHtml(replay.rounds.length)} rounds in ${escapeHtml(replay.ms)} ms</p>
<h3>Liquidation capacity</h3>
<div class="figures">${figure("available to qualified liquidators", c.available)}${figure("needed to clear every unhealthy position", c.needed)}${figure("qualified liquidators", c.qualifiedLiquidators)}${figure("unqualified liquidators refused", c.unqualifiedLiquidatorsRefused)}</div>
${chartDiv(charts, "capacity")}
<h3>Rounds</h3>${chartDiv(charts, "rounds")}
${rounds}
<h3>Bad debt per market</h3>${chartDiv(charts, "bad-debt")}
${table(["market", "bad debt"], Object.entries(replay.badDebt), [1])}
<h3>Losses by holder category</h3>${chartDiv(charts, "losses")}
${table(["category", "loss"], Object.entries(replay.lossesByCategory), [1])}`;
}

function networkSection(result: NetworkResult, i: number, charts: Chart[]): string {
  const loss =
    result.systemicLoss === undefined
      ? ""
      : figure(result.model.startsWith("debtrank") ? "systemic loss R" : "shortfall / liabilities", result.systemicLoss.toFixed(4));
  const listed = (ids: string[]) => (ids.length <= 50 ? ids.join(", ") : `${ids.slice(0, 50).join(", ")} and ${ids.length - 50} more`);
  const rounds = table(
    ["round", "nodes that default"],
    result.rounds.map((r, k) => [k + 1, listed(r)]),
    [0],
  );
  const ranking = table(
    ["rank", "node", "score"],
    topRanking(result).map((r, k) => [k + 1, r.id, r.score.toFixed(6)]),
    [0, 2],
  );
  return `<h2>Network contagion: ${escapeHtml(result.model)}</h2>
<div class="figures">${figure("shortfall", result.shortfall)}${figure("nodes in default", result.defaults.length)}${loss}</div>
<h3>Defaults per round</h3>${chartDiv(charts, `network-${i}-rounds`)}${rounds}
<h3>Systemic-importance ranking</h3>${chartDiv(charts, `network-${i}-ranking`)}${ranking}`;
}

const sha256 = (s: string) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;

/** The report as a complete HTML document (UTF-8), readable offline in any browser. */
export function renderStressReportHtml(report: StressReport): string {
  const charts = reportCharts(report);
  const bundle = echartsBundle();
  const csp = `default-src 'none'; script-src ${sha256(bundle)} ${sha256(DRAW)}; style-src 'unsafe-inline'; img-src data:`;
  const sections = [report.replay ? replaySection(report.replay, charts) : "", ...(report.network ?? []).map((r, i) => networkSection(r, i, charts))].join(
    "\n",
  );
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Stress report: ${escapeHtml(report.scenario)}</title>
<style>${STYLE}</style></head>
<body>
<h1>Stress report: ${escapeHtml(report.scenario)}</h1>
<p class="muted">generated ${escapeHtml(report.generatedAt)}, report format ${escapeHtml(report.version)}</p>
<div class="figures">${figure("total shortfall", report.totalShortfall)}${report.replay ? figure("replay rounds", report.replay.rounds.length) : ""}${figure("network models", (report.network ?? []).length)}</div>
${sections}
<script type="application/json" id="report-charts">${jsonForScript(charts)}</script>
<script>${bundle}</script>
<script>${DRAW}</script>
</body></html>
`;
}
