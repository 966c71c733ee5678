import { useMemo, useState } from "react";
import type { Session } from "../api/session";
import type { Alert, Severity } from "../api/types";
import { call } from "../api/client";
import { useLoad } from "../hooks/useLoad";
import { ErrorNote } from "../components/ErrorNote";
import { SEVERITY_ORDER, SeverityBadge } from "../components/SeverityBadge";
import { AcknowledgeForm } from "../components/AcknowledgeForm";
import { formatTime } from "../components/format";

/** The alert queue, most severe first: filter by severity, rule, text and state; acknowledge with a note. */
export function Alerts({ session }: { session: Session }) {
  const alerts = useLoad(() => call<Alert[]>(session, "monitor", "/alerts?limit=1000"), [session.monitorKey]);
  const [severity, setSeverity] = useState<Severity>("info");
  const [rule, setRule] = useState("");
  const [text, setText] = useState("");
  const [open, setOpen] = useState(true);
  const [acknowledging, setAcknowledging] = useState<string>();
  const rules = useMemo(() => [...new Set((alerts.data ?? []).map((a) => a.rule))].sort(), [alerts.data]);
  const shown = useMemo(() => {
    const floor = SEVERITY_ORDER.indexOf(severity);
    const needle = text.trim().toLowerCase();
    return (alerts.data ?? [])
      .filter((a) => SEVERITY_ORDER.indexOf(a.severity) <= floor)
      .filter((a) => !rule || a.rule === rule)
      .filter((a) => !open || a.acknowledged === null)
      .filter((a) => !needle || a.message.toLowerCase().includes(needle) || a.subject.toLowerCase().includes(needle))
      .sort((x, y) => SEVERITY_ORDER.indexOf(x.severity) - SEVERITY_ORDER.indexOf(y.severity) || y.block_number - x.block_number);
  }, [alerts.data, severity, rule, text, open]);

  return (
    <div className="view" data-view="alerts">
      <h1>Alerts</h1>
      <fieldset className="toolbar" aria-label="Filter alerts">
        <label>
          Severity at least
          <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
            {[...SEVERITY_ORDER].reverse().map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Rule
          <select value={rule} onChange={(e) => setRule(e.target.value)}>
            <option value="">every rule</option>
            {rules.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          Search
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="address or words" />
        </label>
        <label className="check">
          <input type="checkbox" checked={open} onChange={(e) => setOpen(e.target.checked)} />
          Open only
        </label>
      </fieldset>
      <ErrorNote error={alerts.error} />
      <p aria-live="polite" className="count" data-testid="alert-count">
        {alerts.loading ? "Loading alerts…" : `${shown.length} of ${alerts.data?.length ?? 0} alerts`}
      </p>
      <table className="alerts">
        <thead>
          <tr>
            <th>Severity</th>
            <th>Rule</th>
            <th>What happened</th>
            <th>Block</th>
            <th>State</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((a) => {
            const token = a.details.token as string | undefined;
            const tx = a.details.txHash as string | undefined;
            return (
              <tr key={a.id} data-rule={a.rule}>
                <td>
                  <SeverityBadge severity={a.severity} />
                </td>
                <td>{a.rule}</td>
                <td>{a.message}</td>
                <td>{a.block_number}</td>
                <td>
                  {a.acknowledged ? (
                    <span title={a.acknowledged.note ?? undefined}>
                      acknowledged by {a.acknowledged.by}, {formatTime(a.acknowledged.at)}
                      {a.acknowledged.note ? `: ${a.acknowledged.note}` : ""}
                    </span>
                  ) : (
                    "open"
                  )}
                </td>
                <td>
                  <div className="actions">
                    {token && tx && (
                      <a href={`#/trace?token=${token}&tx=${tx}`} aria-label={`Trace the transfer of alert ${a.id}`}>
                        Trace
                      </a>
                    )}
                    {!a.acknowledged && acknowledging !== a.id && (
                      <button type="button" onClick={() => setAcknowledging(a.id)} aria-label={`Acknowledge alert: ${a.message}`}>
                        Acknowledge
                      </button>
                    )}
                    {acknowledging === a.id && (
                      <AcknowledgeForm
                        session={session}
                        alertId={a.id}
                        onCancel={() => setAcknowledging(undefined)}
                        onDone={() => {
                          setAcknowledging(undefined);
                          alerts.reload();
                        }}
                      />
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
