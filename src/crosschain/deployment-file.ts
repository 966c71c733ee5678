import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { getAddress, isAddress, type Address } from "viem";
import { z } from "zod";
import { readJsonFile } from "../sdk/json-file.js";

const address = z
  .string()
  .refine((a) => isAddress(a), "not an address")
  .transform((a) => getAddress(a) as Address);

const side = z.object({
  rpc: z.string().url(),
  chainId: z.number().int().positive(),
  /** LayerZero endpoint id. */
  eid: z.number().int().positive(),
  endpoint: address,
  messageLib: address,
  token: address,
  bridge: address,
  bridgeMessenger: address,
  /** The mirror's messenger on this side. */
  mirrorMessenger: address,
});

/** A cross-chain deployment: the home chain and the L2, what each holds, and how they talk. */
export const crossChainDeploymentSchema = z.object({
  home: side.extend({ mirrorSender: address, credentials: address, contracts: address.optional() }),
  l2: side.extend({ mirror: address, contractRegistry: address.optional() }),
});
export type CrossChainDeployment = z.infer<typeof crossChainDeploymentSchema>;
export type CrossChainSide = z.infer<typeof side>;

export const DEFAULT_CROSSCHAIN_DEPLOYMENT = "deployments/crosschain.json";

/** Writes a cross-chain deployment file, creating the folder. */
export function writeCrossChainDeployment(path: string, deployment: CrossChainDeployment): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(deployment, null, 2)}\n`);
}

/** Reads and validates a cross-chain deployment file, with a sentence for each way it can be wrong. */
export function readCrossChainDeployment(path: string): CrossChainDeployment {
  return readJsonFile(path, crossChainDeploymentSchema, {
    missing: (p) => `no cross-chain deployment file at ${p}: give --crosschain with the file that describes both chains`,
    notJson: (p) => `${p} is not JSON`,
    invalid: (p, where, message) => `${p} is not a cross-chain deployment: ${where}: ${message}`,
  });
}
