import { getAddress, recoverTypedDataAddress, type Address, type Hash, type Hex } from "viem";
import { z } from "zod";
import { QualifiedError, executeSafeTransaction, explainError, type Call, type Connection, type Signer } from "../../sdk/index.js";
import {
  assertSafeOwner,
  forgedSignatures,
  holdersOf,
  nextFreeNonce,
  type HeldNonce,
  safeNonce,
  safeThreshold,
  signStep,
  stepTransaction,
} from "./safe-state.js";
import { addressField, hexField, safeStepSchema, signatureField } from "./schemas.js";
import { readStore, storeFileFor, writeStore } from "./store.js";

/** The longest summary a stored proposal keeps (a longer one is refused before anything is signed). */
export const MAX_SAFE_SUMMARY = 2_000;

/** A call that a Safe holding a role makes once its owners have signed: proposed by one owner, approved by others over time. */
export const safeProposalSchema = z.object({
  id: z.number().int().positive(),
  safe: addressField,
  action: z.string().max(64),
  summary: z.string().max(MAX_SAFE_SUMMARY),
  call: z.object({ to: addressField, data: hexField }),
  proposer: addressField,
  /**
   * The proposer's EIP-712 signature of the call, the summary and the Safe nonce it is made for: a file edited by hand
   * fails it, and so does a proposal moved to another nonce without the proposer signing it again.
   */
  intent: signatureField,
  proposedAt: z.string(),
  step: safeStepSchema,
});
export type SafeProposal = z.infer<typeof safeProposalSchema>;

export const safeProposalFileSchema = z.object({ chainId: z.number().int().positive(), proposals: z.array(safeProposalSchema).max(1_000) });
export type SafeProposalFile = z.infer<typeof safeProposalFileSchema>;

/** Where a proposal stands, read from the Safe. */
export type SafeProposalState = "collecting signatures" | "ready to execute" | "executed";

export interface SafeProposalStatus {
  id: number;
  safe: Address;
  action: string;
  summary: string;
  state: SafeProposalState;
  threshold: number;
  signedBy: Address[];
  nonce: string;
  transaction: Hash | null;
}

/** The Safe proposals file that goes with a deployment file: deployments/local.json -> deployments/local.safe.json. */
export function safeProposalFileFor(deploymentFile: string): string {
  return storeFileFor(deploymentFile, "safe");
}

/** Reads the Safe proposals file (empty when there is none), refusing one kept for another chain. */
export function readSafeProposals(path: string, chainId: number): SafeProposalFile {
  const file = readStore(path, safeProposalFileSchema, "Safe proposals", () => ({ chainId, proposals: [] }));
  if (file.chainId !== chainId) throw new QualifiedError(`${path} holds Safe proposals for chain ${file.chainId}, not this node's chain ${chainId}`);
  return file;
}

export function writeSafeProposals(path: string, file: SafeProposalFile): void {
  writeStore(path, file);
}

/** Finds proposal `idArg` or says how to list them. */
export function findSafeProposal(file: SafeProposalFile, idArg: string): SafeProposal {
  const id = /^\d{1,7}$/.test(idArg) ? Number(idArg) : Number.NaN;
  const p = file.proposals.find((x) => x.id === id);
  if (!p) throw new QualifiedError(`no Safe proposal ${idArg.slice(0, 20)}: \`qualified safe pending\` lists them`);
  return p;
}

const INTENT_TYPES = {
  Proposal: [
    { name: "id", type: "uint256" },
    { name: "to", type: "address" },
    { name: "data", type: "bytes" },
    { name: "summary", type: "string" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

function intentOf(chainId: number, p: Pick<SafeProposal, "id" | "safe" | "call" | "summary" | "step">) {
  return {
    domain: { name: "Qualified Safe proposal", version: "2", chainId, verifyingContract: p.safe },
    types: INTENT_TYPES,
    primaryType: "Proposal" as const,
    message: { id: BigInt(p.id), to: p.call.to, data: p.call.data, summary: p.summary, nonce: BigInt(p.step.nonce) },
  };
}

/** Steps of other open proposals of the same Safe, in this file and elsewhere (governance proposals): their nonces are taken. */
function openStepsOf(file: SafeProposalFile, safe: Address, elsewhere: HeldNonce[], except?: number) {
  return [...file.proposals.filter((x) => x.safe === safe && x.id !== except).map((x) => x.step), ...elsewhere.map((h) => h.step)];
}

/** Runs `call` as the Safe would (an eth_call from its address): the contract's refusal, explained by `explain`, or nothing. */
export async function refusalAsSafe(
  connection: Connection,
  safe: Address,
  call: Call,
  explain: (e: unknown) => Promise<string> | string = explainError,
): Promise<string | undefined> {
  try {
    await connection.publicClient.call({ account: safe, to: call.to, data: call.data });
    return undefined;
  } catch (error) {
    return explain(error);
  }
}

/**
 * A new proposal of `call` from `safe`, signed by `proposer` (an owner), at the first nonce no open proposal
 * holds (`elsewhere`: those the governance file holds for the same Safe). Not yet stored.
 */
export async function createSafeProposal(
  connection: Connection,
  file: SafeProposalFile,
  p: { safe: Address; action: string; summary: string; call: Call; proposer: Signer },
  elsewhere: HeldNonce[],
): Promise<SafeProposal> {
  await assertSafeOwner(connection, p.safe, p.proposer.account.address);
  const nonce = nextFreeNonce(openStepsOf(file, getAddress(p.safe), elsewhere), await safeNonce(connection, p.safe));
  const base = {
    id: file.proposals.reduce((m, x) => Math.max(m, x.id), 0) + 1,
    safe: getAddress(p.safe),
    action: p.action,
    summary: p.summary,
    call: { to: getAddress(p.call.to), data: p.call.data },
    proposer: getAddress(p.proposer.account.address),
    proposedAt: new Date().toISOString(),
    step: { nonce: nonce.toString(), signatures: {} },
  };
  const intent = await p.proposer.signTypedData(intentOf(connection.chain.id, base));
  const proposal: SafeProposal = { ...base, intent };
  await signStep(connection, proposal.safe, proposal.call, proposal.step, p.proposer);
  return proposal;
}

/**
 * Refuses a proposal edited by hand: the proposer's signature must cover its call and summary, the proposer
 * must still own the Safe, and every stored signature must sign the call at the stored nonce.
 */
export async function assertSafeProposalIntact(connection: Connection, p: SafeProposal): Promise<void> {
  let signer: Address | undefined;
  try {
    signer = await recoverTypedDataAddress({ ...intentOf(connection.chain.id, p), signature: p.intent as Hex });
  } catch {
    signer = undefined;
  }
  if (!signer || getAddress(signer) !== p.proposer) {
    throw new QualifiedError(
      `Safe proposal ${p.id} has been altered: its call, summary or nonce is not what ${p.proposer} proposed; it is refused, propose it again`,
    );
  }
  await assertSafeOwner(connection, p.safe, p.proposer);
  const forged = await forgedSignatures(connection, p.safe, p.call, p.step);
  if (forged.length)
    throw new QualifiedError(`Safe proposal ${p.id} has been altered: the signature stored for ${forged.join(", ")} does not sign its call; it is refused`);
}

/** Where `p` stands, read from the Safe. */
export async function safeProposalStatus(connection: Connection, p: SafeProposal): Promise<SafeProposalStatus> {
  const threshold = await safeThreshold(connection, p.safe);
  const signedBy = Object.keys(p.step.signatures) as Address[];
  const state: SafeProposalState = p.step.transaction ? "executed" : signedBy.length < threshold ? "collecting signatures" : "ready to execute";
  return {
    id: p.id,
    safe: p.safe,
    action: p.action,
    summary: p.summary,
    state,
    threshold,
    signedBy,
    nonce: p.step.nonce,
    transaction: p.step.transaction ?? null,
  };
}

/**
 * Adds `owner`'s signature. A proposal whose nonce the Safe has used since is refused (it may have been executed:
 * signing it again could repeat it). One stranded behind a gap moves to the next free nonce only when its proposer
 * approves it, signing the intent again at that nonce; any other owner is told so.
 */
export async function approveSafeProposal(
  connection: Connection,
  file: SafeProposalFile,
  p: SafeProposal,
  owner: Signer,
  elsewhere: HeldNonce[],
): Promise<void> {
  await assertSafeProposalIntact(connection, p);
  if (p.step.transaction) throw new QualifiedError(`Safe proposal ${p.id} is already executed`);
  await assertSafeOwner(connection, p.safe, owner.account.address);
  const current = await safeNonce(connection, p.safe);
  const free = nextFreeNonce(openStepsOf(file, p.safe, elsewhere, p.id), current);
  const nonce = BigInt(p.step.nonce);
  if (nonce < current) {
    throw new QualifiedError(
      `Safe proposal ${p.id} was signed for Safe nonce ${nonce}, which the Safe has used since: if the call still has to be made, propose it again`,
    );
  }
  if (nonce > free) {
    if (getAddress(owner.account.address) !== p.proposer) {
      throw new QualifiedError(
        `Safe proposal ${p.id} is signed for Safe nonce ${nonce} but the next free nonce is ${free}: its proposer ${p.proposer} runs \`qualified safe approve ${p.id} --from ${p.proposer}\` to move it there, or propose it again`,
      );
    }
    p.step = { nonce: free.toString(), signatures: {} };
    p.intent = await owner.signTypedData(intentOf(connection.chain.id, p));
  }
  await signStep(connection, p.safe, p.call, p.step, owner);
}

/** The checks `execute` makes before it sends anything (also what a dry run reports). */
export async function assertSafeProposalExecutable(
  connection: Connection,
  file: SafeProposalFile,
  p: SafeProposal,
  elsewhere: HeldNonce[],
  explain?: (e: unknown) => Promise<string> | string,
): Promise<SafeProposalStatus> {
  await assertSafeProposalIntact(connection, p);
  const status = await safeProposalStatus(connection, p);
  if (status.state === "executed") throw new QualifiedError(`Safe proposal ${p.id} is already executed (transaction ${p.step.transaction})`);
  if (status.state === "collecting signatures") {
    throw new QualifiedError(
      `Safe proposal ${p.id} has ${status.signedBy.length} of the ${status.threshold} signatures it needs: another owner runs \`qualified safe approve ${p.id} --from OWNER\``,
    );
  }
  const current = await safeNonce(connection, p.safe);
  const nonce = BigInt(p.step.nonce);
  if (nonce < current) {
    throw new QualifiedError(
      `Safe proposal ${p.id} was signed for Safe nonce ${nonce}, which the Safe has used since: if the call still has to be made, propose it again`,
    );
  }
  if (nonce > current) {
    const here = file.proposals.filter((o) => o.safe === p.safe && o.id !== p.id).map((o) => ({ holder: `Safe proposal ${o.id}`, step: o.step }));
    const before = holdersOf([...here, ...elsewhere], current);
    const who = before.length ? `${before.join(", ")} holds it: execute that first` : "no stored proposal holds it";
    throw new QualifiedError(
      `the Safe ${p.safe} is at nonce ${current} and proposal ${p.id} is signed for nonce ${nonce}; ${who}, or owners sign it again with \`qualified safe approve ${p.id}\``,
    );
  }
  // The Safe reports an inner failure only as GS013: run the call from the Safe first to get the contract's reason.
  const refusal = await refusalAsSafe(connection, p.safe, p.call, explain);
  if (refusal) throw new QualifiedError(`Safe proposal ${p.id} would fail: ${refusal}`);
  return status;
}

/** Sends `p` through its Safe once it holds the threshold of signatures. */
export async function executeSafeProposal(
  connection: Connection,
  file: SafeProposalFile,
  p: SafeProposal,
  executor: Signer,
  elsewhere: HeldNonce[],
): Promise<{ transaction: Hash; status: SafeProposalStatus }> {
  await assertSafeProposalExecutable(connection, file, p, elsewhere);
  const transaction = await executeSafeTransaction(connection, { transaction: stepTransaction(p.safe, p.call, p.step), executor });
  p.step.transaction = transaction;
  return { transaction, status: await safeProposalStatus(connection, p) };
}
