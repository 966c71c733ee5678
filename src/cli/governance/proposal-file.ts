import type { Address } from "viem";
import { z } from "zod";
import { QualifiedError } from "../../sdk/errors.js";
import { addressField as address, hashField as hash, hexField as hex, safeStepSchema } from "../safe/schemas.js";
import { readStore, storeFileFor, writeStore } from "../safe/store.js";

export type { SafeStep } from "../safe/schemas.js";

/** A governance change: calls that the governance Safe schedules on the timelock and, after the delay, executes. */
export const proposalSchema = z.object({
  id: z.number().int().positive(),
  action: z.string().max(64),
  summary: z.string().max(2_000),
  calls: z
    .array(z.object({ to: address, data: hex }))
    .min(1)
    .max(32),
  salt: hash,
  /** The timelock's operation id (hashOperationBatch of the calls, no predecessor, the salt). */
  operation: hash,
  delay: z.number().int().nonnegative(),
  proposer: address,
  proposedAt: z.string(),
  schedule: safeStepSchema,
  execute: safeStepSchema,
});
export type Proposal = z.infer<typeof proposalSchema>;

export const proposalFileSchema = z.object({
  safe: address,
  timelock: address,
  proposals: z.array(proposalSchema).max(1_000),
});
export type ProposalFile = z.infer<typeof proposalFileSchema>;

/** The proposals file that goes with a deployment file: deployments/local.json -> deployments/local.governance.json. */
export function proposalFileFor(deploymentFile: string): string {
  return storeFileFor(deploymentFile, "governance");
}

/** Reads the proposals file, or an empty one for `safe` and `timelock` when there is none yet. */
export function readProposals(path: string, governance: { safe: Address; timelock: Address }): ProposalFile {
  const file = readStore(path, proposalFileSchema, "governance proposals", () => ({ safe: governance.safe, timelock: governance.timelock, proposals: [] }));
  if (file.safe !== governance.safe || file.timelock !== governance.timelock) {
    throw new QualifiedError(`${path} holds proposals for the Safe ${file.safe} and timelock ${file.timelock}, not this deployment's`);
  }
  return file;
}

/** Writes the proposals file atomically (a temporary file renamed over it). */
export function writeProposals(path: string, file: ProposalFile): void {
  writeStore(path, file);
}
