import { existsSync } from "node:fs";
import type { Address } from "viem";
import { proposalFileFor, proposalFileSchema } from "../governance/proposal-file.js";
import { withFileLock } from "./file-lock.js";
import { readSafeProposals, safeProposalFileFor } from "./proposals.js";
import type { HeldNonce } from "./safe-state.js";
import { readStore } from "./store.js";

/*
 * One Safe may take governance proposals (`<deployment>.governance.json`) and role proposals
 * (`<deployment>.safe.json`): both files count against the Safe's one nonce, so each side reads what the other holds.
 */

/**
 * Runs `fn` holding the locks of both proposal files of a deployment (always the governance file first), so
 * a proposal made from one command sees every nonce the other has reserved and none is handed out twice.
 */
export function withProposalFilesLock<T>(deploymentFile: string, fn: () => Promise<T>): Promise<T> {
  return withFileLock(proposalFileFor(deploymentFile), () => withFileLock(safeProposalFileFor(deploymentFile), fn));
}

/** The steps of governance proposals that `safe` (the governance Safe) has yet to send. */
export function heldByGovernance(deploymentFile: string, safe: Address): HeldNonce[] {
  const path = proposalFileFor(deploymentFile);
  if (!existsSync(path)) return [];
  const file = readStore(path, proposalFileSchema, "governance proposals", () => ({ safe, timelock: safe, proposals: [] }));
  if (file.safe.toLowerCase() !== safe.toLowerCase()) return [];
  return file.proposals.flatMap((p) =>
    [p.schedule, p.execute].filter((step) => !step.transaction).map((step) => ({ holder: `governance proposal ${p.id}`, step })),
  );
}

/** The steps of role proposals (`qualified safe`) that `safe` has yet to send. */
export function heldBySafeProposals(deploymentFile: string, chainId: number, safe: Address): HeldNonce[] {
  const file = readSafeProposals(safeProposalFileFor(deploymentFile), chainId);
  return file.proposals
    .filter((p) => p.safe.toLowerCase() === safe.toLowerCase() && !p.step.transaction)
    .map((p) => ({ holder: `Safe proposal ${p.id}`, step: p.step }));
}
