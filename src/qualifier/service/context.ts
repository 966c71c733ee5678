import type { Kysely } from "kysely";
import type { Address, Hex } from "viem";
import type { Actor, Connection, Deployment } from "../../sdk/index.js";
import { ScreeningPool } from "../screening/engine.js";
import { createLogger } from "../../logging/logger.js";
import type { WalletProofContext } from "../wallet-proof.js";
import type { Vault } from "../registry/vault.js";
import { appendAudit, type AuditKeyring, type AuditSchema } from "../registry/audit-log.js";
import { openText, sealText, type FreeTextSchema } from "../registry/free-text.js";
import type { QualifierSchema } from "./schema.js";

export const ROLES = ["applicant", "reviewer", "admin", "regulator"] as const;
export type Role = (typeof ROLES)[number];
export interface Principal {
  keyId: string;
  role: Role;
  label: string;
}

/** A refusal the HTTP layer turns into a status and a sentence. */
export class ServiceError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 422,
    message: string,
  ) {
    super(message);
  }
}

/** A beneficial owner as given: a person (date of birth and nationality) or a company holding a share. */
export interface OwnerInput {
  name: string;
  /** Absent in applications stored before owners had a kind: a person. */
  kind?: "individual" | "entity";
  dateOfBirth?: string;
  nationality?: string;
}

export interface ApplicationInput {
  legalName: string;
  lei: string;
  country: string; // ISO 3166 alpha-2 of registration
  classId: number;
  owners: OwnerInput[];
  wallets: { address: Address; nonce: string; expiresAt: number; signature: Hex }[];
}

export interface Policy {
  /** Countries (alpha-2) whose applicants are not accepted, e.g. ["US"] for no US persons. */
  blockedCountries: string[];
  /** How long credentials last. */
  credentialDays: number;
  /** Distinct approvals a disclosure needs. */
  disclosureApprovals: number;
  /** Name-screening threshold in [0, 1]. */
  nameThreshold: number;
  /** The share of entries a new publication may drop before a second admin must confirm it (default 0.05). */
  maxListDrop?: number;
}

/** Where the service writes its operational lines (pino's logger fits). Never personal data. */
export interface ServiceLogger {
  info(message: string): void;
  warn(message: string): void;
  error(details: object, message: string): void;
}

export interface ServiceDeps {
  db: Kysely<QualifierSchema>;
  vault: Vault;
  /** The key the audit chain is keyed with (HMAC), from the configuration. */
  auditKeyring: AuditKeyring;
  connection: Connection;
  deployment: Deployment;
  /** Who issues credentials on chain for this qualifier (its key or its Safe). */
  issuer: Actor;
  proofContext: WalletProofContext;
  policy: Policy;
  /** Screens names off the event loop; one per service (made here when not given). */
  pool?: ScreeningPool;
  logger?: ServiceLogger;
  now?: () => number;
}

/** What writing to the registry's audit trail needs (a service, or a maintenance command without a chain). */
export type RegistryDeps = Pick<ServiceDeps, "db" | "vault" | "auditKeyring">;

/** The free-text table of the registry's database (Kysely's schema types are invariant, hence the view). */
export const textsOf = (db: Kysely<QualifierSchema>) => db as unknown as Kysely<FreeTextSchema>;

/**
 * Appends to the audit trail. `reason` is free text: it is sealed under `subject` (so erasing the subject wipes
 * it) and the log keeps only the reference. `data` must hold no personal data.
 */
export async function recordAudit(reg: RegistryDeps, actor: string, action: string, subject: string, reason: string, data?: Record<string, unknown>) {
  const ref = await sealText(textsOf(reg.db), reg.vault, subject, reason);
  // The audit log's tables are part of this database; Kysely's schema types are invariant, hence the view.
  return appendAudit(reg.db as unknown as Kysely<AuditSchema>, reg.auditKeyring, { actor, action, subject, reason: ref, data });
}

/** What every use case shares: the dependencies, the clocks, the role check and the audit trail. */
export class ServiceContext {
  readonly now: () => number;
  readonly pool: ScreeningPool;
  readonly log: ServiceLogger;
  /** Wallet addresses of the loaded publication, with their entry's uid (exact wallet hits). */
  listedWallets = new Map<string, string>();
  constructor(readonly d: ServiceDeps) {
    this.now = d.now ?? (() => Math.floor(Date.now() / 1000));
    this.pool = d.pool ?? new ScreeningPool();
    this.log = d.logger ?? createLogger({ name: "qualifier" });
  }

  /** The chain's time: credentials expire against block.timestamp, not the server's clock. */
  async chainNow(): Promise<number> {
    return Number((await this.d.connection.publicClient.getBlock({ blockTag: "latest" })).timestamp);
  }

  require(p: Principal, ...roles: Role[]): void {
    if (!roles.includes(p.role)) throw new ServiceError(403, `the ${p.role} role may not do this (needs ${roles.join(" or ")})`);
  }

  /** Appends to the audit trail; see `recordAudit` (the reason is sealed, the log keeps its reference). */
  audit(p: Principal | "system", action: string, subject: string, reason: string, data?: Record<string, unknown>) {
    return recordAudit(this.d, p === "system" ? "system" : `${p.role}:${p.label}`, action, subject, reason, data);
  }

  /**
   * Seals free text (a reason, a note: anything a person typed) under the subject it concerns, such as
   * `application:<id>`; store the returned reference (`text:<uuid>`) in place of the text. Erasing the subject
   * (`eraseTexts`) wipes it.
   */
  sealText(subject: string, text: string): Promise<string> {
    return sealText(textsOf(this.d.db), this.d.vault, subject, text);
  }

  /** The text behind a reference from `sealText`; null once erased. */
  openText(ref: string | null): Promise<string | null> {
    return openText(textsOf(this.d.db), this.d.vault, ref);
  }

  /** The application row, or a 404. */
  async application(id: string) {
    const row = await this.d.db.selectFrom("applications").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw new ServiceError(404, `no application ${id}`);
    return row;
  }

  /** The application's wallets. */
  wallets(id: string) {
    return this.d.db.selectFrom("application_wallets").selectAll().where("application_id", "=", id).execute();
  }
}
