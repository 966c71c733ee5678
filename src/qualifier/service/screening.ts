import { randomUUID } from "node:crypto";
import { getAddress, type Address } from "viem";
import { credentialRegistryAbi, revokeCredential } from "../../sdk/index.js";
import type { ScreeningSubject } from "../screening/engine.js";
import type { SanctionsList } from "../screening/ofac.js";
import { ServiceError, type ServiceContext } from "./context.js";

/**
 * One reason an application is held or refused. No personal data of the applicant: the party is named by its
 * place in the application ("legal name", "owner 2"); the matched name is the list's.
 */
export interface ScreeningHit {
  kind: "wallet on the sanctions list" | "wallet flagged by the on-chain sanctions oracle" | "wallet confirmed as sanctioned by this qualifier's review" | "name match";
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

/** The applicant (an entity) and each beneficial owner (a person, with date of birth and nationality). */
export function partiesOf(profile: { legalName: string; owners: { name: string; dateOfBirth?: string; nationality?: string }[] }): Party[] {
  return [
    { label: "legal name", subject: { name: profile.legalName, kind: "entity" } },
    ...profile.owners.map((o, i) => ({ label: `owner ${i + 1}`, subject: { name: o.name, kind: "individual" as const, dateOfBirth: o.dateOfBirth, nationality: o.nationality } })),
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
  h.kind === "wallet on the sanctions list" ? `wallet ${h.wallet} is on the list (entry ${h.listUid})`
  : h.kind === "wallet flagged by the on-chain sanctions oracle" ? `wallet ${h.wallet} is flagged by the on-chain sanctions oracle`
  : `wallet ${h.wallet} was confirmed as sanctioned in an earlier review`;

/** Exact wallet hits: on the loaded publication, confirmed in an earlier review, or flagged by the federation's on-chain oracle. */
export async function walletHits(ctx: ServiceContext, wallets: Address[], onChain = true): Promise<ScreeningHit[]> {
  const hits: ScreeningHit[] = [];
  // Wallets a reviewer confirmed as a listed party's, whether or not they were flagged on chain yet.
  const confirmed = new Set((await ctx.d.db.selectFrom("sanctions_flags").select("wallets").execute()).flatMap((r) => JSON.parse(r.wallets) as string[]).map((a) => getAddress(a)));
  for (const address of wallets.map((a) => getAddress(a))) {
    const uid = ctx.listedWallets.get(address);
    if (uid) hits.push({ kind: "wallet on the sanctions list", wallet: address, listUid: uid });
    if (confirmed.has(address)) hits.push({ kind: "wallet confirmed as sanctioned by this qualifier's review", wallet: address });
    if (!onChain) continue;
    const flagged = await ctx.d.connection.publicClient.readContract({ address: ctx.d.deployment.registries.credentials, abi: credentialRegistryAbi, functionName: "isSanctioned", args: [address] });
    if (flagged) hits.push({ kind: "wallet flagged by the on-chain sanctions oracle", wallet: address });
  }
  return hits;
}

/** Name hits at or above the policy's threshold, off the event loop, leaving out entries reviewers cleared for this application. */
export async function nameHits(ctx: ServiceContext, parties: Party[], cleared: Set<string> = new Set()): Promise<ScreeningHit[]> {
  if (!ctx.pool.loaded || parties.length === 0) return [];
  const results = await ctx.pool.screen(parties.map((p) => p.subject), ctx.d.policy.nameThreshold);
  return results.flatMap((hits, i) =>
    hits
      .filter((h) => !cleared.has(h.entry.uid))
      .map((h) => ({ kind: "name match" as const, party: parties[i].label, matchedName: h.matchedName, listUid: h.entry.uid, score: Number(h.score.toFixed(3)), factors: h.factors })),
  );
}

/** The list entries reviewers cleared for an application. */
export async function clearedEntries(ctx: ServiceContext, applicationId: string): Promise<Set<string>> {
  const rows = await ctx.d.db.selectFrom("cleared_matches").select("list_uid").where("application_id", "=", applicationId).execute();
  return new Set(rows.map((r) => r.list_uid));
}

/** Puts an application on hold for review with its name hits (appended to its screening record). */
export async function hold(ctx: ServiceContext, applicationId: string, hits: ScreeningHit[]): Promise<void> {
  const { db } = ctx.d;
  const row = await ctx.application(applicationId);
  const now = new Date().toISOString();
  await db.transaction().execute(async (tx) => {
    await tx.updateTable("applications").set({ status: "on_hold", screening: JSON.stringify([...JSON.parse(row.screening), ...hits]) }).where("id", "=", applicationId).execute();
    await tx.insertInto("screening_holds").values({ id: randomUUID(), application_id: applicationId, hits: JSON.stringify(hits), status: "open", opened_at: now, closed_at: null }).execute();
  });
  await ctx.audit("system", "application.held", `application:${applicationId}`, "name match: held for review", { hits: hits.length });
}

/** Refuses an application outright on exact wallet hits. */
export async function refuse(ctx: ServiceContext, applicationId: string, hits: ScreeningHit[], why: string): Promise<void> {
  const row = await ctx.application(applicationId);
  await ctx.d.db.updateTable("applications")
    .set({ status: "rejected", screening: JSON.stringify([...JSON.parse(row.screening), ...hits]), decision_reason: await ctx.sealText(`application:${applicationId}`, why), decided_at: new Date().toISOString() })
    .where("id", "=", applicationId).execute();
  await ctx.audit("system", "application.refused", `application:${applicationId}`, why, { hits: hits.length });
}

function profileOf(ctx: ServiceContext, row: { id: string; sealed: string }) {
  return JSON.parse(ctx.d.vault.open(row.sealed, `application:${row.id}`)) as { legalName: string; owners: { name: string; dateOfBirth?: string; nationality?: string }[] };
}

/** Screens a stored application now: exact wallet hits, then name hits not yet cleared. */
export async function screenStored(ctx: ServiceContext, row: { id: string; sealed: string }, onChain = true) {
  const wallets = (await ctx.wallets(row.id)).map((w) => w.address as Address);
  return { wallets: await walletHits(ctx, wallets, onChain), names: await nameHits(ctx, partiesOf(profileOf(ctx, row)), await clearedEntries(ctx, row.id)) };
}

/**
 * Re-screens pending and approved applicants against a newly loaded publication. A pending applicant with a
 * listed wallet is refused, one with a name match is held for review. An approved applicant with a hit has its
 * credentials revoked on chain and a screening alert raised, both on record.
 */
export async function rescreenApplications(ctx: ServiceContext, list: SanctionsList, version: string) {
  const { db } = ctx.d;
  const held: string[] = [];
  const refused: string[] = [];
  const revoked: string[] = [];
  const rows = await db.selectFrom("applications").selectAll().where("status", "in", ["pending", "approved"]).execute();
  for (const app of rows) {
    const hits = await screenStored(ctx, app, false);
    if (app.status === "pending") {
      if (hits.wallets.length > 0) {
        await refuse(ctx, app.id, hits.wallets, `re-screening against ${list.source} of ${list.publishedAt}: a wallet is listed`);
        refused.push(app.id);
      } else if (hits.names.length > 0) {
        await hold(ctx, app.id, hits.names);
        held.push(app.id);
      }
      continue;
    }
    const reasons = [
      ...hits.wallets.map(walletReason),
      ...hits.names.map((h) => `a name matches list entry ${h.listUid} (score ${h.score?.toFixed(2)})`),
    ];
    if (reasons.length === 0) continue;
    const reason = `re-screening against ${list.source} of ${list.publishedAt}: ${reasons.join("; ")}`;
    for (const w of await ctx.wallets(app.id)) {
      if (!w.credential_id) continue;
      await revokeCredential(ctx.d.connection, ctx.d.deployment, ctx.d.issuer, { tokenId: BigInt(w.credential_id), reason: "sanctions screening hit" });
    }
    await db.updateTable("applications").set({ status: "revoked", decision_reason: await ctx.sealText(`application:${app.id}`, reason), decided_at: new Date().toISOString() }).where("id", "=", app.id).execute();
    await db.insertInto("screening_alerts").values({ id: randomUUID(), application_id: app.id, list_version: version, reason: await ctx.sealText(`application:${app.id}`, reason), created_at: new Date().toISOString() }).execute();
    await ctx.audit("system", "application.revoked", `application:${app.id}`, reason);
    revoked.push(app.id);
  }
  return { held, refused, revoked };
}
