import type { Kysely } from "kysely";
import type { Connection, Deployment } from "../sdk/index.js";
import { QualifiedError } from "../sdk/errors.js";
import { redactUrl } from "../sdk/redact.js";
import { openDatabase } from "../storage/database.js";
import { migrateMonitor, type MonitorSchema } from "./schema.js";
import { runIndexer } from "./indexer.js";
import type { IndexedEvent } from "./events.js";
import type { WatchTarget } from "./targets.js";
import { loadAlertConfig, type AlertConfig } from "./alerts/config.js";
import { AlertEngine } from "./alerts/engine.js";
import { deliverWebhooks, formatAlert } from "./alerts/deliver.js";

export interface MonitorParameters {
  connection: Connection;
  deployment: Deployment;
  /** SQLite file, or postgres://user:pass@host/db. */
  db: string;
  /** Alert rules and webhooks (JSON file); default: every rule at its default severity. */
  rulesFile?: string;
  fromBlock: number;
  toBlock?: number;
  /** The most blocks per log request (requests are sized adaptively below it). */
  batchSize: number;
  /** Keep following the chain head after the backfill. */
  follow: boolean;
  signal?: AbortSignal;
  /** Where progress lines and raised alerts go. */
  log: (line: string) => void;
}

export interface MonitorReturnType {
  nextBlock: number;
  events: number;
}

/**
 * The compliance monitor: indexes every event of the registries and listed tokens into the database,
 * evaluates the alert rules after each batch, delivers webhooks, and rewinds on a reorg.
 */
export async function runMonitor(p: MonitorParameters): Promise<MonitorReturnType> {
  const rules = loadAlertConfig(p.rulesFile);
  const database = openDatabase<MonitorSchema>(p.db);
  try {
    await migrateMonitor(database.db);
    await refuseAnotherChain(database.db, p.connection.chain.id);
    p.log(`monitoring chain ${p.connection.chain.id} into ${database.engine} (${redactUrl(p.db)})`);
    const deliver = () => deliverWebhooks(database.db, rules);
    return await monitorChain(database.db, rules, deliver, { connection: p.connection, target: p.deployment }, p);
  } finally {
    await database.close();
  }
}

/**
 * A single-chain monitor keeps to its database's chain: pointed at another chain's RPC by mistake, it stops instead of
 * starting a second chain beside the first (two chains in one database is what --crosschain asks for).
 */
async function refuseAnotherChain(db: Kysely<MonitorSchema>, chainId: number): Promise<void> {
  const chains = (await db.selectFrom("indexer_cursor").select("chain_id").execute()).map((c) => Number(c.chain_id));
  if (chains.length > 0 && !chains.includes(chainId)) {
    throw new QualifiedError(
      `the database indexes chain ${chains.join(" and ")}, not chain ${chainId}: give another --db, or index both chains with --crosschain`,
    );
  }
}

/** One chain a monitor indexes: its RPC connection, what to watch there, and its name in output lines. */
export interface MonitoredChain {
  connection: Connection;
  target: Deployment | WatchTarget;
  /** Starts the chain's progress, reorg and alert lines ("home (chain 31337): ..."); none for a single chain. */
  label?: string;
}

type ChainRun = Pick<MonitorParameters, "fromBlock" | "toBlock" | "batchSize" | "follow" | "signal" | "log">;

/**
 * Indexes one chain and raises its alerts (its own alert engine, its own cursors) until the head, the end block or
 * the signal. Other chains may be monitored into the same database at the same time. `deliver` runs a webhook round.
 */
export async function monitorChain(
  db: Kysely<MonitorSchema>,
  rules: AlertConfig,
  deliver: () => Promise<unknown>,
  chain: MonitoredChain,
  p: ChainRun,
): Promise<MonitorReturnType> {
  const prefix = chain.label ? `${chain.label} (chain ${chain.connection.chain.id}): ` : "";
  const log = (line: string) => p.log(prefix + line);
  const alerts = new AlertEngine(db, rules, chain.connection.chain.id);
  const raiseAlerts = async (events?: IndexedEvent[]) => {
    for (const a of await alerts.process(events)) log(formatAlert(a));
    if (rules.webhooks.length > 0) await deliver();
  };
  await raiseAlerts(); // events indexed before a stop but not yet evaluated
  let lastPrint = 0;
  const result = await runIndexer(chain.connection, db, chain.target, {
    fromBlock: p.fromBlock,
    toBlock: p.toBlock,
    batchSize: p.batchSize,
    follow: p.follow,
    signal: p.signal,
    // The alert engine reads the batch just written from memory instead of from the database.
    onBatch: (batch) => raiseAlerts(batch.events),
    onProgress: (progress) => {
      if (Date.now() - lastPrint >= 200 || progress.block >= progress.head) {
        lastPrint = Date.now();
        const pct = progress.head > 0 ? ((100 * progress.block) / progress.head).toFixed(1) : "100.0";
        log(`indexed to block ${progress.block}/${progress.head} (${pct}%), ${progress.events} events, ${progress.eventsPerSecond.toFixed(0)} events/s`);
      }
    },
    onReorg: async (r) => {
      log(`reorg at block ${r.detectedAt}: rewound to ${r.rewoundTo}, removed ${r.removedEvents} events`);
      await alerts.reset(r.rewoundTo);
    },
  });
  return { nextBlock: result.nextBlock, events: result.events };
}
