import { randomUUID } from "node:crypto";
import { getAddress, type Address } from "viem";
import { credentialRegistryAbi, revokeCredential } from "../../sdk/index.js";
import { screenName } from "../screening/names.js";
import type { SanctionsEntry, SanctionsList } from "../screening/ofac.js";
import type { ServiceContext } from "./context.js";

export interface ScreeningHit {
  kind: string;
  wallet?: string;
  matchedName?: string;
  listUid?: string;
  score?: number;
}

/** Screens an applicant's wallets (list and on-chain oracle) and names against `list`. */
export async function screenApplicant(ctx: ServiceContext, list: SanctionsEntry[], wallets: Address[], names: string[]): Promise<ScreeningHit[]> {
  const hits: ScreeningHit[] = [];
  const listed = new Map(list.flatMap((e) => e.addresses.map((a) => [a, e] as const)));
  for (const address of wallets) {
    const entry = listed.get(getAddress(address));
    if (entry) hits.push({ kind: "wallet on the sanctions list", wallet: getAddress(address), listUid: entry.uid });
    const onChain = await ctx.d.connection.publicClient.readContract({ address: ctx.d.deployment.registries.credentials, abi: credentialRegistryAbi, functionName: "isSanctioned", args: [address] });
    if (onChain) hits.push({ kind: "wallet flagged by the on-chain sanctions oracle", wallet: getAddress(address) });
  }
  for (const name of names) {
    for (const m of screenName(name, list, ctx.d.policy.nameThreshold)) {
      hits.push({ kind: "name match", matchedName: m.matchedName, listUid: m.entry.uid, score: Number(m.score.toFixed(3)) });
    }
  }
  return hits;
}

/**
 * Re-screens every approved applicant against a newly loaded publication. A new hit revokes its credentials on
 * chain and raises a screening alert with the reason, both on record. Returns the revoked applications.
 */
export async function rescreenApproved(ctx: ServiceContext, list: SanctionsList, version: string): Promise<string[]> {
  const { db, vault } = ctx.d;
  const revoked: string[] = [];
  const approved = await db.selectFrom("applications").selectAll().where("status", "=", "approved").execute();
  const listed = new Map(list.entries.flatMap((e) => e.addresses.map((a) => [a, e] as const)));
  for (const app of approved) {
    const profile = JSON.parse(vault.open(app.sealed, `application:${app.id}`)) as { legalName: string; owners: { name: string }[] };
    const wallets = await ctx.wallets(app.id);
    const reasons: string[] = [];
    for (const w of wallets) {
      const entry = listed.get(getAddress(w.address));
      if (entry) reasons.push(`wallet ${w.address} is on the list (entry ${entry.uid})`);
    }
    for (const name of [profile.legalName, ...profile.owners.map((o) => o.name)]) {
      for (const m of screenName(name, list.entries, ctx.d.policy.nameThreshold)) reasons.push(`a name matches list entry ${m.entry.uid} (score ${m.score.toFixed(2)})`);
    }
    if (reasons.length === 0) continue;
    const reason = `re-screening against ${list.source} of ${list.publishedAt}: ${reasons.join("; ")}`;
    for (const w of wallets) {
      if (!w.credential_id) continue;
      await revokeCredential(ctx.d.connection, ctx.d.deployment, ctx.d.issuer, { tokenId: BigInt(w.credential_id), reason: "sanctions screening hit" });
    }
    await db.updateTable("applications").set({ status: "revoked", decision_reason: reason, decided_at: new Date().toISOString() }).where("id", "=", app.id).execute();
    await db.insertInto("screening_alerts").values({ id: randomUUID(), application_id: app.id, list_version: version, reason, created_at: new Date().toISOString() }).execute();
    await ctx.audit("system", "application.revoked", `application:${app.id}`, reason);
    revoked.push(app.id);
  }
  return revoked;
}
