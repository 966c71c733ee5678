// Reads a network file from disk: bounded in size, parsed as JSON, validated with a sentence naming the field.
import { statSync } from "node:fs";
import { QualifiedError } from "../../sdk/errors.js";
import { readJsonFile } from "../../sdk/json-file.js";
import { networkFileSchema, type NetworkFile } from "./schema.js";

const MAX_BYTES = 512 * 1024 * 1024;

/** The network file at `path`, or a QualifiedError saying what to fix. */
export function readNetworkFile(path: string): NetworkFile {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new QualifiedError(`cannot read the network file ${path}`);
  }
  if (size > MAX_BYTES) throw new QualifiedError(`the network file ${path} is ${size} bytes; the limit is ${MAX_BYTES}`);
  return readJsonFile(path, networkFileSchema, {
    missing: (p) => `cannot read the network file ${p}`,
    notJson: (p) => `the network file ${p} is not JSON`,
    invalid: (p, where, message) =>
      where === "model" ? `network file ${p}: model must be "eisenberg-noe" or "debtrank"` : `network file ${p}: ${where || "the file"}: ${message}`,
  });
}
