import { useState, type FormEvent } from "react";
import type { ConsoleConfig } from "../api/types";
import { call } from "../api/client";
import type { Session } from "../api/session";
import { ErrorNote } from "./ErrorNote";

/**
 * Signs in with an API key per service. Each key is checked with its service before it is kept (in this tab's
 * sessionStorage only); the qualifier service says the key's role, which decides the views.
 */
export function SignIn({ config, session, onSignedIn }: { config: ConsoleConfig; session: Session; onSignedIn: (s: Session) => void }) {
  const [monitorKey, setMonitorKey] = useState(session.monitorKey ?? "");
  const [qualifierKey, setQualifierKey] = useState(session.qualifierKey ?? "");
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const next: Session = {};
      if (monitorKey.trim()) {
        next.monitorKey = monitorKey.trim();
        await call(next, "monitor", "/alerts?limit=1").catch((err: Error) => {
          throw new Error(`Monitor API key: ${err.message}`);
        });
      }
      if (qualifierKey.trim()) {
        next.qualifierKey = qualifierKey.trim();
        const me = await call<{ role: Session["qualifierRole"]; label: string }>(next, "qualifier", "/me").catch((err: Error) => {
          throw new Error(`Qualifier service key: ${err.message}`);
        });
        next.qualifierRole = me.role;
        next.qualifierLabel = me.label;
      }
      onSignedIn(next);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form signin" onSubmit={submit} aria-label="Sign in with API keys">
      <h1>Sign in</h1>
      <p>Each service checks its own key; the keys stay in this browser tab and are sent only to their service.</p>
      {config.monitor && (
        <label>
          Monitor API key
          <input
            type="password"
            name="monitor-key"
            autoComplete="off"
            value={monitorKey}
            onChange={(e) => setMonitorKey(e.target.value)}
            placeholder="from qualified api-key create"
          />
        </label>
      )}
      {config.qualifier && (
        <label>
          Qualifier service key
          <input
            type="password"
            name="qualifier-key"
            autoComplete="off"
            value={qualifierKey}
            onChange={(e) => setQualifierKey(e.target.value)}
            placeholder="from qualified qualifier create-key"
          />
        </label>
      )}
      <button type="submit" disabled={busy}>
        {busy ? "Checking…" : "Sign in"}
      </button>
      <ErrorNote error={error} />
    </form>
  );
}
