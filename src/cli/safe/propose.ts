import type { Address } from "viem";
import { QualifiedError, describeHolder, type Call, type Connection, type Signer } from "../../sdk/index.js";
import { toJson } from "../options.js";
import { describeSafeCall, formatSafeCall } from "./describe.js";
import { heldByGovernance, withProposalFilesLock } from "./nonce-book.js";
import {
  createSafeProposal,
  MAX_SAFE_SUMMARY,
  readSafeProposals,
  refusalAsSafe,
  safeProposalFileFor,
  safeProposalStatus,
  writeSafeProposals,
} from "./proposals.js";
import { assertSafeOwner } from "./safe-state.js";

export interface ProposeToSafeParameters {
  connection: Connection;
  /** The deployment file; proposals are stored next to it (`<deployment>.safe.json`). */
  deploymentFile: string;
  /** The Safe that holds the role the call needs. */
  safe: Address;
  proposer: Signer;
  action: string;
  summary: string;
  call: Call;
  /** Turns the contract's refusal into a sentence (default: explainError). */
  explain?: (error: unknown) => Promise<string> | string;
  json?: boolean;
  dryRun?: boolean;
}

/** Option text shared by the role commands that can propose to a Safe. */
export const VIA_SAFE_HELP =
  "the role is held by a Safe: propose the call to it, signed by --from (an owner); other owners add theirs with `qualified safe approve ID`, then `qualified safe execute ID`";

/**
 * Proposes `call` to the Safe that holds the role: refused at once, with the contract's reason, when the Safe
 * could not make it now; otherwise signed by the proposer and stored for the other owners (or, dry, printed).
 */
export async function proposeToSafe(p: ProposeToSafeParameters): Promise<void> {
  if (p.summary.length > MAX_SAFE_SUMMARY) {
    throw new QualifiedError(`the proposal would read ${p.summary.length} characters; a Safe proposal keeps at most ${MAX_SAFE_SUMMARY}: shorten the reason`);
  }
  const holder = await describeHolder(p.connection, { address: p.safe });
  if (holder.kind !== "safe") throw new QualifiedError(`${p.safe} is not a Safe: sign with its key (--from or --private-key) instead of --via-safe`);
  await assertSafeOwner(p.connection, p.safe, p.proposer.account.address);
  const refusal = await refusalAsSafe(p.connection, p.safe, p.call, p.explain);
  if (refusal) throw new QualifiedError(`the Safe ${p.safe} could not ${p.summary} now: ${refusal}; nothing proposed`);
  const described = describeSafeCall(p.call);
  if (p.dryRun) {
    const plan = {
      dryRun: true,
      action: p.action,
      summary: p.summary,
      safe: p.safe,
      threshold: holder.threshold,
      call: described,
      proposer: p.proposer.account.address,
      wouldSucceed: true,
    };
    if (p.json) return console.log(toJson(plan));
    console.log(`would propose to the Safe ${p.safe} (${holder.threshold} of ${holder.owners.length} owners): ${p.summary}`);
    console.log(`  call   ${formatSafeCall(described)}`);
    console.log(`  signer ${p.proposer.account.address} (proposer); nothing signed, sent or stored`);
    return;
  }
  const path = safeProposalFileFor(p.deploymentFile);
  const proposal = await withProposalFilesLock(p.deploymentFile, async () => {
    const file = readSafeProposals(path, p.connection.chain.id);
    const call = { safe: p.safe, action: p.action, summary: p.summary, call: p.call, proposer: p.proposer };
    const created = await createSafeProposal(p.connection, file, call, heldByGovernance(p.deploymentFile, p.safe));
    file.proposals.push(created);
    writeSafeProposals(path, file);
    return created;
  });
  const status = await safeProposalStatus(p.connection, proposal);
  if (p.json) return console.log(toJson({ ...status, call: described, file: path }));
  console.log(`Safe proposal ${proposal.id}: ${p.summary}`);
  console.log(`  call   ${formatSafeCall(described)}`);
  console.log(`  signed by ${proposal.proposer}; ${status.signedBy.length} of ${status.threshold} signatures (stored in ${path})`);
  console.log(
    status.state === "collecting signatures"
      ? `  next: another owner runs \`qualified safe approve ${proposal.id} --from OWNER\``
      : `  next: \`qualified safe execute ${proposal.id}\``,
  );
}
