import type { Kysely } from "kysely";
import { Vault } from "../../qualifier/registry/vault.js";
import type { MonitorSchema } from "../schema.js";
import type { ApiKeySchema } from "../../auth/api-keys.js";

/** An alert's acknowledgement as shown: who (the API key's label), when, and the note opened. */
export interface Acknowledgement {
  by: string;
  at: string;
  note: string | null;
}

/** The longest note an acknowledgement takes. */
export const MAX_NOTE_LENGTH = 2000;

/**
 * Seals and opens acknowledgement notes: free text may name people, so it is stored only encrypted
 * (AES-256-GCM, bound to its alert) under the monitor's notes key (32 bytes, base64).
 */
export class AlertNotes {
  private readonly vault: Vault;
  constructor(notesKey: string) {
    // The vault's blind index is never used for notes; it requires a key, so it gets this one.
    this.vault = new Vault({ keys: { notes: notesKey }, current: "notes", indexKey: notesKey });
  }
  seal(alertId: string, note: string): string {
    return this.vault.seal(note, `alert:${alertId}`);
  }
  open(alertId: string, sealed: string): string | null {
    try {
      return this.vault.open(sealed, `alert:${alertId}`);
    } catch {
      return null;
    }
  }
}

export type AcknowledgeResult = { ok: true; at: string } | { ok: false; reason: "unknown" | "already" };

/** Records that `keyId` acknowledged `alertId` with a note; once per alert (a second acknowledgement is refused). */
export async function acknowledgeAlert(
  db: Kysely<MonitorSchema>,
  notes: AlertNotes,
  input: { alertId: string; keyId: string; note: string; now?: Date },
): Promise<AcknowledgeResult> {
  const alert = await db.selectFrom("alerts").select("id").where("id", "=", input.alertId).executeTakeFirst();
  if (!alert) return { ok: false, reason: "unknown" };
  const at = (input.now ?? new Date()).toISOString();
  try {
    await db
      .insertInto("alert_acknowledgements")
      .values({ alert_id: input.alertId, key_id: input.keyId, note: notes.seal(input.alertId, input.note), acknowledged_at: at })
      .execute();
  } catch (error) {
    // The primary key refused a second acknowledgement (also one sent at the same moment); anything else is a fault.
    const existing = await db.selectFrom("alert_acknowledgements").select("alert_id").where("alert_id", "=", input.alertId).executeTakeFirst();
    if (existing) return { ok: false, reason: "already" };
    throw error;
  }
  return { ok: true, at };
}

/** Every acknowledgement by alert id, with the acknowledging key's label; notes opened when `notes` is given. */
export async function acknowledgements(db: Kysely<MonitorSchema>, notes: AlertNotes | undefined): Promise<Map<string, Acknowledgement>> {
  const rows = await (db as unknown as Kysely<MonitorSchema & ApiKeySchema>)
    .selectFrom("alert_acknowledgements")
    .leftJoin("api_keys", "api_keys.id", "alert_acknowledgements.key_id")
    .select(["alert_acknowledgements.alert_id", "alert_acknowledgements.note", "alert_acknowledgements.acknowledged_at", "api_keys.label"])
    .execute();
  return new Map(
    rows.map((r) => [r.alert_id, { by: r.label ?? "an unknown key", at: r.acknowledged_at, note: notes ? notes.open(r.alert_id, r.note) : null }]),
  );
}
