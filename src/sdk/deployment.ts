import { writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { getAddress, isAddress, type Address } from "viem";
import { z } from "zod";
import { readJsonFile } from "./json-file.js";

const address = z.string().refine((a) => isAddress(a), "not an address").transform((a) => getAddress(a) as Address);

/** Everything a deployment put on chain, as written to (and read from) the deployment file. */
export const deploymentSchema = z.object({
  chainId: z.number().int().positive(),
  deployedAt: z.string(),
  safe: z.object({ singleton: address, proxyFactory: address, fallbackHandler: address }),
  governance: z.object({ safe: address, owners: z.array(address), threshold: z.number().int(), timelock: address, delay: z.number().int() }),
  registries: z.object({ credentials: address, contracts: address, issuers: address }),
  classes: z.record(z.string(), z.number().int()),
  tokens: z.array(
    z.object({ address, symbol: z.string(), issuer: address, verifier: address, acceptedClasses: z.string() }),
  ),
});
export type Deployment = z.infer<typeof deploymentSchema>;

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
