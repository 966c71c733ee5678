import { readJsonFile } from "../../sdk/node.js";
import { z } from "zod";
import { countryCode } from "./fields.js";
import { DEFAULT_NAME_THRESHOLD } from "../screening/types.js";

/** The qualifier service's configuration file. Secrets can also come from the environment (see `secret`). */
export const qualifierConfigSchema = z
  .object({
    db: z.string().default("data/qualifier.sqlite"),
    rpc: z.string().url().default("http://127.0.0.1:8545"),
    deployment: z.string().default("deployments/local.json"),
    /** The qualifier's issuing address, unlocked on the node; or set QUALIFIED_QUALIFIER_PRIVATE_KEY. */
    qualifierAddress: z.string().optional(),
    host: z.string().default("127.0.0.1"),
    port: z.number().int().min(0).max(65535).default(8090),
    vault: z.object({
      keys: z.record(z.string(), z.string()),
      current: z.string(),
      indexKey: z.string(),
    }),
    /** Keys of the audit chain's HMAC (key id -> 32 bytes, base64) and the current one; kept apart from the vault's. */
    audit: z.object({ keys: z.record(z.string(), z.string()), current: z.string() }).strict(),
    policy: z
      .object({
        blockedCountries: z.array(countryCode).default(["US"]),
        credentialDays: z.number().int().min(1).max(3650).default(365),
        disclosureApprovals: z.number().int().min(1).max(10).default(2),
        /** The screening benchmark's choice (bench/README.md): a higher one misses more variants of listed names. */
        nameThreshold: z.number().min(0.5).max(1).default(DEFAULT_NAME_THRESHOLD),
        /** The share of entries a new publication may drop before a second admin must confirm it. */
        maxListDrop: z.number().min(0).max(1).default(0.05),
      })
      .prefault({}),
    requestsPerMinute: z.number().int().min(1).default(120),
  })
  .strict();
export type QualifierConfig = z.infer<typeof qualifierConfigSchema>;

export function loadQualifierConfig(path: string): QualifierConfig {
  return readJsonFile(path, qualifierConfigSchema, {
    missing: (p) => `cannot read the qualifier configuration ${p}: run \`qualified qualifier init --config ${p}\` to write one`,
    notJson: (p) => `cannot read the qualifier configuration ${p} as JSON`,
    invalid: (p, where, message) => `${p}: ${where || "configuration"}: ${message}`,
  });
}
