// Which group each wallet falls in for the exposure network: its qualifier and credential class, or
// "sanctioned", or "unqualified". Read from the registry events the monitor indexed; groups never name a
// person, only a qualifier (an institution) and a class.
import { getAddress, type Address } from "viem";
import type { Kysely } from "kysely";
import type { MonitorSchema } from "../../monitor/schema.js";

export const SANCTIONED = "sanctioned";
export const UNQUALIFIED = "unqualified";

/** Wallet -> group label, from credentials, class and qualifier names, sanctions and qualifier suspensions. */
export async function loadHolderGroups(db: Kysely<MonitorSchema>): Promise<(wallet: Address) => string> {
  const rows = await db
    .selectFrom("events")
    .select(["name", "args"])
    .where("name", "in", [
      "ClassDefined",
      "QualifierAdmitted",
      "QualifierSuspended",
      "QualifierReinstated",
      "CredentialIssued",
      "CredentialRevoked",
      "SanctionsUpdated",
    ])
    .orderBy("block_number")
    .orderBy("log_index")
    .execute();
  const classNames = new Map<string, string>();
  const qualifierNames = new Map<string, string>();
  const suspended = new Set<string>();
  const sanctioned = new Set<Address>();
  // wallet -> "qualifierId:classId" -> live credentials
  const held = new Map<Address, Map<string, number>>();
  for (const { name, args } of rows) {
    const a = JSON.parse(args) as Record<string, string | boolean>;
    if (name === "ClassDefined") classNames.set(String(a.classId), String(a.name));
    else if (name === "QualifierAdmitted") qualifierNames.set(String(a.id), String(a.name));
    else if (name === "QualifierSuspended") suspended.add(String(a.id));
    else if (name === "QualifierReinstated") suspended.delete(String(a.id));
    else if (name === "SanctionsUpdated") {
      const account = getAddress(String(a.account));
      if (a.sanctioned === true || a.sanctioned === "true") sanctioned.add(account);
      else sanctioned.delete(account);
    } else {
      const holder = getAddress(String(a.holder));
      const counts = held.get(holder) ?? new Map<string, number>();
      // Revocations carry no class: the token id does (holder << 96 | qualifierId << 8 | classId).
      const classId = name === "CredentialIssued" ? String(a.classId) : String(BigInt(String(a.tokenId)) & 0xffn);
      const key = `${a.qualifierId}:${classId}`;
      counts.set(key, (counts.get(key) ?? 0) + (name === "CredentialIssued" ? 1 : -1));
      held.set(holder, counts);
    }
  }
  return (wallet: Address) => {
    if (sanctioned.has(wallet)) return SANCTIONED;
    const live = [...(held.get(wallet) ?? new Map<string, number>()).entries()]
      .filter(([, n]) => n > 0)
      .map(([k]) => k)
      .sort();
    if (live.length === 0) return UNQUALIFIED;
    const [qualifierId, classId] = live[0]!.split(":") as [string, string];
    const qualifier = qualifierNames.get(qualifierId) ?? `qualifier ${qualifierId}`;
    const label = `${qualifier}/${classNames.get(classId) ?? `class ${classId}`}`;
    return suspended.has(qualifierId) ? `${label} (qualifier suspended)` : label;
  };
}
