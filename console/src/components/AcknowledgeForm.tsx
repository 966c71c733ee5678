import { useState, type FormEvent } from "react";
import type { Session } from "../api/session";
import { call } from "../api/client";
import { ErrorNote } from "./ErrorNote";

/** Acknowledges one alert with a note (stored sealed by the monitor). */
export function AcknowledgeForm({ session, alertId, onDone, onCancel }: { session: Session; alertId: string; onDone: () => void; onCancel: () => void }) {
  const [note, setNote] = useState("");
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await call(session, "monitor", `/alerts/${encodeURIComponent(alertId)}/acknowledge`, { method: "POST", body: { note } });
      onDone();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form inline" onSubmit={submit} aria-label="Acknowledge alert">
      <label>
        Note
        <textarea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          required
          minLength={3}
          maxLength={2000}
          rows={2}
          // biome-ignore lint/a11y/noAutofocus: the form opens when the user asks for it (a click on its row's button); focus moves into it as into a dialog
          autoFocus
          placeholder="What was checked, and what happens next"
        />
      </label>
      <button type="submit" disabled={busy}>
        Acknowledge
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <ErrorNote error={error} />
    </form>
  );
}
