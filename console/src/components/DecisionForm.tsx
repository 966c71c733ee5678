import { useState, type FormEvent } from "react";
import { ErrorNote } from "./ErrorNote";

/** A decision that needs a reason (approve, reject, confirm or clear a hold): the reason is sealed by the service. */
export function DecisionForm({
  action,
  subject,
  onSubmit,
  onCancel,
}: {
  action: string;
  subject: string;
  onSubmit: (reason: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(reason);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form inline" onSubmit={submit} aria-label={`${action} ${subject}`}>
      <label>
        Reason to {action.toLowerCase()}
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          minLength={3}
          maxLength={500}
          // biome-ignore lint/a11y/noAutofocus: the form opens when the user asks for it (a click on its row's button); focus moves into it as into a dialog
          autoFocus
        />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? "Working…" : action}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <ErrorNote error={error} />
    </form>
  );
}
