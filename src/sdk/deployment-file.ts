import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { deploymentSchema, type Deployment } from "./deployment.js";
import { readJsonFile } from "./json-file.js";

/** Writes `deployment` to `path` as JSON, creating the folder. */
export function writeDeployment(path: string, deployment: Deployment): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(deployment, null, 2) + "\n");
}

/** Reads and validates a deployment file, with a sentence for each way it can be wrong. */
export function readDeployment(path: string): Deployment {
  return readJsonFile(path, deploymentSchema, {
    missing: (p) => `no deployment file at ${p}: run \`qualified deploy\` or \`qualified node\` first`,
    notJson: (p) => `${p} is not JSON`,
    invalid: (p, where, message) => `${p} is not a Qualified deployment: ${where}: ${message}`,
  });
}
