import { randomUUID } from "node:crypto";
import { getAddress, type Address } from "viem";
import { credentialRegistryAbi, revokeCredential } from "../../sdk/index.js";
import type { ScreeningSubject } from "../screening/engine.js";
import type { SanctionsList } from "../screening/ofac.js";
import { isTextRef } from "../registry/free-text.js";
import { ServiceError, type OwnerInput, type ServiceContext } from "./context.js";

/**
 * One reason an application is held or refused. No personal data of the applicant: the party is named by its
 * place in the application ("legal name", "owner 2"); the matched name is the list's.
 */
export interface ScreeningHit {
  kind:
    | "wallet on the sanctions list"
    | "wallet flagged by the on-chain sanctions oracle"
    | "wallet confirmed as sanctioned by this qualifier's review"
    | "name match";
  wallet?: string;
  party?: string;
  matchedName?: string;
  listUid?: string;
  score?: number;
  factors?: string[];
}

/** A party to screen, with where it sits in the application. */
export interface Party {
  label: string;
  subject: ScreeningSubject;
}

/** The applicant (an entity) and each beneficial owner as the kind given (a person unless stated a company). */
export function partiesOf(profile: { legalName: string; owners: OwnerInput[] }): Party[] {
  return [
    { label: "legal name", subject: { name: profile.legalName, kind: "entity" } },
    ...profile.owners.map((o, i) => ({
      label: `owner ${i + 1}`,
      subject: { name: o.name, kind: o.kind ?? "individual", dateOfBirth: o.dateOfBirth, nationality: o.nationality },
    })),
  ];
}

/** Makes `list` the publication screened against: indexed once in the pool, its wallets kept for exact hits. */
export async function usePublication(ctx: ServiceContext, list: SanctionsList): Promise<void> {
  await ctx.pool.load(list);
  ctx.listedWallets = new Map(list.entries.flatMap((e) => e.addresses.map((a) => [getAddress(a), e.uid] as const)));
}

/** Throws the sentence an operator needs when nothing is loaded to screen against. */
export function requirePublication(ctx: ServiceContext, what: string): void {
  if (!ctx.pool.loaded) throw new ServiceError(409, `no sanctions publication is loaded: an admin must load one (POST /lists) before ${what}`);
}

/** A wallet hit in words, e.g. "wallet 0x… is on the sanctions list (entry 90001)". */
export const walletReason = (h: ScreeningHit): string =>
  h.kind === "wallet on the sanctions list"
    ? `wallet ${h.wallet} is on the list (entry ${h.listUid})`
    : h.kind === "wallet flagged by the on-chain sanctions oracle"
      ? `wallet ${h.wallet} is flagged by the on-chain sanctions oracle`
      : `wallet ${h.wallet} was confirmed as sanctioned in an earlier review`;

/** Exact wallet hits: on the loaded publication, confirmed in an earlier review, or flagged by the federation's on-chain oracle. */
export async function walletHits(ctx: ServiceContext, wallets: Address[], onChain = true): Promise<ScreeningHit[]> {
  const hits: ScreeningHit[] = [];
  // Wallets a reviewer confirmed as a listed party's, whether or not they were flagged on chain yet.
  const confirmed = new Set(
    (await ctx.d.db.selectFrom("sanctions_flags").select("wallets").execute()).flatMap((r) => JSON.parse(r.wallets) as string[]).map((a) => getAddress(a)),
  );
  for (const address of wallets.map((a) => getAddress(a))) {
    const uid = ctx.listedWallets.get(address);
    if (uid) hits.push({ kind: "wallet on the sanctions list", wallet: address, listUid: uid });
    if (confirmed.has(address)) hits.push({ kind: "wallet confirmed as sanctioned by this qualifier's review", wallet: address });
    if (!onChain) continue;
    const flagged = await ctx.d.connection.publicClient.readContract({
      address: ctx.d.deployment.registries.credentials,
      abi: credentialRegistryAbi,
      functionName: "isSanctioned",
      args: [address],
    });
    if (flagged) hits.push({ kind: "wallet flagged by the on-chain sanctions oracle", wallet: address });
  }
  return hits;
}

/** Name hits at or above the policy's threshold, off the event loop, leaving out entries reviewers cleared for this application. */
export async function nameHits(ctx: ServiceContext, parties: Party[], cleared: Set<string> = new Set()): Promise<ScreeningHit[]> {
  if (!ctx.pool.loaded || parties.length === 0) return [];
  const results = await ctx.pool.screen(
    parties.map((p) => p.subject),
    ctx.d.policy.nameThreshold,
  );
  return results.flatMap((hits, i) =>
    hits
      .filter((h) => !cleared.has(h.entry.uid))
      .map((h) => ({
        kind: "name match" as const,
        party: parties[i].label,
        matchedName: h.matchedName,
        listUid: h.entry.uid,
        score: Number(h.score.toFixed(3)),
        factors: h.factors,
      })),
  );
}

/** The list entries reviewers cleared for an application. */
export async function clearedEntries(ctx: ServiceContext, applicationId: string): Promise<Set<string>> {
  const rows = await ctx.d.db.selectFrom("cleared_matches").select("list_uid").where("application_id", "=", applicationId).execute();
  return new Set(rows.map((r) => r.list_uid));
}

/**
 * Hits as stored: they link one of the applicant's parties to a listed name, so they are sealed under the
 * application like its other personal data (wiped by erasure); the row keeps the reference.
 */
export const sealHits = (ctx: ServiceContext, applicationId: string, hits: ScreeningHit[]): Promise<string> =>
  ctx.sealText(`application:${applicationId}`, JSON.stringify(hits));

/** Hits from a stored value: a sealed reference (none once erased), or JSON written by an earlier version. */
export async function openHits(ctx: ServiceContext, stored: string): Promise<ScreeningHit[]> {
  if (isTextRef(stored)) {
    const text = await ctx.openText(stored);
    return text ? (JSON.parse(text) as ScreeningHit[]) : [];
  }
  return stored ? (JSON.parse(stored) as ScreeningHit[]) : [];
}

/** The application's screening record with `hits` appended, sealed again. */
async function appendHits(ctx: ServiceContext, applicationId: string, hits: ScreeningHit[]): Promise<string> {
  const row = await ctx.application(applicationId);
  return sealHits(ctx, applicationId, [...(await openHits(ctx, row.screening)), ...hits]);
}

/** The statuses a screening hit may still stop: an application approval has not finished with. */
export const UNDECIDED = ["pending", "approving", "on_hold"] as const;

/**
 * Puts an application on hold for review with its name hits (appended to its screening record), only from one of
 * `from` (the check and the change are one statement, so an approval finishing meanwhile is not overwritten).
 * Returns whether it was held.
 */
export async function hold(
  ctx: ServiceContext,
  applicationId: string,
  hits: ScreeningHit[],
  from: readonly string[] = ["pending", "approving"],
): Promise<boolean> {
  const { db } = ctx.d;
  const screening = await appendHits(ctx, applicationId, hits);
  const sealed = await sealHits(ctx, applicationId, hits);
  const now = new Date().toISOString();
  const held = await db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable("applications")
      .set({ status: "on_hold", screening })
      .where("id", "=", applicationId)
      .where("status", "in", [...from])
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await tx
      .insertInto("screening_holds")
      .values({ id: randomUUID(), application_id: applicationId, hits: sealed, status: "open", opened_at: now, closed_at: null })
      .execute();
    return true;
  });
  if (held) await ctx.audit("system", "application.held", `application:${applicationId}`, "name match: held for review", { hits: hits.length });
  return held;
}

/**
 * An application already on hold, screened against a new publication: its open hold takes the new hits, and
 * clearances given before are dropped when a new list entry matches.
 */
export async function updateHold(ctx: ServiceContext, applicationId: string, hits: ScreeningHit[]): Promise<void> {
  const { db } = ctx.d;
  const open = await db
    .selectFrom("screening_holds")
    .select(["id", "hits"])
    .where("application_id", "=", applicationId)
    .where("status", "=", "open")
    .executeTakeFirst();
  if (!open) return;
  const key = (h: ScreeningHit) => `${h.party}|${h.listUid}`;
  const previous = await openHits(ctx, open.hits);
  const before = new Set(previous.map((h) => h.listUid));
  if (previous.length === hits.length && hits.every((h) => previous.some((x) => key(x) === key(h)))) return;
  const screening = await appendHits(ctx, applicationId, hits);
  await db
    .updateTable("screening_holds")
    .set({ hits: await sealHits(ctx, applicationId, hits) })
    .where("id", "=", open.id)
    .execute();
  // A clearance covers the entries the reviewer saw: a new matched entry needs two clearances again.
  if (hits.some((h) => !before.has(h.listUid))) await db.deleteFrom("hold_decisions").where("hold_id", "=", open.id).where("decision", "=", "clear").execute();
  await db.updateTable("applications").set({ screening }).where("id", "=", applicationId).where("status", "=", "on_hold").execute();
  await ctx.audit("system", "hold.updated", `application:${applicationId}`, "name match against a new publication", { hits: hits.length });
}

/**
 * Refuses an application outright on exact wallet hits, only while undecided (pending, being approved, on
 * hold); an open hold leaves the queue. Returns whether it was refused.
 */
export async function refuse(ctx: ServiceContext, applicationId: string, hits: ScreeningHit[], why: string): Promise<boolean> {
  const r = await ctx.d.db
    .updateTable("applications")
    .set({
      status: "rejected",
      screening: await appendHits(ctx, applicationId, hits),
      decision_reason: await ctx.sealText(`application:${applicationId}`, why),
      decided_at: new Date().toISOString(),
    })
    .where("id", "=", applicationId)
    .where("status", "in", [...UNDECIDED])
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  await ctx.d.db
    .updateTable("screening_holds")
    .set({ status: "refused", closed_at: new Date().toISOString() })
    .where("application_id", "=", applicationId)
    .where("status", "=", "open")
    .execute();
  await ctx.audit("system", "application.refused", `application:${applicationId}`, why, { hits: hits.length });
  return true;
}

/** Seals hits an earlier version stored in clear (run at start; idempotent). Returns how many rows moved. */
export async function sealClearHits(ctx: ServiceContext): Promise<number> {
  const { db } = ctx.d;
  let moved = 0;
  for (const a of await db
    .selectFrom("applications")
    .select(["id", "screening"])
    .where("screening", "not like", "text:%")
    .where("screening", "!=", "")
    .execute()) {
    const hits = a.screening ? (JSON.parse(a.screening) as ScreeningHit[]) : [];
    await db
      .updateTable("applications")
      .set({ screening: hits.length > 0 ? await sealHits(ctx, a.id, hits) : "" })
      .where("id", "=", a.id)
      .where("screening", "=", a.screening)
      .execute();
    moved++;
  }
  for (const h of await db
    .selectFrom("screening_holds")
    .select(["id", "application_id", "hits"])
    .where("hits", "not like", "text:%")
    .where("hits", "!=", "")
    .execute()) {
    await db
      .updateTable("screening_holds")
      .set({ hits: await sealHits(ctx, h.application_id, JSON.parse(h.hits) as ScreeningHit[]) })
      .where("id", "=", h.id)
      .where("hits", "=", h.hits)
      .execute();
    moved++;
  }
  return moved;
}

function profileOf(ctx: ServiceContext, row: { id: string; sealed: string }) {
  return JSON.parse(ctx.d.vault.open(row.sealed, `application:${row.id}`)) as { legalName: string; owners: OwnerInput[] };
}

/** Screens a stored application now: exact wallet hits, then name hits not yet cleared. */
export async function screenStored(ctx: ServiceContext, row: { id: string; sealed: string }, onChain = true) {
  const wallets = (await ctx.wallets(row.id)).map((w) => w.address as Address);
  return { wallets: await walletHits(ctx, wallets, onChain), names: await nameHits(ctx, partiesOf(profileOf(ctx, row)), await clearedEntries(ctx, row.id)) };
}

/** A screening hit of an approved applicant in words, for the sealed reason and the alert. */
const hitReasons = (hits: { wallets: ScreeningHit[]; names: ScreeningHit[] }): string[] => [
  ...hits.wallets.map(walletReason),
  ...hits.names.map((h) => `a name matches list entry ${h.listUid} (score ${h.score?.toFixed(2)})`),
];

/**
 * An approved applicant with a screening hit: its credentials are revoked on chain, the application marked
 * revoked and a screening alert raised (`listVersion`: the publication screened against), all on record.
 */
export async function revokeForHits(
  ctx: ServiceContext,
  applicationId: string,
  hits: { wallets: ScreeningHit[]; names: ScreeningHit[] },
  why: string,
  listVersion: string,
): Promise<string> {
  const { db } = ctx.d;
  const reason = `${why}: ${hitReasons(hits).join("; ")}`;
  for (const w of await ctx.wallets(applicationId)) {
    if (!w.credential_id) continue;
    await revokeCredential(ctx.d.connection, {
      deployment: ctx.d.deployment,
      actor: ctx.d.issuer,
      tokenId: BigInt(w.credential_id),
      reason: "sanctions screening hit",
    });
  }
  await db
    .updateTable("applications")
    .set({
      status: "revoked",
      screening: await appendHits(ctx, applicationId, [...hits.wallets, ...hits.names]),
      decision_reason: await ctx.sealText(`application:${applicationId}`, reason),
      decided_at: new Date().toISOString(),
    })
    .where("id", "=", applicationId)
    .execute();
  await db
    .insertInto("screening_alerts")
    .values({
      id: randomUUID(),
      application_id: applicationId,
      list_version: listVersion,
      reason: await ctx.sealText(`application:${applicationId}`, reason),
      created_at: new Date().toISOString(),
    })
    .execute();
  await ctx.audit("system", "application.revoked", `application:${applicationId}`, reason);
  return reason;
}

/**
 * Re-screens every applicant a new publication concerns: pending ones, ones being approved at this moment, ones
 * on hold and approved ones (their wallets asked of the on-chain oracle too). An undecided applicant with a listed
 * wallet is refused; one with a name match is held for review (one already on hold has its hold's hits
 * updated). An approved applicant with a hit has its credentials revoked on chain and a screening alert raised.
 * Status changes are conditional: an application whose approval finishes meanwhile is treated as approved.
 */
export async function rescreenApplications(ctx: ServiceContext, list: SanctionsList, version: string) {
  const { db } = ctx.d;
  const held: string[] = [];
  const refused: string[] = [];
  const revoked: string[] = [];
  const why = `re-screening against ${list.source} of ${list.publishedAt}`;
  const rows = await db
    .selectFrom("applications")
    .select(["id", "status", "sealed"])
    .where("status", "in", [...UNDECIDED, "approved"])
    .execute();
  for (const app of rows) {
    let status = app.status;
    const hits = await screenStored(ctx, app, status === "approved");
    if (status !== "approved") {
      if (hits.wallets.length > 0) {
        if (await refuse(ctx, app.id, hits.wallets, `${why}: a wallet is listed`)) {
          refused.push(app.id);
          continue;
        }
      } else if (hits.names.length > 0) {
        if (status === "on_hold") {
          await updateHold(ctx, app.id, hits.names);
          held.push(app.id);
          continue;
        }
        if (await hold(ctx, app.id, hits.names)) {
          held.push(app.id);
          continue;
        }
      } else continue;
      // The status moved under the re-screening: act on what it is now.
      status = (await ctx.application(app.id)).status;
      if (status !== "approved") continue;
    }
    if (hitReasons(hits).length === 0) continue;
    await revokeForHits(ctx, app.id, hits, why, version);
    revoked.push(app.id);
  }
  return { held, refused, revoked };
}
