import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { z } from "zod";
import { readJsonFile } from "../../sdk/node.js";

/** A proposals file that goes with a deployment file: deployments/local.json -> deployments/local.<kind>.json. */
export function storeFileFor(deploymentFile: string, kind: string): string {
  return deploymentFile.endsWith(".json") ? `${deploymentFile.slice(0, -5)}.${kind}.json` : `${deploymentFile}.${kind}.json`;
}

/** Reads and validates a proposals file (`what` names it in errors), or `empty()` when there is none yet. */
export function readStore<T extends z.ZodType>(path: string, schema: T, what: string, empty: () => z.infer<T>): z.infer<T> {
  if (!existsSync(path)) return empty();
  return readJsonFile(path, schema, {
    missing: (p) => `cannot read the ${what} at ${p}`,
    notJson: (p) => `${p} is not JSON`,
    invalid: (p, where, message) => `${p} is not a Qualified ${what} file: ${where}: ${message}`,
  });
}

/** Writes a proposals file atomically (a temporary file renamed over it). */
export function writeStore(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + "\n");
  renameSync(tmp, path);
}
