import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { getAddress, isAddress, isHex, type Address, type Hex } from "viem";
import { z } from "zod";
import { QualifiedError } from "../../sdk/errors.js";
import { readJsonFile } from "../../sdk/node.js";

import { addressSchema as address } from "../../sdk/address-schema.js";
const hex = z.string().refine((h) => isHex(h, { strict: true }), "not hex").transform((h) => h as Hex);
const hash = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "not a 32-byte hash").transform((h) => h as Hex);
const signature = z.string().regex(/^0x[0-9a-fA-F]{130}$/, "not a 65-byte signature").transform((h) => h as Hex);

/** One Safe transaction of a proposal (scheduling it on the timelock, or executing it there), as owners signed it. */
const safeStepSchema = z.object({
  /** The Safe nonce the owners signed for (decimal). */
  nonce: z.string().regex(/^\d{1,20}$/, "not a nonce"),
  /** Owner address -> EIP-712 signature of the Safe transaction. Signatures are public; no key is ever stored. */
  signatures: z.record(z.string(), signature).transform((r, ctx) => {
    const out: Record<Address, Hex> = {};
    for (const [owner, sig] of Object.entries(r)) {
      if (!isAddress(owner)) {
        ctx.addIssue({ code: "custom", message: `${owner} is not an address` });
        return z.NEVER;
      }
      out[getAddress(owner)] = sig;
    }
    return out;
  }),
  /** The Safe transaction's hash once executed. */
  transaction: hash.optional(),
});
export type SafeStep = z.infer<typeof safeStepSchema>;

/** A governance change: calls that the governance Safe schedules on the timelock and, after the delay, executes. */
export const proposalSchema = z.object({
  id: z.number().int().positive(),
  action: z.string().max(64),
  summary: z.string().max(2_000),
  calls: z.array(z.object({ to: address, data: hex })).min(1).max(32),
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
  return deploymentFile.endsWith(".json") ? `${deploymentFile.slice(0, -5)}.governance.json` : `${deploymentFile}.governance.json`;
}

/** Reads the proposals file, or an empty one for `safe` and `timelock` when there is none yet. */
export function readProposals(path: string, governance: { safe: Address; timelock: Address }): ProposalFile {
  if (!existsSync(path)) return { safe: governance.safe, timelock: governance.timelock, proposals: [] };
  const file = readJsonFile(path, proposalFileSchema, {
    missing: (p) => `cannot read the governance proposals at ${p}`,
    notJson: (p) => `${p} is not JSON`,
    invalid: (p, where, message) => `${p} is not a Qualified governance proposals file: ${where}: ${message}`,
  });
  if (file.safe !== governance.safe || file.timelock !== governance.timelock) {
    throw new QualifiedError(`${path} holds proposals for the Safe ${file.safe} and timelock ${file.timelock}, not this deployment's`);
  }
  return file;
}

/** Writes the proposals file atomically (a temporary file renamed over it). */
export function writeProposals(path: string, file: ProposalFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`);
  renameSync(tmp, path);
}
