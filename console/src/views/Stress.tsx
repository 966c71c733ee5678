import { useMemo } from "react";
import type { Session } from "../api/session";
import type { StressReport } from "../api/types";
import { call } from "../api/client";
import { useLoad } from "../hooks/useLoad";
import { Panel } from "../components/Panel";
import { Chart, type ChartOption } from "../components/Chart";
import { ErrorNote } from "../components/ErrorNote";
import { formatTime } from "../components/format";

const sum = (values: string[]) => values.reduce((a, v) => a + Number(v), 0);

/** A stress scenario's results: per round liquidations and stranded positions, losses by category, bad debt per market. */
export function Stress({ session }: { session: Session }) {
  const report = useLoad(() => call<StressReport>(session, "stress", ""), []);
  const r = report.data;
  const rounds = useMemo<ChartOption | undefined>(() => {
    if (!r?.replay) return undefined;
    const rs = r.replay.rounds;
    return {
      tooltip: { trigger: "axis" },
      legend: { data: ["repaid by liquidations", "stranded collateral", "defaults"], top: 0 },
      grid: { left: 70, right: 50, top: 40, bottom: 30 },
      xAxis: { type: "category", data: rs.map((x) => `round ${x.round}`) },
      yAxis: [
        { type: "value", name: "loan token" },
        { type: "value", name: "defaults", minInterval: 1 },
      ],
      series: [
        { name: "repaid by liquidations", type: "bar", data: rs.map((x) => sum(x.liquidations.map((l) => l.repaid))) },
        { name: "stranded collateral", type: "bar", data: rs.map((x) => sum(x.stranded.map((s) => s.collateral))) },
        { name: "defaults", type: "line", yAxisIndex: 1, data: rs.map((x) => x.defaults.length) },
      ],
    };
  }, [r]);
  const losses = useMemo<ChartOption | undefined>(() => {
    if (!r?.replay) return undefined;
    const entries = Object.entries(r.replay.lossesByCategory);
    return {
      tooltip: {},
      grid: { left: 120, right: 20, top: 20, bottom: 30 },
      xAxis: { type: "value", name: "loss" },
      yAxis: { type: "category", data: entries.map(([k]) => k) },
      series: [{ type: "bar", data: entries.map(([, v]) => Number(v)) }],
    };
  }, [r]);
  return (
    <div className="view" data-view="stress">
      <h1>Stress: {r?.scenario ?? "…"}</h1>
      <ErrorNote error={report.error} />
      {r && (
        <>
          <p>
            Generated {formatTime(r.generatedAt)}; total shortfall {r.totalShortfall}.
          </p>
          {r.replay && (
            <div className="grid">
              <Panel title="Rounds" id="rounds">
                {rounds && <Chart option={rounds} label="Liquidations, stranded collateral and defaults per round" />}
              </Panel>
              <Panel title="Losses by category" id="losses">
                {losses && <Chart option={losses} label="Losses by holder category" />}
              </Panel>
              <Panel title="Bad debt per market" id="bad-debt">
                <table>
                  <thead>
                    <tr>
                      <th>Market</th>
                      <th>Bad debt</th>
                    </tr>
                  </thead>
                  <tbody>
                    {Object.entries(r.replay.badDebt).map(([m, v]) => (
                      <tr key={m}>
                        <td>
                          <code>{m}</code>
                        </td>
                        <td>{v}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Panel>
            </div>
          )}
          {r.network && (
            <Panel title="Network models" id="network">
              <table>
                <thead>
                  <tr>
                    <th>Model</th>
                    <th>Defaults</th>
                    <th>Shortfall</th>
                  </tr>
                </thead>
                <tbody>
                  {r.network.map((n) => (
                    <tr key={`${n.model} ${n.shortfall} ${n.defaults.join(",")}`}>
                      <td>{n.model}</td>
                      <td>{n.defaults.length}</td>
                      <td>{n.shortfall.toFixed(2)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Panel>
          )}
        </>
      )}
    </div>
  );
}
