import type { Kysely } from "kysely";
import type { MonitorSchema } from "../schema.js";
import { atLeast, type AlertConfig, type Severity } from "./config.js";
import type { Alert } from "./engine.js";

/** One line per alert, for stdout. */
export const formatAlert = (a: Alert) => `[${a.severity.toUpperCase()}] ${a.rule} at block ${a.blockNumber}: ${a.message}`;

/**
 * One delivery round: posts every alert not yet delivered to each webhook that wants its severity, as JSON.
 * A failure (network error, timeout or non-2xx answer) is recorded with its reason and retried in a later
 * round (the monitor runs one after each batch and each poll), up to the webhook's maxAttempts.
 * Returns how many deliveries succeeded in this round.
 */
export async function deliverWebhooks(
  db: Kysely<MonitorSchema>,
  config: AlertConfig,
  options: { fetchImpl?: typeof fetch; timeoutMs?: number } = {},
): Promise<number> {
  const post = options.fetchImpl ?? fetch;
  let delivered = 0;
  for (const hook of config.webhooks) {
    const alerts = await db.selectFrom("alerts").selectAll().orderBy("block_number").orderBy("log_index").execute();
    for (const row of alerts) {
      if (!atLeast(row.severity as Severity, hook.minSeverity)) continue;
      const state = await db.selectFrom("alert_deliveries").selectAll().where("alert_id", "=", row.id).where("url", "=", hook.url).executeTakeFirst();
      if (state?.delivered_at || (state && state.attempts >= hook.maxAttempts)) continue;
      const attempts = (state?.attempts ?? 0) + 1;
      let error: string | null = null;
      try {
        const response = await post(hook.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ ...row, details: JSON.parse(row.details) }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
        });
        if (!response.ok) error = `HTTP ${response.status}`;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      const values = { alert_id: row.id, url: hook.url, attempts, delivered_at: error ? null : new Date().toISOString(), last_error: error };
      await db
        .insertInto("alert_deliveries")
        .values(values)
        .onConflict((oc) => oc.columns(["alert_id", "url"]).doUpdateSet({ attempts, delivered_at: values.delivered_at, last_error: error }))
        .execute();
      if (!error) delivered++;
    }
  }
  return delivered;
}
