import type { Kysely, Transaction } from "kysely";
import type { MonitorSchema } from "../schema.js";
import { eventFromRow, type IndexedEvent } from "../events.js";
import { ChainState } from "../projection.js";
import type { AlertConfig, Severity } from "./config.js";
import type { AlertRule, RuleName } from "./rule.js";
import { createRules } from "./rules/index.js";

export interface Alert {
  id: string;
  chainId: number;
  rule: string;
  severity: Severity;
  blockNumber: number;
  logIndex: number;
  subject: string;
  message: string;
  details: Record<string, string>;
}

interface Cursor {
  block: number;
  logIndex: number;
}

const atOrAfter = (e: IndexedEvent, c: Cursor) => e.blockNumber > c.block || (e.blockNumber === c.block && e.logIndex >= c.logIndex);

/**
 * Turns the indexed events of one chain into alerts: applies each event to the state projection, then hands it to
 * every rule (src/monitor/alerts/rules/). It keeps its own cursor per chain in the database and writes the alerts
 * of each chunk of events together with the cursor, so a restart neither loses nor repeats an alert. The state is
 * rebuilt from the chain's events before the cursor when the engine starts. The chain is `chainId`, or, left out,
 * the one chain the database indexes.
 */
export class AlertEngine {
  private state = new ChainState();
  private rules: AlertRule[];
  private cursor: Cursor | undefined; // loaded, with the state rebuilt up to it
  /** Whether the database may hold events after the cursor that no batch handed over covers. */
  private behind = true;

  constructor(
    private readonly db: Kysely<MonitorSchema>,
    private readonly config: AlertConfig,
    private chainId?: number,
  ) {
    this.rules = createRules(config);
  }

  /** The chain evaluated: as given, else the database's only chain; undefined while nothing is indexed. */
  private async chain(): Promise<number | undefined> {
    if (this.chainId !== undefined) return this.chainId;
    const chains = (await this.db.selectFrom("indexer_cursor").select("chain_id").execute()).map((c) => Number(c.chain_id));
    if (chains.length > 1) throw new Error(`the database indexes chains ${chains.sort((a, b) => a - b).join(", ")}: say which chain to evaluate`);
    this.chainId = chains[0];
    return this.chainId;
  }

  /**
   * Evaluates every event indexed since the last call; returns the alerts it created. `batch`, the events of the
   * indexer's batch just committed, saves reading them back: it is used when the engine is caught up with the
   * database up to that batch, otherwise the events are read from the database.
   */
  async process(batch?: IndexedEvent[], chunk = 5_000): Promise<Alert[]> {
    const chainId = await this.chain();
    if (chainId === undefined) {
      // Nothing indexed yet: nothing to evaluate nor to rebuild; the batches to come start the chain's history.
      this.cursor ??= { block: 0, logIndex: 0 };
      this.behind = false;
      return [];
    }
    if (!this.cursor) {
      const cursor = await this.loadCursor(chainId);
      await this.replayBefore(chainId, cursor);
      this.cursor = cursor;
      this.behind = true;
    }
    if (batch && !this.behind) {
      const events = batch.filter((e) => e.chainId === chainId && atOrAfter(e, this.cursor!));
      return events.length === 0 ? [] : this.evaluate(chainId, events);
    }
    const created: Alert[] = [];
    for (;;) {
      const cursor = this.cursor;
      const rows = await this.db
        .selectFrom("events")
        .selectAll()
        .where("chain_id", "=", chainId)
        .where((eb) => eb.or([eb("block_number", ">", cursor.block), eb.and([eb("block_number", "=", cursor.block), eb("log_index", ">=", cursor.logIndex)])]))
        .orderBy("block_number")
        .orderBy("log_index")
        .limit(chunk)
        .execute();
      if (rows.length === 0) break;
      created.push(...(await this.evaluate(chainId, rows.map(eventFromRow))));
    }
    this.behind = false;
    return created;
  }

  /**
   * After the indexer rewound a reorganisation to `rewoundTo`: moves the alert cursor back so the new branch's
   * events are evaluated, and rebuilds the state on the next round. Alerts raised on removed blocks stay on
   * record (they were true of the chain as it was seen).
   */
  async reset(rewoundTo: number): Promise<void> {
    const chainId = await this.chain();
    if (chainId === undefined) return;
    await this.db
      .updateTable("alert_cursor")
      .set({ next_block: rewoundTo + 1, next_log_index: 0 })
      .where("chain_id", "=", chainId)
      .where("next_block", ">", rewoundTo + 1)
      .execute();
    this.cursor = undefined;
    this.state = new ChainState();
    this.rules = createRules(this.config);
  }

  /** Applies `events` (in chain order, all at or after the cursor) and stores their alerts with the new cursor. */
  private async evaluate(chainId: number, events: IndexedEvent[]): Promise<Alert[]> {
    const alerts = events.flatMap((e) => this.apply(e, true));
    const last = events[events.length - 1];
    const cursor = { block: last.blockNumber, logIndex: last.logIndex + 1 };
    const fresh = await this.db.transaction().execute(async (tx) => {
      const inserted = await insertAlerts(tx, alerts);
      await tx
        .insertInto("alert_cursor")
        .values({ chain_id: chainId, next_block: cursor.block, next_log_index: cursor.logIndex })
        .onConflict((oc) => oc.column("chain_id").doUpdateSet({ next_block: cursor.block, next_log_index: cursor.logIndex }))
        .execute();
      return inserted;
    });
    this.cursor = cursor;
    return fresh;
  }

  private async loadCursor(chainId: number): Promise<Cursor> {
    const row = await this.db.selectFrom("alert_cursor").selectAll().where("chain_id", "=", chainId).executeTakeFirst();
    return row ? { block: Number(row.next_block), logIndex: row.next_log_index } : { block: 0, logIndex: 0 };
  }

  private async replayBefore(chainId: number, cursor: Cursor) {
    const rows = await this.db
      .selectFrom("events")
      .selectAll()
      .where("chain_id", "=", chainId)
      .where((eb) => eb.or([eb("block_number", "<", cursor.block), eb.and([eb("block_number", "=", cursor.block), eb("log_index", "<", cursor.logIndex)])]))
      .orderBy("block_number")
      .orderBy("log_index")
      .execute();
    for (const row of rows) this.apply(eventFromRow(row), false);
  }

  /** Updates the state with one event, runs every rule on it and, when `alerting`, returns the alerts raised. */
  private apply(e: IndexedEvent, alerting: boolean): Alert[] {
    this.state.apply(e);
    const out: Alert[] = [];
    for (const rule of this.rules) {
      const cfg = this.config.rules[rule.name as RuleName];
      rule.onEvent(e, this.state, (subject, message, details = {}) => {
        if (!alerting || !cfg.enabled) return;
        out.push({
          id: `${rule.name}:${e.chainId}:${e.blockNumber}:${e.logIndex}:${subject}`,
          chainId: e.chainId,
          rule: rule.name,
          severity: cfg.severity,
          blockNumber: e.blockNumber,
          logIndex: e.logIndex,
          subject,
          message,
          details: { ...details, txHash: e.txHash },
        });
      });
    }
    return out;
  }
}

/** Inserts the alerts not yet on record; returns those that were new. */
async function insertAlerts(tx: Transaction<MonitorSchema>, alerts: Alert[]): Promise<Alert[]> {
  const fresh: Alert[] = [];
  for (const a of alerts) {
    const r = await tx
      .insertInto("alerts")
      .values({
        id: a.id,
        chain_id: a.chainId,
        rule: a.rule,
        severity: a.severity,
        block_number: a.blockNumber,
        log_index: a.logIndex,
        subject: a.subject,
        message: a.message,
        details: JSON.stringify(a.details),
        created_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.column("id").doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0n) > 0) fresh.push(a);
  }
  return fresh;
}
