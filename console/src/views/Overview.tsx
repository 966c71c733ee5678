import type { Session } from "../api/session";
import type { Alert, ConsoleConfig, Overview as OverviewData } from "../api/types";
import { call } from "../api/client";
import { useLoad } from "../hooks/useLoad";
import { Panel } from "../components/Panel";
import { Address } from "../components/Address";
import { ErrorNote } from "../components/ErrorNote";
import { formatAmount, formatTime } from "../components/format";
import { SeverityBadge } from "../components/SeverityBadge";

/** The system at a glance: qualifiers and their standing, regulators, issuers, tokens, registered contracts, recent alerts. */
export function Overview({ session, config }: { session: Session; config: ConsoleConfig }) {
  const chain = useLoad(() => (config.chain ? call<OverviewData>(session, "chain", "/overview") : Promise.resolve(undefined)), [config.chain]);
  const alerts = useLoad(() => (session.monitorKey ? call<Alert[]>(session, "monitor", "/alerts?limit=8") : Promise.resolve(undefined)), [session.monitorKey]);
  const o = chain.data;
  return (
    <div className="view" data-view="overview">
      <h1>Overview</h1>
      {!config.chain && <p className="note">This console has no chain view: start it with --rpc and --deployment to see the registries.</p>}
      <ErrorNote error={chain.error} />
      {chain.loading && config.chain && <p aria-live="polite">Reading the registries…</p>}
      {o && (
        <div className="grid">
          <Panel title="Qualifiers" id="qualifiers">
            <table>
              <thead>
                <tr>
                  <th>Id</th>
                  <th>Name</th>
                  <th>Issuing account</th>
                  <th>Classes</th>
                  <th>Standing</th>
                </tr>
              </thead>
              <tbody>
                {o.qualifiers.map((q) => (
                  <tr key={q.id}>
                    <td>{q.id}</td>
                    <td>{q.name}</td>
                    <td>
                      <Address value={q.account} />
                    </td>
                    <td>{q.classes.join(", ")}</td>
                    <td>
                      <span className={q.active ? "badge ok" : "badge bad"}>{q.active ? "active" : "suspended"}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Panel>
          <Panel title="Regulators" id="regulators">
            <table>
              <thead>
                <tr>
                  <th>Jurisdiction</th>
                  <th>Regulator</th>
                </tr>
              </thead>
              <tbody>
                {o.regulators.map((r) => (
                  <tr key={r.jurisdiction}>
                    <td>{r.jurisdiction}</td>
                    <td>
                      <Address value={r.regulator} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>Issuers</h3>
            <table>
              <thead>
                <tr>
                  <th>Issuer</th>
                  <th>Jurisdiction</th>
                  <th>Qualified</th>
                </tr>
              </thead>
              <tbody>
                {o.issuers.map((i) => (
                  <tr key={`${i.issuer}${i.jurisdiction}`}>
                    <td>
                      <Address value={i.issuer} />
                    </td>
                    <td>{i.jurisdiction}</td>
                    <td>{i.qualified ? "yes" : "withdrawn"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Panel>
          <Panel title="Tokens" id="tokens">
            <table>
              <thead>
                <tr>
                  <th>Token</th>
                  <th>Supply</th>
                  <th>DeFi-ready</th>
                  <th>Where</th>
                  <th>State</th>
                </tr>
              </thead>
              <tbody>
                {o.tokens.map((t) => (
                  <tr key={t.address}>
                    <td>
                      <a href={`#/token?address=${t.address}`}>{t.symbol}</a> <Address value={t.address} />
                    </td>
                    <td>{formatAmount(t.totalSupply, t.decimals)}</td>
                    <td>{t.defiReady ? "yes" : "no"}</td>
                    <td>{t.jurisdictions.join(", ") || "—"}</td>
                    <td>{t.paused ? "paused" : "trading"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Panel>
          <Panel title="Registered contracts" id="contracts">
            {o.contracts.length === 0 ? (
              <p className="note">No contract is registered.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>Contract</th>
                    <th>Registrant</th>
                    <th>Vetted code</th>
                    <th>Status</th>
                    <th>Challenge window ends</th>
                  </tr>
                </thead>
                <tbody>
                  {o.contracts.map((c) => (
                    <tr key={c.target}>
                      <td>
                        <Address value={c.target} />
                      </td>
                      <td>
                        <Address value={c.registrant} /> <small>{c.registrantKind}</small>
                      </td>
                      <td>{c.vetted ? "yes" : "no"}</td>
                      <td>{c.status}</td>
                      <td>{c.windowEndsAt ? formatTime(c.windowEndsAt) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Panel>
        </div>
      )}
      {session.monitorKey && (
        <Panel title="Recent alerts" id="recent-alerts" actions={<a href="#/alerts">All alerts</a>}>
          <ErrorNote error={alerts.error} />
          <ul className="alert-list">
            {alerts.data?.map((a) => (
              <li key={a.id}>
                <SeverityBadge severity={a.severity} /> {a.message}
              </li>
            ))}
            {alerts.data?.length === 0 && <li>No alert.</li>}
          </ul>
        </Panel>
      )}
    </div>
  );
}
