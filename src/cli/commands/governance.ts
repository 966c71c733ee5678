import type { Command } from "commander";
import { connectRpc, type Connection, type Deployment, type Signer } from "../../sdk/index.js";
import { readDeployment } from "../../sdk/node.js";
import { GOVERNANCE_ACTIONS, type GovernanceAction } from "../governance/actions.js";
import { describeCall, formatCall, type DescribedCall } from "../governance/describe.js";
import { heldBySafeProposals, withProposalFilesLock } from "../safe/nonce-book.js";
import { proposalFileFor, readProposals, writeProposals, type Proposal, type ProposalFile } from "../governance/proposal-file.js";
import {
  approveProposal,
  assertExecutable,
  assertIntact,
  assertOwner,
  createProposal,
  executeProposal,
  proposalStatus,
  safeNonce,
  simulateAsTimelock,
  timelockCall,
  type ProposalStatus,
} from "../governance/round.js";
import { deploymentOption, jsonOption, privateKeyOption, rpcOption, toJson } from "../options.js";
import { parseInteger } from "../parse.js";
import { ownerSigner } from "../safe/signer.js";
import { QualifiedError } from "../../sdk/index.js";

interface CommonOptions {
  rpc: string;
  deployment: string;
  privateKey?: string;
  from?: string;
  json?: boolean;
  dryRun?: boolean;
}

/** The options every governance subcommand shares. */
function common(command: Command, role: string, sends: boolean): Command {
  const c = jsonOption(privateKeyOption(deploymentOption(rpcOption(command)), role)).option(
    "--from <address>",
    `act as this account, held unlocked by the node (a sandbox's owners are)`,
  );
  return sends ? c.option("--dry-run", "print what would be signed and sent; sign, send and store nothing") : c;
}

/** The signer: --from (which the node must hold unlocked), else --private-key / QUALIFIED_PRIVATE_KEY, else the node's first account. */
const signerOf = (connection: Connection, opts: CommonOptions): Promise<Signer> => ownerSigner(connection, opts);

interface Context {
  connection: Connection;
  deployment: Deployment;
  path: string;
  file: ProposalFile;
}

async function open(opts: CommonOptions): Promise<Context> {
  const deployment = readDeployment(opts.deployment);
  const path = proposalFileFor(opts.deployment);
  const file = readProposals(path, deployment.governance);
  return { connection: await connectRpc(opts.rpc), deployment, path, file };
}

/** The nonces the governance Safe's role proposals (`qualified safe`) hold: governance proposals queue after them. */
const heldByRoleProposals = (deploymentFile: string, connection: Connection, d: Deployment) =>
  heldBySafeProposals(deploymentFile, connection.chain.id, d.governance.safe);

function find(file: ProposalFile, idArg: string): Proposal {
  const id = parseInteger(idArg, "proposal id", 1, 1_000_000);
  const p = file.proposals.find((x) => x.id === id);
  if (!p) throw new QualifiedError(`no proposal ${id}: \`qualified governance pending\` lists them`);
  return p;
}

function statusLines(s: ProposalStatus, calls: DescribedCall[] = []): string[] {
  const signed = s.next ? `${s.signedBy.length} of ${s.threshold} signatures (${s.next} step, Safe nonce ${s.nonce})` : "";
  const lines = [`#${s.id}  ${s.state}  ${s.summary}`, `    operation ${s.operation}`];
  if (signed) lines.push(`    ${signed}${s.signedBy.length ? `: ${s.signedBy.join(", ")}` : ""}`);
  if (s.executableAt) lines.push(`    executable from ${s.executableAt}`);
  for (const c of calls) lines.push(`    call   ${formatCall(c)}`);
  return lines;
}

function addPropose(governance: Command): void {
  const propose = governance
    .command("propose")
    .description("propose a governance change: the Safe's owners sign it, the Safe schedules it on the timelock, and executes it after the delay");
  for (const action of GOVERNANCE_ACTIONS) addProposeAction(propose, action);
}

function addProposeAction(propose: Command, action: GovernanceAction): void {
  const c = propose.command(action.name).description(action.description);
  for (const a of action.args) c.argument(`<${a.name}>`, a.description);
  for (const o of action.options) c.requiredOption(o.flags, o.description);
  c.option("--skip-check", "propose even if the change would fail on the chain as it is now (it depends on an earlier proposal)");
  common(c, "proposer (a governance Safe owner)", true).action(async (...received: unknown[]) => {
    const args = received.slice(0, action.args.length) as string[];
    const opts = received[action.args.length] as CommonOptions & { skipCheck?: boolean } & Record<string, string>;
    const deployment = readDeployment(opts.deployment);
    const { call, summary } = action.build(deployment, args, opts);
    const { connection, path } = await open(opts);
    const proposer = await signerOf(connection, opts);
    const described = [describeCall(deployment, call)];
    if (!opts.skipCheck) await simulateAsTimelock(connection, deployment, [call]);
    if (opts.dryRun) {
      await assertOwner(connection, deployment, proposer.account.address);
      const plan = {
        dryRun: true,
        action: action.name,
        summary,
        calls: described,
        through: {
          safe: deployment.governance.safe,
          threshold: deployment.governance.threshold,
          timelock: deployment.governance.timelock,
          delay: deployment.governance.delay,
        },
        signer: proposer.account.address,
      };
      if (opts.json) return console.log(toJson(plan));
      console.log(`would propose: ${summary}`);
      for (const d of described) console.log(`  call   ${formatCall(d)}`);
      console.log(
        `  via    the governance Safe ${deployment.governance.safe} (${deployment.governance.threshold} of ${deployment.governance.owners.length} owners) -> timelock ${deployment.governance.timelock} (delay ${deployment.governance.delay} s)`,
      );
      console.log(`  signer ${proposer.account.address} (proposer); nothing signed, sent or stored`);
      return;
    }
    const proposal = await withProposalFilesLock(opts.deployment, async () => {
      const current = readProposals(path, deployment.governance);
      const change = { action: action.name, summary, calls: [call], proposer };
      const created = await createProposal(connection, deployment, current, change, heldByRoleProposals(opts.deployment, connection, deployment));
      current.proposals.push(created);
      writeProposals(path, current);
      return created;
    });
    const status = await proposalStatus(connection, deployment, proposal);
    if (opts.json) return console.log(toJson({ ...status, calls: described, file: path }));
    console.log(`proposal ${proposal.id}: ${summary}`);
    for (const d of described) console.log(`  call   ${formatCall(d)}`);
    console.log(`  signed by ${proposer.account.address}; ${status.signedBy.length} of ${status.threshold} signatures (stored in ${path})`);
    console.log(
      status.state === "collecting signatures"
        ? `  next: another owner runs \`qualified governance approve ${proposal.id}\``
        : `  next: \`qualified governance execute ${proposal.id}\``,
    );
  });
}

function addApprove(governance: Command): void {
  common(
    governance.command("approve").description("add your signature (as a governance Safe owner) to a proposal").argument("<id>", "proposal id"),
    "approver (a governance Safe owner)",
    false,
  ).action(async (idArg: string, opts: CommonOptions) => {
    const { connection, deployment, path } = await open(opts);
    const owner = await signerOf(connection, opts);
    const proposal = await withProposalFilesLock(opts.deployment, async () => {
      const file = readProposals(path, deployment.governance);
      const p = find(file, idArg);
      await approveProposal(connection, deployment, file, p, owner, heldByRoleProposals(opts.deployment, connection, deployment));
      writeProposals(path, file);
      return p;
    });
    const status = await proposalStatus(connection, deployment, proposal);
    if (opts.json) return console.log(toJson({ ...status, calls: proposal.calls.map((c) => describeCall(deployment, c)) }));
    console.log(`approved proposal ${proposal.id} as ${owner.account.address}`);
    for (const c of proposal.calls) console.log(`  call   ${formatCall(describeCall(deployment, c))}`);
    for (const line of statusLines(status)) console.log(line);
  });
}

function addExecute(governance: Command): void {
  common(
    governance
      .command("execute")
      .description("send a proposal's next step through the Safe: schedule it on the timelock once it has the signatures, then execute it after the delay")
      .argument("<id>", "proposal id"),
    "executor (any account that pays the gas)",
    true,
  ).action(async (idArg: string, opts: CommonOptions) => {
    const { connection, deployment, path, file } = await open(opts);
    const executor = await signerOf(connection, opts);
    const proposal = find(file, idArg);
    if (opts.dryRun) {
      assertIntact(deployment, proposal);
      const status = await proposalStatus(connection, deployment, proposal);
      assertExecutable(file, proposal, status, await safeNonce(connection, deployment), heldByRoleProposals(opts.deployment, connection, deployment));
      const step = status.next as "schedule" | "execute";
      const timelock = timelockCall(deployment, proposal, step);
      const plan = {
        dryRun: true,
        id: proposal.id,
        step,
        safe: deployment.governance.safe,
        timelock: { to: timelock.to, function: step === "schedule" ? "scheduleBatch" : "executeBatch", delay: proposal.delay },
        calls: proposal.calls.map((c) => describeCall(deployment, c)),
        signedBy: status.signedBy,
        sender: executor.account.address,
      };
      if (opts.json) return console.log(toJson(plan));
      console.log(`would ${step} proposal ${proposal.id}: ${proposal.summary}`);
      console.log(`  send   ${executor.account.address} -> Safe ${plan.safe} execTransaction -> timelock ${timelock.to} ${plan.timelock.function}`);
      for (const c of plan.calls) console.log(`  call   ${formatCall(c)}`);
      console.log(`  signed ${status.signedBy.join(", ")}; nothing sent`);
      return;
    }
    const result = await withProposalFilesLock(opts.deployment, async () => {
      const current = readProposals(path, deployment.governance);
      const held = heldByRoleProposals(opts.deployment, connection, deployment);
      const done = await executeProposal(connection, deployment, current, find(current, idArg), executor, held);
      writeProposals(path, current);
      return done;
    });
    if (opts.json) return console.log(toJson(result));
    if (result.step === "schedule") {
      console.log(
        `scheduled proposal ${proposal.id} on the timelock (transaction ${result.transaction}); run \`qualified governance execute ${proposal.id}\` again from ${result.status.executableAt}`,
      );
    } else {
      console.log(`executed proposal ${proposal.id}: ${proposal.summary} (transaction ${result.transaction})`);
    }
  });
}

function addPending(governance: Command): void {
  jsonOption(
    deploymentOption(rpcOption(governance.command("pending").description("list proposals not yet executed: each one's signatures and when it can execute"))),
  )
    .option("--all", "include executed proposals")
    .action(async (opts: CommonOptions & { all?: boolean }) => {
      const { connection, deployment, file } = await open(opts);
      const statuses = await Promise.all(
        file.proposals.map(async (p) => ({ ...(await proposalStatus(connection, deployment, p)), calls: p.calls.map((c) => describeCall(deployment, c)) })),
      );
      const shown = opts.all ? statuses : statuses.filter((s) => s.state !== "executed");
      if (opts.json) return console.log(toJson({ safe: deployment.governance.safe, timelock: deployment.governance.timelock, proposals: shown }));
      if (shown.length === 0) return console.log("no pending governance proposals");
      for (const s of shown) for (const line of statusLines(s, s.calls)) console.log(line);
    });
}

/** `qualified governance propose|approve|execute|pending`: changes through the governance Safe and its timelock. */
export function addGovernanceCommands(program: Command): void {
  const governance = program
    .command("governance")
    .description("propose, approve and execute governance changes through the governance Safe (owners sign) and its timelock");
  addPropose(governance);
  addApprove(governance);
  addExecute(governance);
  addPending(governance);
}
