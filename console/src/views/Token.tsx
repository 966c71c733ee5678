import { useEffect, useMemo, useState } from "react";
import type { Session } from "../api/session";
import type { Category, ConsoleConfig, Overview, TokenAnalytics } from "../api/types";
import { call } from "../api/client";
import { useLoad } from "../hooks/useLoad";
import { Panel } from "../components/Panel";
import { Chart, type ChartOption } from "../components/Chart";
import { Stat } from "../components/Stat";
import { ErrorNote } from "../components/ErrorNote";
import { HoldersTable, type HolderRow } from "../components/HoldersTable";
import { PreflightForm } from "../components/PreflightForm";
import { formatAmount, formatShare } from "../components/format";

const CATEGORIES: Category[] = ["mint/burn", "defi", "exchange", "custodian", "bridge", "individual"];

/** Scales base units to token units for charts (a float is fine to draw; tables keep the exact amounts). */
const units = (value: string, decimals: number) => Number(BigInt(value) / 10n ** BigInt(Math.max(0, decimals - 6))) / 10 ** Math.min(6, decimals);

/** One token: supply and holders over time, concentration, net flows by category, every holder, and a pre-flight. */
export function Token({ session, config, address }: { session: Session; config: ConsoleConfig; address?: string }) {
  const tokens = config.chain?.tokens ?? [];
  const [token, setToken] = useState(address ?? tokens[0]?.address ?? "");
  // A link to another token (#/token?address=...) while this view is open switches to it.
  useEffect(() => {
    if (address) setToken(address);
  }, [address]);
  const [period, setPeriod] = useState<"day" | "week" | "month">("week");
  const overview = useLoad(() => (config.chain ? call<Overview>(session, "chain", "/overview") : Promise.resolve(undefined)), [config.chain]);
  const analytics = useLoad(
    () => (session.monitorKey && token ? call<TokenAnalytics>(session, "monitor", `/tokens/${token}/analytics?period=${period}`) : Promise.resolve(undefined)),
    [session.monitorKey, token, period],
  );
  const status = overview.data?.tokens.find((t) => t.address.toLowerCase() === token.toLowerCase());
  const decimals = status?.decimals ?? tokens.find((t) => t.address === token)?.decimals ?? 18;
  const symbol = status?.symbol ?? tokens.find((t) => t.address === token)?.symbol ?? "tokens";
  const a = analytics.data;

  const supplyOption = useMemo<ChartOption | undefined>(() => {
    if (!a) return undefined;
    const days = [...new Set([...a.supply.map((s) => s.day), ...a.holders.map((h) => h.day)])].sort();
    const supply = new Map(a.supply.map((s) => [s.day, units(s.supply, decimals)]));
    const holders = new Map(a.holders.map((h) => [h.day, h.holders]));
    return {
      tooltip: { trigger: "axis" },
      legend: { data: ["Supply", "Holders"], top: 0 },
      grid: { left: 70, right: 50, top: 40, bottom: 30 },
      xAxis: { type: "category", data: days },
      yAxis: [
        { type: "value", name: symbol },
        { type: "value", name: "holders", minInterval: 1 },
      ],
      series: [
        { name: "Supply", type: "line", step: "end", symbolSize: 8, data: days.map((d) => supply.get(d) ?? null), connectNulls: true },
        { name: "Holders", type: "line", step: "end", symbolSize: 8, yAxisIndex: 1, data: days.map((d) => holders.get(d) ?? null), connectNulls: true },
      ],
    };
  }, [a, decimals, symbol]);

  const flowsOption = useMemo<ChartOption | undefined>(() => {
    if (!a) return undefined;
    const present = CATEGORIES.filter((c) => a.flowsOverTime.some((p) => p.net[c] !== undefined));
    return {
      tooltip: { trigger: "axis" },
      legend: { data: present, top: 0 },
      grid: { left: 70, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: a.flowsOverTime.map((p) => p.period) },
      yAxis: { type: "value", name: `net ${symbol}` },
      series: present.map((c) => ({ name: c, type: "bar", stack: "net", data: a.flowsOverTime.map((p) => (p.net[c] ? units(p.net[c]!, decimals) : 0)) })),
    };
  }, [a, decimals, symbol]);

  const rows = useMemo<HolderRow[]>(() => {
    if (!a) return [];
    const supply = BigInt(a.concentration.supply) || 1n;
    return a.balances.map((b, i) => ({
      rank: i + 1,
      holder: b.holder,
      balance: BigInt(b.balance),
      share: Number((BigInt(b.balance) * 1_000_000n) / supply) / 1_000_000,
    }));
  }, [a]);

  return (
    <div className="view" data-view="token">
      <h1>Token {status ? `${status.name} (${status.symbol})` : ""}</h1>
      <div className="toolbar">
        {tokens.length > 0 ? (
          <label>
            Token
            <select value={token} onChange={(e) => setToken(e.target.value)}>
              {tokens.map((t) => (
                <option key={t.address} value={t.address}>
                  {t.symbol} {t.address}
                </option>
              ))}
              {token && !tokens.some((t) => t.address === token) && <option value={token}>{token}</option>}
            </select>
          </label>
        ) : (
          <label>
            Token address
            <input
              defaultValue={token}
              onBlur={(e) => setToken(e.target.value.trim())}
              onKeyDown={(e) => e.key === "Enter" && setToken(e.currentTarget.value.trim())}
              spellCheck={false}
              size={44}
              placeholder="0x… of an indexed token"
            />
          </label>
        )}
        <label>
          Flows per
          <select value={period} onChange={(e) => setPeriod(e.target.value as typeof period)}>
            <option value="day">day</option>
            <option value="week">week</option>
            <option value="month">month</option>
          </select>
        </label>
      </div>
      {!session.monitorKey && <p className="note">Sign in with a monitor API key to see this token's analytics.</p>}
      <ErrorNote error={analytics.error} />
      {a && (
        <>
          <section className="stats" aria-label="Concentration">
            <Stat label="holders" value={a.concentration.holders.toLocaleString("en-US")} />
            <Stat label="supply" value={formatAmount(a.concentration.supply, decimals)} />
            {Object.entries(a.concentration.topShare).map(([n, s]) => (
              <Stat key={n} label={`top ${n} share`} value={formatShare(s)} />
            ))}
            <Stat label="HHI" value={Math.round(a.concentration.hhi).toLocaleString("en-US")} hint="Herfindahl-Hirschman index, 0 to 10,000" />
            <Stat label="Nakamoto" value={String(a.concentration.nakamoto)} hint="the fewest holders that together hold more than half" />
          </section>
          <div className="grid">
            <Panel title="Supply and holders over time" id="supply">
              {supplyOption && <Chart option={supplyOption} label={`Supply and number of holders of ${symbol} per day`} />}
            </Panel>
            <Panel title="Net flows by counterparty category" id="flows">
              {flowsOption && <Chart option={flowsOption} label={`Net flows of ${symbol} by counterparty category per ${period}, stacked`} />}
            </Panel>
          </div>
          {a.supplyAcrossChains && (a.chains?.length ?? 1) > 1 && (
            <Panel title="Across chains" id="across-chains">
              <p className="note">
                The token and its bridged tokens are one asset: each chain's supply, what waits in a bridge's escrow there and what is on its way to it add up
                to {formatAmount(a.supplyAcrossChains.total, decimals)} {symbol}. Holders above sum each wallet's balances on every chain.
              </p>
              <table>
                <thead>
                  <tr>
                    <th>Chain</th>
                    <th>Token</th>
                    <th>Supply</th>
                    <th>In escrow</th>
                    <th>In flight to it</th>
                    <th>Holders</th>
                  </tr>
                </thead>
                <tbody>
                  {a.supplyAcrossChains.chains.map((c) => (
                    <tr key={c.chainId}>
                      <td>{c.chainId}</td>
                      <td>{c.token}</td>
                      <td>{formatAmount(c.supply, decimals)}</td>
                      <td>{formatAmount(c.escrowed, decimals)}</td>
                      <td>{formatAmount(c.inFlightIn, decimals)}</td>
                      <td>{(a.balancesByChain ?? []).filter((b) => b.chainId === c.chainId).length.toLocaleString("en-US")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Panel>
          )}
          <Panel title={`Holders (${rows.length.toLocaleString("en-US")})`} id="holders">
            <HoldersTable rows={rows} decimals={decimals} />
          </Panel>
        </>
      )}
      {config.chain && token && (
        <Panel title="Transfer pre-flight" id="preflight">
          <PreflightForm session={session} token={token} decimals={decimals} symbol={symbol} />
        </Panel>
      )}
    </div>
  );
}
