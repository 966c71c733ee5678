import { useState } from "react";
import type { Session } from "../api/session";
import type { Application, Desk, Hold } from "../api/types";
import { call } from "../api/client";
import { useLoad } from "../hooks/useLoad";
import { Panel } from "../components/Panel";
import { ErrorNote } from "../components/ErrorNote";
import { Address } from "../components/Address";
import { DecisionForm } from "../components/DecisionForm";
import { formatTime } from "../components/format";

type Pending = { kind: "approve" | "reject" | "confirm" | "clear"; id: string };
const ACTION = { approve: "Approve", reject: "Reject", confirm: "Confirm match", clear: "Clear hold" } as const;

/** The reviewers' desk: applications, screening holds to confirm or clear, decisions, disclosures awaiting a second approver. */
export function QualifierDesk({ session }: { session: Session }) {
  const desk = useLoad(() => call<Desk>(session, "qualifier", "/pending"), [session.qualifierKey]);
  const holds = useLoad(() => call<Hold[]>(session, "qualifier", "/reviews"), [session.qualifierKey]);
  const [pending, setPending] = useState<Pending>();
  const [opened, setOpened] = useState<Application>();
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<Error>();

  const open = async (id: string) => {
    setError(undefined);
    try {
      setOpened(await call<Application>(session, "qualifier", `/applications/${id}`));
    } catch (err) {
      setError(err as Error);
    }
  };
  const decide = async (p: Pending, reason: string) => {
    const r = await call<{ status: string; clearances?: number }>(session, "qualifier", `/applications/${p.id}/${p.kind}`, {
      method: "POST",
      body: { reason },
    });
    setPending(undefined);
    setDone(`Application ${p.id} is now ${r.status}${r.clearances !== undefined ? ` (${r.clearances} of 2 clearances)` : ""}.`);
    desk.reload();
    holds.reload();
    if (p.kind === "approve") await open(p.id); // the credentials just issued, with their ids
  };
  const approveDisclosure = async (id: string) => {
    setError(undefined);
    try {
      const r = await call<{ status: string; approvals: number }>(session, "qualifier", `/disclosures/${id}/approve`, { method: "POST" });
      setDone(`Disclosure request ${id}: ${r.approvals} approval(s), ${r.status}.`);
      desk.reload();
    } catch (err) {
      setError(err as Error);
    }
  };
  const decisionRow = (kind: Pending["kind"], id: string) =>
    pending?.id === id && pending.kind === kind ? (
      <DecisionForm
        action={ACTION[kind]}
        subject={`application ${id}`}
        onSubmit={(reason) => decide({ kind, id }, reason)}
        onCancel={() => setPending(undefined)}
      />
    ) : (
      <button type="button" onClick={() => setPending({ kind, id })} aria-label={`${ACTION[kind]} application ${id}`}>
        {ACTION[kind]}
      </button>
    );

  return (
    <div className="view" data-view="desk">
      <h1>Qualifier desk</h1>
      <p className="note">
        Signed in as {session.qualifierLabel} ({session.qualifierRole}). Opening an application shows personal data and is written to the audit log.
      </p>
      {done && (
        <p role="status" className="verdict ok">
          {done}
        </p>
      )}
      <ErrorNote error={error ?? desk.error ?? holds.error} />
      <Panel title="Applications waiting for a decision" id="applications">
        <table>
          <thead>
            <tr>
              <th>Application</th>
              <th>Country</th>
              <th>Class</th>
              <th>Wallets</th>
              <th>Received</th>
              <th>Decide</th>
            </tr>
          </thead>
          <tbody>
            {desk.data?.applications.map((a) => (
              <tr key={a.id}>
                <td>
                  <button type="button" className="link" onClick={() => open(a.id)} aria-label={`Open application ${a.id}`}>
                    {a.id.slice(0, 8)}
                  </button>
                </td>
                <td>{a.country}</td>
                <td>{a.classId}</td>
                <td>
                  {a.wallets.map((w) => (
                    <Address key={w} value={w} />
                  ))}
                </td>
                <td>{formatTime(a.createdAt)}</td>
                <td>
                  <div className="actions">
                    {decisionRow("approve", a.id)}
                    {decisionRow("reject", a.id)}
                  </div>
                </td>
              </tr>
            ))}
            {desk.data?.applications.length === 0 && (
              <tr>
                <td colSpan={6}>No application is waiting.</td>
              </tr>
            )}
          </tbody>
        </table>
      </Panel>
      {opened && (
        <Panel
          title={`Application ${opened.id.slice(0, 8)}: ${opened.status}`}
          id="opened"
          actions={
            <button type="button" onClick={() => setOpened(undefined)}>
              Close
            </button>
          }
        >
          {opened.profile && (
            <p>
              {opened.profile.legalName}, LEI {opened.profile.lei}, {opened.country}, class {opened.classId}
            </p>
          )}
          <table data-testid="credentials">
            <thead>
              <tr>
                <th>Wallet</th>
                <th>Credential</th>
              </tr>
            </thead>
            <tbody>
              {opened.wallets.map((w) => (
                <tr key={w.address}>
                  <td>
                    <Address value={w.address} />
                  </td>
                  <td>
                    {w.credentialId ? (
                      <span title={w.credentialId}>
                        credential #{w.credentialId.length > 16 ? `${w.credentialId.slice(0, 6)}…${w.credentialId.slice(-6)}` : w.credentialId}
                      </span>
                    ) : (
                      "none yet"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
      )}
      <Panel title="Screening holds" id="holds">
        <table>
          <thead>
            <tr>
              <th>Application</th>
              <th>Hits</th>
              <th>Clearances</th>
              <th>Decide</th>
            </tr>
          </thead>
          <tbody>
            {holds.data?.map((h) => (
              <tr key={h.hold}>
                <td>
                  {h.id.slice(0, 8)}
                  <br />
                  <small>{formatTime(h.openedAt)}</small>
                </td>
                <td>
                  <ul>
                    {h.hits.map((hit) => (
                      <li key={[hit.kind, hit.wallet, hit.party, hit.listUid, hit.matchedName, hit.score].join("|")}>
                        {hit.kind}
                        {hit.party ? ` — ${hit.party}` : ""}
                        {hit.matchedName ? ` matches ${hit.matchedName}` : ""}
                        {hit.score !== undefined ? ` (score ${hit.score.toFixed(2)})` : ""}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{h.clearances} of 2</td>
                <td>
                  <div className="actions">
                    {decisionRow("confirm", h.id)}
                    {decisionRow("clear", h.id)}
                  </div>
                </td>
              </tr>
            ))}
            {holds.data?.length === 0 && (
              <tr>
                <td colSpan={4}>No screening hold is open.</td>
              </tr>
            )}
          </tbody>
        </table>
      </Panel>
      <Panel title="Disclosure requests waiting for approvers" id="disclosures">
        <table>
          <thead>
            <tr>
              <th>Request</th>
              <th>Wallet</th>
              <th>Approvals</th>
              <th>Asked</th>
              <th>Decide</th>
            </tr>
          </thead>
          <tbody>
            {desk.data?.disclosures.map((d) => (
              <tr key={d.id}>
                <td>{d.id.slice(0, 8)}</td>
                <td>
                  <Address value={d.wallet} />
                </td>
                <td>
                  {d.approvals} of {d.needed}
                </td>
                <td>{formatTime(d.createdAt)}</td>
                <td>
                  <button type="button" onClick={() => approveDisclosure(d.id)} aria-label={`Approve disclosure request ${d.id}`}>
                    Approve
                  </button>
                </td>
              </tr>
            ))}
            {desk.data?.disclosures.length === 0 && (
              <tr>
                <td colSpan={5}>No disclosure request is waiting.</td>
              </tr>
            )}
          </tbody>
        </table>
      </Panel>
    </div>
  );
}
