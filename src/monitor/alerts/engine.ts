import { getAddress, type Address } from "viem";
import type { Kysely } from "kysely";
import type { MonitorSchema } from "../schema.js";
import type { AlertConfig, Severity } from "./config.js";

export interface Alert {
  id: string;
  rule: string;
  severity: Severity;
  blockNumber: number;
  logIndex: number;
  subject: string;
  message: string;
  details: Record<string, string>;
}

type EventRow = MonitorSchema["events"];
const ZERO = "0x0000000000000000000000000000000000000000";

/**
 * Turns indexed events into alerts. It keeps its own cursor in the database and writes the alerts of each
 * chunk of events together with the cursor, so a restart neither loses nor repeats an alert. The state the
 * rules need (sanctions flags, balances, live credentials, suspended qualifiers, contracts) is rebuilt from
 * the events before the cursor when the engine starts.
 */
export class AlertEngine {
  private sanctioned = new Set<Address>();
  private balances = new Map<Address, Map<Address, bigint>>(); // token -> holder -> balance
  private credentials = new Map<Address, Map<string, { qualifierId: number; expiresAt: number }>>(); // holder -> credential id ->
  private expiredReported = new Map<Address, number>(); // holder -> latest expiry already reported as stranding it
  private expiryCheckedAt = 0; // block time of the last expiry scan: one scan per new block time
  private suspended = new Set<number>();
  private registered = new Set<Address>();
  private blocked = new Set<Address>();
  private transfersPerBlock = new Map<Address, Map<number, number>>(); // token -> block -> transfers
  private ready = false;

  constructor(
    private readonly db: Kysely<MonitorSchema>,
    private readonly config: AlertConfig,
  ) {}

  /** Evaluates every event indexed since the last call; returns the alerts it created. */
  async process(chunk = 5_000): Promise<Alert[]> {
    const created: Alert[] = [];
    let cursor = await this.cursor();
    if (!this.ready) {
      await this.replayBefore(cursor);
      this.ready = true;
    }
    for (;;) {
      const events = await this.db
        .selectFrom("events")
        .selectAll()
        .where((eb) =>
          eb.or([
            eb("block_number", ">", cursor.block),
            eb.and([eb("block_number", "=", cursor.block), eb("log_index", ">=", cursor.logIndex)]),
          ]),
        )
        .orderBy("block_number")
        .orderBy("log_index")
        .limit(chunk)
        .execute();
      if (events.length === 0) return created;
      const alerts = events.flatMap((e) => this.apply(e, true));
      const last = events[events.length - 1];
      cursor = { block: Number(last.block_number), logIndex: last.log_index + 1 };
      const inserted = await this.db.transaction().execute(async (tx) => {
        const fresh: Alert[] = [];
        for (const a of alerts) {
          const r = await tx
            .insertInto("alerts")
            .values({
              id: a.id,
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
        await tx
          .insertInto("alert_cursor")
          .values({ id: "main", next_block: cursor.block, next_log_index: cursor.logIndex })
          .onConflict((oc) => oc.column("id").doUpdateSet({ next_block: cursor.block, next_log_index: cursor.logIndex }))
          .execute();
        return fresh;
      });
      created.push(...inserted);
    }
  }

  /**
   * After the indexer rewound a reorganisation to `rewoundTo`: moves the alert cursor back so the new branch's
   * events are evaluated, and rebuilds the state on the next round. Alerts raised on removed blocks stay on
   * record (they were true of the chain as it was seen).
   */
  async reset(rewoundTo: number): Promise<void> {
    await this.db
      .updateTable("alert_cursor")
      .set({ next_block: rewoundTo + 1, next_log_index: 0 })
      .where("id", "=", "main")
      .where("next_block", ">", rewoundTo + 1)
      .execute();
    this.ready = false;
    this.sanctioned.clear();
    this.balances.clear();
    this.credentials.clear();
    this.suspended.clear();
    this.registered.clear();
    this.blocked.clear();
    this.transfersPerBlock.clear();
    this.expiredReported.clear();
    this.expiryCheckedAt = 0;
  }

  private async cursor() {
    const row = await this.db.selectFrom("alert_cursor").selectAll().where("id", "=", "main").executeTakeFirst();
    return row ? { block: Number(row.next_block), logIndex: row.next_log_index } : { block: 0, logIndex: 0 };
  }

  private async replayBefore(cursor: { block: number; logIndex: number }) {
    const events = await this.db
      .selectFrom("events")
      .selectAll()
      .where((eb) =>
        eb.or([eb("block_number", "<", cursor.block), eb.and([eb("block_number", "=", cursor.block), eb("log_index", "<", cursor.logIndex)])]),
      )
      .orderBy("block_number")
      .orderBy("log_index")
      .execute();
    for (const e of events) this.apply(e, false);
  }

  private holdsAnything(holder: Address) {
    for (const perHolder of this.balances.values()) if ((perHolder.get(holder) ?? 0n) > 0n) return true;
    return false;
  }

  /** Whether `holder` has a credential from an unsuspended qualifier that has not expired at `at` (block time). */
  private hasLiveCredential(holder: Address, at: number) {
    for (const c of this.credentials.get(holder)?.values() ?? []) if (!this.suspended.has(c.qualifierId) && c.expiresAt > at) return true;
    return false;
  }

  /**
   * Expiry strands holdings silently (no event marks it): after each event, holders whose every credential has
   * expired by that block's time, and who still hold tokens, are reported once per expiry.
   */
  private expiries(e: EventRow, raise: (rule: "strandedHoldings", subject: string, message: string, details?: Record<string, string>) => void) {
    const at = Number(e.timestamp);
    if (at <= this.expiryCheckedAt) return;
    this.expiryCheckedAt = at;
    for (const [holder, held] of this.credentials) {
      if (held.size === 0 || this.hasLiveCredential(holder, at) || this.registered.has(holder) || !this.holdsAnything(holder)) continue;
      const latest = Math.max(...[...held.values()].map((c) => c.expiresAt));
      if (latest > at || this.expiredReported.get(holder) === latest) continue;
      this.expiredReported.set(holder, latest);
      raise("strandedHoldings", holder, `${holder} holds tokens but its credentials expired at ${new Date(latest * 1000).toISOString()}`, { expiredAt: String(latest) });
    }
  }

  /** Updates the state with one event and, when `alerting`, returns the alerts it raises. */
  private apply(e: EventRow, alerting: boolean): Alert[] {
    const args = JSON.parse(e.args) as Record<string, string>;
    const out: Alert[] = [];
    const r = this.config.rules;
    const block = Number(e.block_number);
    const raise = (rule: keyof AlertConfig["rules"], subject: string, message: string, details: Record<string, string> = {}) => {
      const cfg = r[rule];
      if (!alerting || !cfg.enabled) return;
      out.push({
        id: `${rule}:${block}:${e.log_index}:${subject}`,
        rule,
        severity: cfg.severity,
        blockNumber: block,
        logIndex: e.log_index,
        subject,
        message,
        details: { ...details, txHash: e.tx_hash },
      });
    };

    switch (e.name) {
      case "Transfer": {
        if (e.kind !== "token") break;
        const token = getAddress(e.address);
        const from = getAddress(args.from);
        const to = getAddress(args.to);
        const amount = BigInt(args.value);
        for (const side of [from, to]) {
          if (this.sanctioned.has(side)) raise("sanctionedTransfer", side, `transfer of ${amount} involving sanctioned ${side}`, { token, from, to, amount: String(amount) });
        }
        const threshold = r.largeTransfer.threshold;
        if (threshold !== undefined && amount >= BigInt(threshold)) {
          raise("largeTransfer", from === ZERO ? to : from, `movement of ${amount} from ${from} to ${to} is at or above ${threshold}`, {
            token,
            from,
            to,
            amount: String(amount),
          });
        }
        const perHolder = this.balances.get(token) ?? new Map<Address, bigint>();
        this.balances.set(token, perHolder);
        if (from !== ZERO) perHolder.set(from, (perHolder.get(from) ?? 0n) - amount);
        if (to !== ZERO) perHolder.set(to, (perHolder.get(to) ?? 0n) + amount);
        this.spike(token, block, raise);
        break;
      }
      case "ForcedTransferCase":
        raise("forcedTransfer", getAddress(args.from), `forced transfer of ${args.amount} from ${args.from} to ${args.to}`, {
          token: getAddress(e.address),
          caseRef: args.caseRef,
          amount: args.amount,
        });
        break;
      case "SanctionsUpdated":
        if (args.sanctioned) this.sanctioned.add(getAddress(args.account));
        else this.sanctioned.delete(getAddress(args.account));
        break;
      case "ContractRegistered": {
        // The guardians' review queue: who registered it (the resolution path starts there), whether its
        // code is vetted (eligible at once) and when its challenge window ends.
        const target = getAddress(args.target);
        const vetted = String(args.vetted) === "true";
        const windowEndsAt = Number(args.windowEndsAt);
        const ends = new Date(windowEndsAt * 1000).toISOString();
        this.registered.add(target);
        raise(
          "newContract",
          target,
          vetted
            ? `contract ${target} registered by ${args.registrant}: vetted code, eligible at once`
            : `contract ${target} registered by ${args.registrant}: code not vetted, review it before its challenge window ends at ${ends}`,
          { registrant: getAddress(args.registrant), codeHash: args.codeHash, vetted: String(vetted), windowEndsAt: String(windowEndsAt) },
        );
        break;
      }
      case "ContractBlocked": {
        const target = getAddress(args.target);
        this.blocked.add(target);
        if (this.holdsAnything(target)) raise("blockedContractHolds", target, `blocked contract ${target} still holds tokens`, { reason: args.reason });
        break;
      }
      case "ContractUnblocked":
        this.blocked.delete(getAddress(args.target));
        break;
      case "CredentialIssued": {
        const holder = getAddress(args.holder);
        const held = this.credentials.get(holder) ?? new Map<string, { qualifierId: number; expiresAt: number }>();
        held.set(args.tokenId, { qualifierId: Number(args.qualifierId), expiresAt: Number(args.expiresAt) });
        this.credentials.set(holder, held);
        break;
      }
      case "CredentialRenewed": {
        const holder = getAddress(`0x${(BigInt(args.tokenId) >> 96n).toString(16).padStart(40, "0")}`);
        const c = this.credentials.get(holder)?.get(args.tokenId);
        if (c) c.expiresAt = Number(args.expiresAt);
        break;
      }
      case "CredentialRevoked": {
        const holder = getAddress(args.holder);
        this.credentials.get(holder)?.delete(args.tokenId);
        if (!this.hasLiveCredential(holder, Number(e.timestamp)) && !this.registered.has(holder) && this.holdsAnything(holder)) {
          raise("strandedHoldings", holder, `${holder} holds tokens but its credential was revoked (${args.reason})`, { qualifierId: args.qualifierId });
        }
        break;
      }
      case "QualifierSuspended": {
        const id = Number(args.id);
        this.suspended.add(id);
        for (const [holder, held] of this.credentials) {
          if (![...held.values()].some((c) => c.qualifierId === id) || this.hasLiveCredential(holder, Number(e.timestamp)) || !this.holdsAnything(holder)) continue;
          raise("strandedHoldings", holder, `${holder} holds tokens but its qualifier ${id} was suspended (${args.reason})`, { qualifierId: String(id) });
        }
        break;
      }
      case "QualifierReinstated":
        this.suspended.delete(Number(args.id));
        break;
    }
    if (r.strandedHoldings.enabled) this.expiries(e, raise);
    return out;
  }

  /**
   * An activity spike: the transfers of a token in this window of blocks reach
   * max(minTransfers, floor(factor x previous window) + 1). Raised once, at the transfer that crosses it.
   */
  private spike(token: Address, block: number, raise: (rule: "activitySpike", subject: string, message: string, details?: Record<string, string>) => void) {
    const { windowBlocks, factor, minTransfers } = this.config.rules.activitySpike;
    const counts = this.transfersPerBlock.get(token) ?? new Map<number, number>();
    this.transfersPerBlock.set(token, counts);
    counts.set(block, (counts.get(block) ?? 0) + 1);
    const windowStart = Math.floor(block / windowBlocks) * windowBlocks;
    for (const b of counts.keys()) if (b < windowStart - windowBlocks) counts.delete(b);
    let current = 0;
    let previous = 0;
    for (const [b, c] of counts) {
      if (b >= windowStart) current += c;
      else previous += c;
    }
    const threshold = Math.max(minTransfers, Math.floor(factor * previous) + 1);
    if (current === threshold) {
      raise("activitySpike", token, `${current} transfers in blocks ${windowStart}-${windowStart + windowBlocks - 1}, ${previous} in the window before`, {
        windowStart: String(windowStart),
        current: String(current),
        previous: String(previous),
      });
    }
  }
}
