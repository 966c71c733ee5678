// The charts of the stress report as ECharts options, built here from the report so the page's own script
// only draws them. Options are plain data: names from the report stay strings (drawn on a canvas, with
// tooltips in rich-text mode, never as HTML).
import type { NetworkResult, StressReport } from "../types.js";

export interface Chart {
  id: string;
  title: string;
  option: Record<string, unknown>;
}

const BASE = {
  animation: false,
  tooltip: { trigger: "axis", renderMode: "richText" },
  grid: { left: 64, right: 24, top: 40, bottom: 72, containLabel: true },
};

function bars(categories: string[], series: { name: string; data: number[]; stack?: string }[], horizontal = false) {
  const categoryAxis = {
    type: "category",
    data: categories,
    axisLabel: { interval: 0, rotate: horizontal ? 0 : categories.length > 6 ? 30 : 0, width: 160, overflow: "truncate" },
  };
  const valueAxis = { type: "value" };
  return {
    ...BASE,
    legend: { top: 0 },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
    series: series.map((s) => ({ type: "bar", name: s.name, data: s.data, stack: s.stack })),
  };
}

const num = (x: string | number) => Number(x);

/** The ranking shown for a network result: the top `n` by score. */
export function topRanking(result: NetworkResult, n = 20) {
  return result.ranking.slice(0, n);
}

/** Every chart of the report, in page order; sections without data have no chart. */
export function reportCharts(report: StressReport): Chart[] {
  const charts: Chart[] = [];
  const replay = report.replay;
  if (replay) {
    const { available, needed } = replay.liquidationCapacity;
    charts.push({
      id: "capacity",
      title: "Liquidation capacity of qualified liquidators against what the scenario needs",
      option: bars(["available", "needed"], [{ name: "loan token units", data: [num(available), num(needed)] }]),
    });
    const rounds = replay.rounds.map((r) => `round ${r.round}`);
    charts.push({
      id: "rounds",
      title: "Per round: positions liquidated, positions stranded, borrowers in default",
      option: bars(rounds, [
        { name: "liquidated", data: replay.rounds.map((r) => r.liquidations.length) },
        { name: "stranded", data: replay.rounds.map((r) => r.stranded.length) },
        { name: "defaults", data: replay.rounds.map((r) => r.defaults.length) },
      ]),
    });
    const markets = Object.keys(replay.badDebt);
    if (markets.length > 0) {
      charts.push({
        id: "bad-debt",
        title: "Bad debt per market",
        option: bars(markets, [{ name: "bad debt", data: markets.map((m) => num(replay.badDebt[m]!)) }], true),
      });
    }
    const categories = Object.keys(replay.lossesByCategory);
    if (categories.length > 0) {
      charts.push({
        id: "losses",
        title: "Losses by holder category",
        option: bars(categories, [{ name: "loss", data: categories.map((c) => num(replay.lossesByCategory[c]!)) }]),
      });
    }
  }
  (report.network ?? []).forEach((result, i) => {
    if (result.rounds.length > 0) {
      charts.push({
        id: `network-${i}-rounds`,
        title: `${result.model}: nodes that default per round`,
        option: bars(
          result.rounds.map((_, k) => `round ${k + 1}`),
          [{ name: "defaults", data: result.rounds.map((r) => r.length) }],
        ),
      });
    }
    const top = topRanking(result);
    if (top.length > 0) {
      charts.push({
        id: `network-${i}-ranking`,
        title: `${result.model}: systemic-importance ranking (top ${top.length})`,
        option: bars(
          top.map((r) => r.id),
          [{ name: "score", data: top.map((r) => r.score) }],
          true,
        ),
      });
    }
  });
  return charts;
}
