import { useState } from "react";

/** Governance changes the console can prepare; each is signed by the governance Safe's owners with the CLI. */
const ACTIONS = [
  { name: "suspend-qualifier", arg: "qualifier id", reason: "--reason" },
  { name: "reinstate-qualifier", arg: "qualifier id" },
  { name: "grant-guardian", arg: "guardian address" },
  { name: "revoke-guardian", arg: "guardian address" },
  { name: "grant-sanctions-operator", arg: "operator address" },
  { name: "revoke-sanctions-operator", arg: "operator address" },
  { name: "remove-regulator", arg: "regulator address", reason: "--reason" },
  { name: "set-challenge-window", arg: "seconds" },
] as const;

/** Quotes a value for a POSIX shell. */
const quote = (v: string) => (/^[\w.:/@-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);

/**
 * Prepares a governance proposal as the command an owner of the governance Safe runs: the console holds no key,
 * so it never signs; the owners sign with `qualified governance propose`, `approve` and `execute`.
 */
export function ProposalCommand({ owners }: { owners: string[] }) {
  const [action, setAction] = useState<(typeof ACTIONS)[number]["name"]>("suspend-qualifier");
  const [arg, setArg] = useState("");
  const [reason, setReason] = useState("");
  const [owner, setOwner] = useState(owners[0] ?? "");
  const spec = ACTIONS.find((a) => a.name === action)!;
  const parts = ["npx qualified governance propose", action, quote(arg.trim() || `<${spec.arg}>`)];
  if ("reason" in spec) parts.push(spec.reason, quote(reason.trim() || "<reason, public, no personal data>"));
  if (owner) parts.push("--from", owner);
  const command = parts.join(" ");
  return (
    <form className="form" onSubmit={(e) => e.preventDefault()} aria-label="Prepare a governance proposal">
      <label>
        Change
        <select value={action} onChange={(e) => setAction(e.target.value as typeof action)}>
          {ACTIONS.map((a) => (
            <option key={a.name} value={a.name}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {spec.arg}
        <input value={arg} onChange={(e) => setArg(e.target.value)} spellCheck={false} />
      </label>
      {"reason" in spec && (
        <label>
          Reason
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
        </label>
      )}
      <label>
        Proposing owner
        <select value={owner} onChange={(e) => setOwner(e.target.value)}>
          {owners.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <p>
        An owner of the governance Safe runs this; the other owners then run <code>qualified governance approve ID</code>, and <code>execute ID</code> schedules
        it on the timelock:
      </p>
      <figure className="command-figure">
        <figcaption className="visually-hidden">Command to run</figcaption>
        <pre className="command" data-testid="proposal-command">
          {command}
        </pre>
      </figure>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(command)}>
        Copy command
      </button>
    </form>
  );
}
