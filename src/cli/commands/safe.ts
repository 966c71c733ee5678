import type { Command } from "commander";
import { connectRpc } from "../../sdk/index.js";
import { deploymentOption, jsonOption, privateKeyOption, rpcOption, toJson } from "../options.js";
import { describeSafeCall, formatSafeCall } from "../safe/describe.js";
import { heldByGovernance, withProposalFilesLock } from "../safe/nonce-book.js";
import {
  approveSafeProposal,
  assertSafeProposalIntact,
  assertSafeProposalExecutable,
  executeSafeProposal,
  findSafeProposal,
  readSafeProposals,
  safeProposalFileFor,
  safeProposalStatus,
  writeSafeProposals,
  type SafeProposal,
  type SafeProposalStatus,
} from "../safe/proposals.js";
import { ownerSigner } from "../safe/signer.js";

interface SafeOptions {
  rpc: string;
  deployment: string;
  privateKey?: string;
  from?: string;
  json?: boolean;
  dryRun?: boolean;
  all?: boolean;
}

function common(command: Command, role: string): Command {
  return jsonOption(
    privateKeyOption(deploymentOption(rpcOption(command), "deployment file (the proposals are kept next to it, in <deployment>.safe.json)"), role),
  ).option("--from <address>", "act as this account, held unlocked by the node (a sandbox's accounts are)");
}

async function open(opts: SafeOptions) {
  const connection = await connectRpc(opts.rpc);
  const path = safeProposalFileFor(opts.deployment);
  return { connection, path, file: readSafeProposals(path, connection.chain.id) };
}

function statusLines(s: SafeProposalStatus, p: SafeProposal): string[] {
  const lines = [`#${s.id}  ${s.state}  ${s.summary}`, `    Safe ${s.safe}, nonce ${s.nonce}`, `    call   ${formatSafeCall(describeSafeCall(p.call))}`];
  lines.push(`    ${s.signedBy.length} of ${s.threshold} signatures${s.signedBy.length ? `: ${s.signedBy.join(", ")}` : ""}`);
  if (s.transaction) lines.push(`    executed in ${s.transaction}`);
  return lines;
}

/** `qualified safe approve|execute|pending`: calls proposed to a Safe that holds a role (`--via-safe` on the role commands), signed by its owners over time. */
export function addSafeCommands(program: Command): void {
  const safe = program
    .command("safe")
    .description(
      "approve, execute and list calls proposed to a Safe that holds a role (issuer ... --via-safe); governance changes have their own `governance` commands",
    );

  common(
    safe.command("approve").description("add your signature (as an owner of the proposal's Safe) to a Safe proposal").argument("<id>", "proposal id"),
    "approver (an owner of the Safe)",
  ).action(async (idArg: string, opts: SafeOptions) => {
    const { connection, path } = await open(opts);
    const owner = await ownerSigner(connection, opts);
    const proposal = await withProposalFilesLock(opts.deployment, async () => {
      const file = readSafeProposals(path, connection.chain.id);
      const p = findSafeProposal(file, idArg);
      // The owner sees what they sign before the signature is made.
      await assertSafeProposalIntact(connection, p);
      const preview = [`signing Safe proposal ${p.id} as ${owner.account.address}: ${p.summary}`, `    call   ${formatSafeCall(describeSafeCall(p.call))}`];
      for (const line of preview) (opts.json ? console.error : console.log)(line);
      await approveSafeProposal(connection, file, p, owner, heldByGovernance(opts.deployment, p.safe));
      writeSafeProposals(path, file);
      return p;
    });
    const status = await safeProposalStatus(connection, proposal);
    if (opts.json) return console.log(toJson({ ...status, call: describeSafeCall(proposal.call) }));
    console.log(`approved Safe proposal ${proposal.id} as ${owner.account.address}`);
    for (const line of statusLines(status, proposal)) console.log(line);
  });

  common(
    safe.command("execute").description("send a Safe proposal through its Safe once it holds the threshold of signatures").argument("<id>", "proposal id"),
    "executor (any account that pays the gas)",
  )
    .option("--dry-run", "check the proposal could execute now and print it; send nothing")
    .action(async (idArg: string, opts: SafeOptions) => {
      const { connection, path, file } = await open(opts);
      const executor = await ownerSigner(connection, opts);
      if (opts.dryRun) {
        const p = findSafeProposal(file, idArg);
        const status = await assertSafeProposalExecutable(connection, file, p, heldByGovernance(opts.deployment, p.safe));
        const plan = { dryRun: true, ...status, call: describeSafeCall(p.call), sender: executor.account.address, wouldSucceed: true };
        if (opts.json) return console.log(toJson(plan));
        console.log(`would execute Safe proposal ${p.id}: ${p.summary}`);
        console.log(`  send   ${executor.account.address} -> Safe ${p.safe} execTransaction`);
        console.log(`  call   ${formatSafeCall(plan.call)}`);
        console.log(`  signed ${status.signedBy.join(", ")}; nothing sent`);
        return;
      }
      const { proposal, result } = await withProposalFilesLock(opts.deployment, async () => {
        const current = readSafeProposals(path, connection.chain.id);
        const p = findSafeProposal(current, idArg);
        const done = await executeSafeProposal(connection, current, p, executor, heldByGovernance(opts.deployment, p.safe));
        writeSafeProposals(path, current);
        return { proposal: p, result: done };
      });
      if (opts.json) return console.log(toJson({ ...result.status, call: describeSafeCall(proposal.call) }));
      console.log(`executed Safe proposal ${proposal.id}: ${proposal.summary} (transaction ${result.transaction})`);
    });

  jsonOption(deploymentOption(rpcOption(safe.command("pending").description("list Safe proposals not yet executed: each one's call and signatures"))))
    .option("--all", "include executed proposals")
    .action(async (opts: SafeOptions) => {
      const { connection, file } = await open(opts);
      const rows = await Promise.all(file.proposals.map(async (p) => ({ p, s: await safeProposalStatus(connection, p) })));
      const shown = opts.all ? rows : rows.filter((r) => r.s.state !== "executed");
      if (opts.json) return console.log(toJson({ proposals: shown.map(({ p, s }) => ({ ...s, call: describeSafeCall(p.call) })) }));
      if (shown.length === 0) return console.log("no pending Safe proposals");
      for (const { p, s } of shown) for (const line of statusLines(s, p)) console.log(line);
    });
}
