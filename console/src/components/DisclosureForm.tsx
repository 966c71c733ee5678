import { useState, type FormEvent } from "react";
import type { Session } from "../api/session";
import { call } from "../api/client";
import { ErrorNote } from "./ErrorNote";

/** Opens a disclosure request on the qualifier service: who is behind a wallet, for a case; two approvers must agree. */
export function DisclosureForm({ session, wallet, onClose }: { session: Session; wallet: string; onClose: () => void }) {
  const [caseRef, setCaseRef] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<Error>();
  const [opened, setOpened] = useState<{ id: string; status: string }>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      setOpened(await call<{ id: string; status: string }>(session, "qualifier", "/disclosures", { method: "POST", body: { wallet, caseRef, reason } }));
    } catch (err) {
      setError(err as Error);
    }
  };
  if (opened) {
    return (
      <p role="status" className="verdict ok">
        Disclosure request {opened.id} is {opened.status}: two approvers of the qualifier must agree before you can read the answer.{" "}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </p>
    );
  }
  return (
    <form className="form inline" onSubmit={submit} aria-label={`Request disclosure for ${wallet}`}>
      <label>
        Case reference
        <input
          value={caseRef}
          onChange={(e) => setCaseRef(e.target.value)}
          required
          minLength={3}
          maxLength={100}
          // biome-ignore lint/a11y/noAutofocus: the form opens when the user asks for it (a click on its row's button); focus moves into it as into a dialog
          autoFocus
        />
      </label>
      <label>
        Grounds
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} required minLength={10} maxLength={1000} rows={2} />
      </label>
      <button type="submit">Open disclosure request</button>
      <button type="button" onClick={onClose}>
        Cancel
      </button>
      <ErrorNote error={error} />
    </form>
  );
}
