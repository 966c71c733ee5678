import type { Session } from "../api/session";
import type { AccessMap, ConsoleConfig, Holder, VerifierNode } from "../api/types";
import { call } from "../api/client";
import { useLoad } from "../hooks/useLoad";
import { Panel } from "../components/Panel";
import { ErrorNote } from "../components/ErrorNote";
import { Address } from "../components/Address";
import { ProposalCommand } from "../components/ProposalCommand";

function HolderCell({ h }: { h: Holder }) {
  return (
    <div className="holder">
      <Address value={h.address} /> {h.label && <strong>{h.label}</strong>}{" "}
      {h.kind === "safe" && (
        <span>
          Safe, {h.threshold} of {h.owners?.length} owners
        </span>
      )}
      {h.kind === "timelock" && <span>timelock, {Number(h.delaySeconds) / 3600} h delay</span>}
      {h.kind === "key" && <span>key</span>}
      {h.kind === "contract" && <span>contract</span>}
    </div>
  );
}

function Verifier({ node }: { node: VerifierNode }) {
  return (
    <li>
      <strong>{node.kind}</strong> <Address value={node.address} />
      {Object.entries(node.immutable).map(([k, v]) => (
        <div key={k} className="small">
          {k}: {v}
        </div>
      ))}
      {node.children && (
        <ul>
          {node.children.map((c) => (
            <Verifier key={c.address} node={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** Who can do what, read from the chain (as `qualified inspect`), and proposals prepared for the governance Safe's owners. */
export function Governance({ session, config }: { session: Session; config: ConsoleConfig }) {
  const map = useLoad(() => call<AccessMap>(session, "chain", "/access"), [config.chain]);
  const safe = map.data?.contracts.flatMap((c) => c.roles.flatMap((r) => r.holders)).find((h) => h.label === "governance Safe");
  return (
    <div className="view" data-view="governance">
      <h1>Governance map</h1>
      <ErrorNote error={map.error} />
      {map.loading && <p aria-live="polite">Reading roles from the chain…</p>}
      {map.data && (
        <div className="grid">
          {map.data.contracts.map((c) => (
            <Panel key={c.address} title={c.name} id={`contract-${c.address}`}>
              <table>
                <thead>
                  <tr>
                    <th>Role</th>
                    <th>Held by</th>
                  </tr>
                </thead>
                <tbody>
                  {c.roles.map((r) => (
                    <tr key={r.role}>
                      <td>{r.role}</td>
                      <td>{r.holders.length === 0 ? "nobody" : r.holders.map((h) => <HolderCell key={h.address} h={h} />)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Panel>
          ))}
          {map.data.token && (
            <Panel title="Token policy" id="token-policy">
              <p>
                Issuer: <HolderCell h={map.data.token.issuer} />
              </p>
              <ul className="verifiers">
                <Verifier node={map.data.token.verifier} />
              </ul>
              <p className="small">Replaceable: {map.data.token.replaceable.join("; ")}</p>
            </Panel>
          )}
          <Panel title="Propose a change" id="propose">
            <ProposalCommand owners={safe?.owners ?? []} />
          </Panel>
        </div>
      )}
    </div>
  );
}
