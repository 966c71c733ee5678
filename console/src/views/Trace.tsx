import { useCallback, useEffect, useMemo, useState, type FormEvent } from "react";
import type { Session } from "../api/session";
import type { ConsoleConfig, Trace as TraceData } from "../api/types";
import { call } from "../api/client";
import { Panel } from "../components/Panel";
import { Chart, type ChartOption } from "../components/Chart";
import { ErrorNote } from "../components/ErrorNote";
import { Address } from "../components/Address";
import { DisclosureForm } from "../components/DisclosureForm";
import { formatAmount } from "../components/format";

/** Who a participant is, as far as the console may say: its qualifier(s) or a registered contract, never a person. */
const standing = (n: { qualifiers: string[]; registeredContract: boolean; escrow?: true }) =>
  n.escrow
    ? "bridge escrow: the issuer releases or returns it"
    : n.registeredContract
      ? "registered contract"
      : n.qualifiers.length > 0
        ? `qualified by ${n.qualifiers.join(", ")}`
        : "no qualifier";

/** A participant of a trace: a wallet (or a bridge's escrow) on one chain. */
const nodeId = (chainId: number | undefined, address: string, escrow?: boolean) => `${chainId ?? ""}:${address}${escrow ? ":escrow" : ""}`;

/** The hops from a bad transfer, with tainted amounts and each participant's qualifier; a disclosure request per wallet. */
export function Trace({ session, config, params }: { session: Session; config: ConsoleConfig; params: URLSearchParams }) {
  const [token, setToken] = useState(params.get("token") ?? config.chain?.tokens[0]?.address ?? "");
  const [tx, setTx] = useState(params.get("tx") ?? "");
  const [hops, setHops] = useState("10");
  const [trace, setTrace] = useState<TraceData>();
  const [error, setError] = useState<Error>();
  const [disclosing, setDisclosing] = useState<string>();
  const decimals = config.chain?.tokens.find((t) => t.address.toLowerCase() === token.trim().toLowerCase())?.decimals ?? 0;
  const canDisclose = session.qualifierRole === "regulator" || session.qualifierRole === "admin";

  const runTrace = useCallback(
    async (tokenText: string, txText: string, hopsText: string) => {
      setError(undefined);
      setTrace(undefined);
      try {
        setTrace(
          await call<TraceData>(
            session,
            "monitor",
            `/tokens/${encodeURIComponent(tokenText.trim())}/trace?tx=${encodeURIComponent(txText.trim())}&hops=${encodeURIComponent(hopsText)}`,
          ),
        );
      } catch (err) {
        setError(err as Error);
      }
    },
    [session],
  );
  const load = (e: FormEvent) => {
    e.preventDefault();
    void runTrace(token, tx, hops);
  };
  // Opened from an alert (the address bar names a token and a transaction): trace at once.
  useEffect(() => {
    const openedToken = params.get("token");
    const openedTx = params.get("tx");
    if (!openedToken || !openedTx) return;
    setToken(openedToken);
    setTx(openedTx);
    void runTrace(openedToken, openedTx, "10");
  }, [params, runTrace]);

  // Across the bridge one address may be a participant on each chain: a node is a wallet on a chain.
  const crossChain = (trace?.chains?.length ?? 1) > 1;
  const option = useMemo<ChartOption | undefined>(() => {
    if (!trace) return undefined;
    const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;
    const maxHop = Math.max(1, ...trace.nodes.map((n) => n.hops));
    const perHop = new Map<number, number>();
    return {
      tooltip: { formatter: (p: { dataType: string; data: { tip: string } }) => p.data.tip },
      series: [
        {
          type: "graph",
          layout: "none",
          roam: true,
          edgeSymbol: ["none", "arrow"],
          label: { show: true, position: "bottom", distance: 10, fontSize: 11, lineHeight: 15 },
          data: trace.nodes.map((n) => {
            const row = perHop.get(n.hops) ?? 0;
            perHop.set(n.hops, row + 1);
            return {
              id: nodeId(n.chainId, n.address, n.escrow),
              name: `${short(n.address)}${crossChain ? ` (chain ${n.chainId})` : ""}\n${standing(n)}`,
              x: (n.hops / maxHop) * 800,
              y: row * 90,
              symbolSize: 18 + Math.min(30, Number(BigInt(n.taintedReceived) > 0n ? 12 : 0)),
              itemStyle: { color: n.hops === 0 ? "#b42318" : BigInt(n.recoverable) > 0n ? "#c4320a" : "#667085" },
              tip: `${n.address}<br/>${standing(n)}<br/>tainted received ${formatAmount(n.taintedReceived, decimals)}, still held ${formatAmount(n.recoverable, decimals)}`,
            };
          }),
          links: trace.edges.map((e) => ({
            source: nodeId(e.bridge?.fromChainId ?? e.chainId, e.from, e.bridge?.fromEscrow),
            target: nodeId(e.chainId, e.to, e.bridge?.step === "escrowed"),
            label: { show: true, formatter: `${formatAmount(e.tainted, decimals)} tainted${e.bridge ? ` (bridge, ${e.bridge.step})` : ""}` },
            tip: `${formatAmount(e.amount, decimals)} moved, ${formatAmount(e.tainted, decimals)} tainted, block ${e.blockNumber}${e.bridge ? ` on chain ${e.chainId}, bridged from chain ${e.bridge.fromChainId}` : ""}`,
          })),
        },
      ],
    };
  }, [trace, decimals, crossChain]);

  return (
    <div className="view" data-view="trace">
      <h1>Trace</h1>
      <form className="toolbar" onSubmit={load} aria-label="Trace a transfer">
        <label>
          Token
          <input value={token} onChange={(e) => setToken(e.target.value)} required spellCheck={false} size={44} />
        </label>
        <label>
          Transaction
          <input value={tx} onChange={(e) => setTx(e.target.value)} required spellCheck={false} size={68} placeholder="0x… of the bad transfer" />
        </label>
        <label>
          Hops
          <input type="number" min={1} max={100} value={hops} onChange={(e) => setHops(e.target.value)} />
        </label>
        <button type="submit">Trace</button>
      </form>
      <ErrorNote error={error} />
      {trace && (
        <>
          <p>
            Forward from {formatAmount(trace.source.amount, decimals)} moved from <Address value={trace.source.from} /> to <Address value={trace.source.to} /> (
            {trace.rule} taint); {formatAmount(trace.recoverableTotal, decimals)} tainted still held
            {trace.inFlightTotal && BigInt(trace.inFlightTotal) > 0n ? `, ${formatAmount(trace.inFlightTotal, decimals)} in flight across the bridge` : ""}.
          </p>
          {crossChain && (
            <p className="note">
              Across chains: {trace.chains!.map((c) => `${c.token} on chain ${c.chainId}`).join(", ")}. Tainted tokens are recovered on the chain where they
              are.
            </p>
          )}
          <Panel title="Hops" id="trace-graph">
            {option && <Chart option={option} label={`Graph of ${trace.nodes.length} wallets reached from the transfer, with tainted amounts`} height={360} />}
          </Panel>
          <Panel title="Participants" id="participants">
            <table>
              <thead>
                <tr>
                  <th>Wallet</th>
                  {crossChain && <th>Chain</th>}
                  <th>Hops</th>
                  <th>Standing</th>
                  <th>Tainted received</th>
                  <th>Tainted still held</th>
                  <th>Disclosure</th>
                </tr>
              </thead>
              <tbody>
                {trace.nodes.map((n) => (
                  <tr key={nodeId(n.chainId, n.address, n.escrow)}>
                    <td>
                      <Address value={n.address} />
                    </td>
                    {crossChain && <td>{n.chainId}</td>}
                    <td>{n.hops}</td>
                    <td>{standing(n)}</td>
                    <td>{formatAmount(n.taintedReceived, decimals)}</td>
                    <td>{formatAmount(n.recoverable, decimals)}</td>
                    <td>
                      {disclosing === nodeId(n.chainId, n.address, n.escrow) ? (
                        <DisclosureForm session={session} wallet={n.address} onClose={() => setDisclosing(undefined)} />
                      ) : (
                        <button
                          type="button"
                          disabled={!canDisclose || n.registeredContract || n.escrow}
                          onClick={() => setDisclosing(nodeId(n.chainId, n.address, n.escrow))}
                          aria-label={`Request disclosure for ${n.address}`}
                          title={canDisclose ? "ask the qualifier who is behind this wallet" : "needs a regulator's or admin's qualifier key"}
                        >
                          Request disclosure
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Panel>
        </>
      )}
    </div>
  );
}
