import { useState, type FormEvent } from "react";
import type { Session } from "../api/session";
import type { TransferCheck } from "../api/types";
import { call } from "../api/client";
import { ErrorNote } from "./ErrorNote";
import { parseAmount } from "./format";

/** Asks the token whether a transfer would go through now; a refusal shows the token's own sentence. */
export function PreflightForm({ session, token, decimals, symbol }: { session: Session; token: string; decimals: number; symbol: string }) {
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [amount, setAmount] = useState("1");
  const [result, setResult] = useState<TransferCheck>();
  const [error, setError] = useState<Error>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setResult(undefined);
    setError(undefined);
    const base = parseAmount(amount, decimals);
    if (base === undefined) return setError(new Error(`The amount must be a number of ${symbol} with at most ${decimals} decimals.`));
    try {
      setResult(await call<TransferCheck>(session, "chain", "/check", { method: "POST", body: { token, from, to, amount: base.toString() } }));
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Transfer pre-flight">
      <label>
        From
        <input name="from" value={from} onChange={(e) => setFrom(e.target.value)} placeholder="0x…" required spellCheck={false} />
      </label>
      <label>
        To
        <input name="to" value={to} onChange={(e) => setTo(e.target.value)} placeholder="0x…" required spellCheck={false} />
      </label>
      <label>
        Amount ({symbol})
        <input name="amount" value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" required />
      </label>
      <button type="submit">Check transfer</button>
      <ErrorNote error={error} />
      {result && (
        <p className={result.allowed ? "verdict ok" : "verdict refused"} role="status" data-testid="preflight-result">
          {result.allowed ? "Allowed: the token would accept this transfer now." : `Refused (code ${result.code}): ${result.message}`}
        </p>
      )}
    </form>
  );
}
