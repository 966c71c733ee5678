import { pino, type DestinationStream, type Logger } from "pino";
import { BaseError } from "viem";
import { redactSecrets } from "../sdk/redact.js";

export type { Logger };

/**
 * Fields that may carry secrets or personal data, censored wherever they appear in a log line (one level deep
 * and at the top). Log calls pass ids, statuses and counts, never a request body or a profile.
 */
const SENSITIVE = [
  "authorization",
  "apiKey",
  "key",
  "privateKey",
  "password",
  "secret",
  "vault",
  "body",
  "profile",
  "reason",
  "legalName",
  "owners",
  "dateOfBirth",
  "lei",
];
// `name` at the top level is the logger's own name; one level down it is a person's or a company's.
const REDACTED = [...SENSITIVE, ...[...SENSITIVE, "name", "headers"].map((f) => `*.${f}`)];

/** A JSON logger (pino) for a service: one line per event on stdout, or on `destination`. */
export function createLogger(options: { name: string; level?: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? process.env.QUALIFIED_LOG_LEVEL ?? "info",
      redact: { paths: REDACTED, censor: "[redacted]" },
      serializers: { err: errorSummary },
    },
    options.destination,
  );
}

/**
 * What a log keeps of an error: its type, its short message with any endpoint's credentials redacted, and the
 * stack frames (code locations) without the message line. Not the error's other fields: a driver's `detail`
 * or a client's request body can quote the row or the call that failed.
 */
export function errorSummary(error: unknown): { type: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: redactSecrets(String(error)).slice(0, 500) };
  const message = error instanceof BaseError ? error.shortMessage : error.message;
  const frames = (error.stack ?? "")
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 15)
    .join("\n");
  return { type: error.constructor.name, message: redactSecrets(message).slice(0, 500), stack: frames || undefined };
}
