import { encodeAbiParameters, encodeFunctionData, keccak256, toHex, zeroHash, type Address, type Hash, type Hex } from "viem";
import {
  QualifiedError,
  explainError,
  executeSafeTransaction,
  timelockControllerAbi,
  type Call,
  type Connection,
  type Deployment,
  type Signer,
} from "../../sdk/index.js";
import {
  assertSafeOwner,
  holdersOf,
  nextFreeNonce,
  safeNonce as nonceOf,
  safeThreshold,
  signStep,
  stepTransaction,
  type HeldNonce,
} from "../safe/safe-state.js";
import type { Proposal, ProposalFile } from "./proposal-file.js";

/** The two Safe transactions of a proposal: scheduling the batch on the timelock, then executing it there. */
export type Step = "schedule" | "execute";

/** Where a proposal stands, read from the timelock. */
export type ProposalState = "collecting signatures" | "ready to schedule" | "waiting for the delay" | "ready to execute" | "executed";

export interface ProposalStatus {
  id: number;
  action: string;
  summary: string;
  operation: Hex;
  state: ProposalState;
  /** The step the next `execute` sends, if any. */
  next: Step | null;
  threshold: number;
  /** Owners who signed the next step. */
  signedBy: Address[];
  /** Safe nonce the next step was signed for. */
  nonce: string | null;
  /** When the timelock lets the batch execute (ISO time), once scheduled. */
  executableAt: string | null;
}

/** The timelock's operation id for a batch (OpenZeppelin's hashOperationBatch, no predecessor). */
export function operationId(calls: Call[], salt: Hex): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "address[]" }, { type: "uint256[]" }, { type: "bytes[]" }, { type: "bytes32" }, { type: "bytes32" }],
      [calls.map((c) => c.to), calls.map(() => 0n), calls.map((c) => c.data), zeroHash, salt],
    ),
  );
}

/** The call the Safe makes to the timelock for `step`. */
export function timelockCall(d: Deployment, p: Pick<Proposal, "calls" | "salt" | "delay">, step: Step): Call {
  const targets = p.calls.map((c) => c.to);
  const values = p.calls.map(() => 0n);
  const payloads = p.calls.map((c) => c.data);
  const data =
    step === "schedule"
      ? encodeFunctionData({ abi: timelockControllerAbi, functionName: "scheduleBatch", args: [targets, values, payloads, zeroHash, p.salt, BigInt(p.delay)] })
      : encodeFunctionData({ abi: timelockControllerAbi, functionName: "executeBatch", args: [targets, values, payloads, zeroHash, p.salt] });
  return { to: d.governance.timelock, data };
}

async function signGovernanceStep(connection: Connection, d: Deployment, p: Proposal, step: Step, signer: Signer): Promise<void> {
  await signStep(connection, d.governance.safe, timelockCall(d, p, step), p[step], signer);
}

const safeNonce = (connection: Connection, d: Deployment): Promise<bigint> => nonceOf(connection, d.governance.safe);
const threshold = (connection: Connection, d: Deployment): Promise<number> => safeThreshold(connection, d.governance.safe);

/** Refuses a signer that is not an owner of the governance Safe, before anything is signed. */
export async function assertOwner(connection: Connection, d: Deployment, who: Address): Promise<void> {
  await assertSafeOwner(connection, d.governance.safe, who, `the governance Safe ${d.governance.safe}`);
}

/**
 * The first Safe nonce no other open proposal has reserved, in this file or `elsewhere` (the role proposals the
 * same Safe has in `<deployment>.safe.json`): proposals queue on the Safe in order.
 */
function nextFree(file: ProposalFile, current: bigint, elsewhere: HeldNonce[], except?: number): bigint {
  return nextFreeNonce([...file.proposals.filter((p) => p.id !== except).flatMap((p) => [p.schedule, p.execute]), ...elsewhere.map((h) => h.step)], current);
}

/** A new proposal for `calls`, signed (both steps) by `proposer`, an owner. Not yet stored. */
export async function createProposal(
  connection: Connection,
  d: Deployment,
  file: ProposalFile,
  p: { action: string; summary: string; calls: Call[]; proposer: Signer },
  elsewhere: HeldNonce[],
): Promise<Proposal> {
  await assertOwner(connection, d, p.proposer.account.address);
  const nonce = nextFree(file, await safeNonce(connection, d), elsewhere);
  const salt = keccak256(toHex(`${p.action}:${Date.now()}:${crypto.randomUUID()}`));
  const proposal: Proposal = {
    id: file.proposals.reduce((m, x) => Math.max(m, x.id), 0) + 1,
    action: p.action,
    summary: p.summary,
    calls: p.calls,
    salt,
    operation: operationId(p.calls, salt),
    delay: d.governance.delay,
    proposer: p.proposer.account.address,
    proposedAt: new Date().toISOString(),
    schedule: { nonce: nonce.toString(), signatures: {} },
    execute: { nonce: (nonce + 1n).toString(), signatures: {} },
  };
  await signGovernanceStep(connection, d, proposal, "schedule", p.proposer);
  await signGovernanceStep(connection, d, proposal, "execute", p.proposer);
  return proposal;
}

/** Runs `calls` as the timelock will (an eth_call from its address): refuses, with the contract's reason, a change that would fail on the chain as it is now. */
export async function simulateAsTimelock(connection: Connection, d: Deployment, calls: Call[]): Promise<void> {
  for (const c of calls) {
    try {
      await connection.publicClient.call({ account: d.governance.timelock, to: c.to, data: c.data });
    } catch (error) {
      throw new QualifiedError(`the change would fail on the chain as it is now: ${explainError(error)}`);
    }
  }
}

/** The timelock's view of a proposal: 0 not scheduled, 1 executed, otherwise the time it becomes executable. */
async function timelockTimestamp(connection: Connection, d: Deployment, p: Proposal): Promise<bigint> {
  return connection.publicClient.readContract({
    address: d.governance.timelock,
    abi: timelockControllerAbi,
    functionName: "getTimestamp",
    args: [p.operation],
  });
}

/**
 * Adds `owner`'s signature to every step still to come. A step whose Safe nonce has been used by another
 * transaction meanwhile is signed afresh at the next free nonce (its earlier signatures no longer count).
 */
export async function approveProposal(
  connection: Connection,
  d: Deployment,
  file: ProposalFile,
  p: Proposal,
  owner: Signer,
  elsewhere: HeldNonce[],
): Promise<void> {
  assertIntact(d, p);
  await assertOwner(connection, d, owner.account.address);
  const at = await timelockTimestamp(connection, d, p);
  if (at === 1n) throw new QualifiedError(`proposal ${p.id} is already executed`);
  const current = await safeNonce(connection, d);
  const scheduled = at !== 0n;
  const free = nextFree(file, current, elsewhere, p.id);
  // Stale (its nonce was used meanwhile) or stranded behind a gap (a proposal before it was dropped).
  const resign = (nonce: string) => BigInt(nonce) < current || BigInt(nonce) > free;
  if (!scheduled && resign(p.schedule.nonce)) {
    p.schedule = { nonce: free.toString(), signatures: {} };
    p.execute = { nonce: (free + 1n).toString(), signatures: {} };
  } else if (scheduled && resign(p.execute.nonce)) {
    p.execute = { nonce: free.toString(), signatures: {} };
  }
  if (!scheduled) await signGovernanceStep(connection, d, p, "schedule", owner);
  await signGovernanceStep(connection, d, p, "execute", owner);
}

/**
 * Refuses a proposal whose stored calls do not match its operation id, or that calls anything but this
 * deployment's registries: an owner never signs a file someone edited by hand.
 */
export function assertIntact(d: Deployment, p: Proposal): void {
  if (operationId(p.calls, p.salt) !== p.operation) {
    throw new QualifiedError(`proposal ${p.id} has been altered: its calls no longer match its operation id; propose it again`);
  }
  const registries = Object.values(d.registries).map((a) => a.toLowerCase());
  const outside = p.calls.find((c) => !registries.includes(c.to.toLowerCase()));
  if (outside) throw new QualifiedError(`proposal ${p.id} calls ${outside.to}, which is not one of this deployment's registries; it is refused`);
  if (p.delay !== d.governance.delay)
    throw new QualifiedError(`proposal ${p.id} asks for a delay of ${p.delay} s, not the timelock's ${d.governance.delay} s; propose it again`);
}

/** Where `p` stands: read from the timelock and the Safe. */
export async function proposalStatus(connection: Connection, d: Deployment, p: Proposal): Promise<ProposalStatus> {
  const [at, needed, block] = await Promise.all([
    timelockTimestamp(connection, d, p),
    threshold(connection, d),
    connection.publicClient.getBlock({ blockTag: "latest" }),
  ]);
  const next: Step | null = at === 1n ? null : at === 0n ? "schedule" : "execute";
  const signedBy = next ? (Object.keys(p[next].signatures) as Address[]) : [];
  let state: ProposalState;
  if (next === null) state = "executed";
  else if (signedBy.length < needed) state = "collecting signatures";
  else if (next === "schedule") state = "ready to schedule";
  else state = at <= block.timestamp ? "ready to execute" : "waiting for the delay";
  return {
    id: p.id,
    action: p.action,
    summary: p.summary,
    operation: p.operation,
    state,
    next,
    threshold: needed,
    signedBy,
    nonce: next ? p[next].nonce : null,
    executableAt: at > 1n ? new Date(Number(at) * 1000).toISOString() : null,
  };
}

/**
 * Sends the next step of `p` through the Safe: schedules the batch on the timelock, or (after the delay)
 * executes it. Refuses, with a sentence, a step short of signatures, early, or out of the Safe's order.
 */
export async function executeProposal(
  connection: Connection,
  d: Deployment,
  file: ProposalFile,
  p: Proposal,
  executor: Signer,
  elsewhere: HeldNonce[],
): Promise<{ step: Step; transaction: Hash; status: ProposalStatus }> {
  assertIntact(d, p);
  const status = await proposalStatus(connection, d, p);
  assertExecutable(file, p, status, await safeNonce(connection, d), elsewhere);
  const step = status.next as Step;
  // The Safe reports an inner failure only as GS013: run the step from the Safe first to get the contract's reason.
  const call = timelockCall(d, p, step);
  try {
    await connection.publicClient.call({ account: d.governance.safe, to: call.to, data: call.data });
  } catch (error) {
    throw new QualifiedError(`proposal ${p.id} would fail at its ${step} step: ${explainError(error)}`);
  }
  const transaction = await executeSafeTransaction(connection, { transaction: stepTransaction(d.governance.safe, call, p[step]), executor });
  p[step].transaction = transaction;
  return { step, transaction, status: await proposalStatus(connection, d, p) };
}

/** The checks `execute` makes before it sends anything (also what a dry run reports). */
export function assertExecutable(file: ProposalFile, p: Proposal, status: ProposalStatus, current: bigint, elsewhere: HeldNonce[]): void {
  if (status.state === "executed") throw new QualifiedError(`proposal ${p.id} is already executed`);
  if (status.state === "collecting signatures") {
    throw new QualifiedError(
      `proposal ${p.id} has ${status.signedBy.length} of the ${status.threshold} signatures it needs: another owner runs \`qualified governance approve ${p.id}\``,
    );
  }
  if (status.state === "waiting for the delay") {
    throw new QualifiedError(`proposal ${p.id} is scheduled; the timelock lets it execute from ${status.executableAt}`);
  }
  const step = status.next as Step;
  const nonce = BigInt(p[step].nonce);
  if (nonce < current) {
    throw new QualifiedError(
      `proposal ${p.id} was signed for Safe nonce ${nonce}, already used by another transaction: owners sign it again with \`qualified governance approve ${p.id}\``,
    );
  }
  if (nonce > current) {
    const here = file.proposals.filter((o) => o.id !== p.id).flatMap((o) => [o.schedule, o.execute].map((step) => ({ holder: `proposal ${o.id}`, step })));
    const before = [...new Set(holdersOf([...here, ...elsewhere], current))];
    const who = before.length ? `${before.join(", ")} holds it: execute that first` : "no stored proposal holds it";
    throw new QualifiedError(
      `the governance Safe is at nonce ${current} and proposal ${p.id} is signed for nonce ${nonce}; ${who}, or owners sign it again with \`qualified governance approve ${p.id}\``,
    );
  }
}

export { safeNonce };
