import { Vault } from "../registry/vault.js";
import { AuditKeyring } from "../registry/audit-log.js";
import { qualifierConfigSchema, type QualifierConfig } from "./config.js";

/**
 * What each field of the qualifier service's configuration means. The configuration is strict JSON (no
 * comment keys), so `qualified qualifier init` prints these and its --help lists them.
 */
export const CONFIG_FIELDS: ReadonlyArray<readonly [field: string, meaning: string]> = [
  ["db", "the registry's database: a SQLite file, or postgres://user:pass@host/db"],
  ["rpc", "the JSON-RPC endpoint of the chain the qualifier issues credentials on"],
  ["deployment", "the deployment file naming the registries (written by qualified node / qualified deploy)"],
  ["qualifierAddress", "the qualifier's admitted account, unlocked on the node; or set QUALIFIED_QUALIFIER_PRIVATE_KEY instead"],
  ["host, port", "where the HTTP API listens (OpenAPI at /openapi.json)"],
  [
    "vault.keys, vault.current",
    "keys that seal personal data at rest (id -> 32 bytes, base64) and the one sealing now; add a key, make it current, run rotate-keys, then retire the old one",
  ],
  ["vault.indexKey", "the key of the blind index used to find records without decrypting them; never rotate it without re-indexing"],
  ["audit.keys, audit.current", "keys of the audit log's keyed hash chain, kept apart from the vault's"],
  ["policy.blockedCountries", "ISO country codes whose applicants are refused"],
  ["policy.credentialDays", "how long an issued credential lasts"],
  ["policy.disclosureApprovals", "how many distinct approvers (never the requester) must agree before a disclosure to a regulator is revealed"],
  ["policy.nameThreshold", "the screening's name-match threshold (0.5 to 1); lower catches more variants of listed names"],
  ["policy.maxListDrop", "the share of entries a new sanctions publication may drop before a second admin must confirm it"],
  ["requestsPerMinute", "each API key's rate limit"],
];

export interface QualifierConfigTemplateParameters {
  qualifierAddress: string;
  rpc: string;
  deployment: string;
  db: string;
  port: number;
}

/** A complete, valid configuration with fresh vault, index and audit keys (32 random bytes each). */
export function qualifierConfigTemplate(p: QualifierConfigTemplateParameters): QualifierConfig {
  return qualifierConfigSchema.parse({
    db: p.db,
    rpc: p.rpc,
    deployment: p.deployment,
    qualifierAddress: p.qualifierAddress,
    host: "127.0.0.1",
    port: p.port,
    vault: { keys: { v1: Vault.generateKey() }, current: "v1", indexKey: Vault.generateKey() },
    audit: { keys: { a1: AuditKeyring.generateKey() }, current: "a1" },
    policy: {},
  });
}
