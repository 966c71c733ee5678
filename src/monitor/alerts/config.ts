import { readJsonFile } from "../../sdk/node.js";
import { z } from "zod";

export const SEVERITIES = ["info", "low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];
const severity = z.enum(SEVERITIES);
const rule = <T extends z.ZodRawShape>(extra: T, defaultSeverity: Severity) =>
  z.strictObject({ enabled: z.boolean().default(true), severity: severity.default(defaultSeverity), ...extra });

/**
 * The alert rules and where alerts go. Every field has a default; a file only says what differs.
 * (`prefault` parses the default, so nested defaults apply when a whole section is left out.)
 * Every object is strict: a misspelled key is an error that names it, not a setting silently ignored.
 */
export const alertConfigSchema = z.strictObject({
  rules: z
    .strictObject({
      sanctionedTransfer: rule({}, "critical").prefault({}),
      strandedHoldings: rule({}, "high").prefault({}),
      newContract: rule({}, "info").prefault({}),
      blockedContractHolds: rule({}, "high").prefault({}),
      forcedTransfer: rule({}, "medium").prefault({}),
      largeTransfer: rule({ threshold: z.string().regex(/^\d+$/, "a whole number of base units").optional() }, "medium").prefault({}),
      activitySpike: rule(
        {
          windowBlocks: z.number().int().positive().default(100),
          factor: z.number().positive().default(5),
          minTransfers: z.number().int().positive().default(20),
        },
        "low",
      ).prefault({}),
      escrowedReceipt: rule({}, "high").prefault({}),
    })
    .prefault({}),
  webhooks: z
    .array(
      z.strictObject({
        url: z.string().url(),
        minSeverity: severity.default("high"),
        maxAttempts: z.number().int().min(1).max(20).default(5),
      }),
    )
    .default([]),
});
export type AlertConfig = z.infer<typeof alertConfigSchema>;

/** The default configuration, or the file at `path` validated, with a sentence for what is wrong. */
export function loadAlertConfig(path?: string): AlertConfig {
  if (!path) return alertConfigSchema.parse({});
  const unreadable = (p: string) => `cannot read the alert rules ${p} as JSON`;
  return readJsonFile(path, alertConfigSchema, {
    missing: unreadable,
    notJson: unreadable,
    invalid: (p, where, message) => `alert rules ${p}: ${where || "top level"}: ${message}`,
  });
}

export const atLeast = (s: Severity, min: Severity) => SEVERITIES.indexOf(s) >= SEVERITIES.indexOf(min);
