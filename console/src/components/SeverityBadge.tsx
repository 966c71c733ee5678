import type { Severity } from "../api/types";

export const SEVERITY_ORDER: Severity[] = ["critical", "high", "medium", "low", "info"];

/** A severity in words and colour (the word carries the meaning; the colour only helps). */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`badge severity-${severity}`}>{severity}</span>;
}
