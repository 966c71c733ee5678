import type { Command } from "commander";
import { encodeFunctionData, type Address } from "viem";
import {
  blockContract,
  connectRpc,
  contractRegistration,
  contractRegistryAbi,
  QualifiedError,
  unblockContract,
  type Connection,
  type Deployment,
} from "../../sdk/index.js";
import { readDeployment } from "../../sdk/node.js";
import { planCall, printDryRun } from "../call-plan.js";
import { deploymentOption, jsonOption, operator, privateKeyOption, rpcOption, toJson } from "../options.js";
import { parseAddress } from "../parse.js";
import { proposeToSafe, VIA_SAFE_HELP } from "../safe/propose.js";
import { ownerSigner } from "../safe/signer.js";

interface GuardianOptions {
  rpc: string;
  deployment: string;
  privateKey?: string;
  json?: boolean;
  dryRun?: boolean;
  reason: string;
  viaSafe?: string;
  from?: string;
}

/** A registration a guardian can still block before it becomes eligible. */
export interface QueuedRegistration {
  target: Address;
  registrant: Address;
  vetted: boolean;
  windowEndsAt: number;
}

/** `qualified guardian block|unblock|queue`: a guardian stops an address from holding tokens, lifts a block, or reviews the registrations waiting out their challenge window. */
export function addGuardianCommands(program: Command): void {
  const guardian = program
    .command("guardian")
    .description("a guardian blocks addresses, lifts blocks, and reviews registrations inside their challenge window");
  const sending = (c: Command) =>
    jsonOption(privateKeyOption(deploymentOption(rpcOption(c)), "guardian"))
      .requiredOption("--reason <text>", "why, recorded on chain (no personal data)")
      .option("--dry-run", "print the transaction and whether it would succeed; send nothing")
      .option("--via-safe <safe>", `the guardian is this Safe: ${VIA_SAFE_HELP}`)
      .option("--from <owner>", "with --via-safe: the proposing owner, held unlocked by the node");

  sending(
    guardian
      .command("block")
      .description("block TARGET: it can no longer receive or send any listed token, whatever it holds")
      .argument("<target>", "address to block"),
  ).action((target: string, opts: GuardianOptions) => run("block", target, opts));
  sending(guardian.command("unblock").description("lift the block on TARGET").argument("<target>", "address to unblock")).action(
    (target: string, opts: GuardianOptions) => run("unblock", target, opts),
  );

  jsonOption(
    deploymentOption(
      rpcOption(
        guardian
          .command("queue")
          .description(
            "registrations inside their challenge window (read from the registry's ContractRegistered events and its state): target, registrant, vetted, window end",
          )
          .option("--from-block <n>", "first block to read events from", "0"),
      ),
    ),
  ).action(async (opts: { rpc: string; deployment: string; json?: boolean; fromBlock: string }) => {
    if (!/^\d+$/.test(opts.fromBlock)) throw new QualifiedError(`--from-block "${opts.fromBlock}" must be a block number`);
    const deployment = readDeployment(opts.deployment);
    const connection = await connectRpc(opts.rpc);
    const queue = await challengeQueue(connection, deployment, BigInt(opts.fromBlock));
    if (opts.json) {
      console.log(toJson(queue.map((q) => ({ ...q, windowEndsAt: new Date(q.windowEndsAt * 1000).toISOString() }))));
      return;
    }
    if (queue.length === 0) {
      console.log("no registration is inside its challenge window");
      return;
    }
    console.log("target                                      registrant                                  vetted  window ends");
    for (const q of queue) console.log(`${q.target}  ${q.registrant}  ${q.vetted ? "yes   " : "no    "}  ${new Date(q.windowEndsAt * 1000).toISOString()}`);
  });
}

/** Every registered target whose challenge window is still open now, soonest end first. */
export async function challengeQueue(connection: Connection, deployment: Deployment, fromBlock: bigint): Promise<QueuedRegistration[]> {
  const events = await connection.publicClient.getContractEvents({
    address: deployment.registries.contracts,
    abi: contractRegistryAbi,
    eventName: "ContractRegistered",
    fromBlock,
    toBlock: "latest",
  });
  const targets = [...new Set(events.map((e) => (e.args as { target: Address }).target))];
  const registrations = await Promise.all(targets.map(async (target) => ({ target, r: await contractRegistration(connection, { deployment, target }) })));
  return registrations
    .filter(({ r }) => r.status === "in challenge window")
    .map(({ target, r }) => ({ target, registrant: r.registrant, vetted: r.vetted, windowEndsAt: r.windowEndsAt }))
    .sort((a, b) => a.windowEndsAt - b.windowEndsAt);
}

async function run(action: "block" | "unblock", targetArg: string, opts: GuardianOptions): Promise<void> {
  const target = parseAddress(targetArg, "target");
  const reason = opts.reason.trim();
  if (reason === "") throw new QualifiedError(`--reason must say why the address is ${action}ed`);
  const deployment = readDeployment(opts.deployment);
  const connection = await connectRpc(opts.rpc);
  if (opts.viaSafe) {
    const data = encodeFunctionData({
      abi: contractRegistryAbi,
      functionName: action === "block" ? "blockContract" : "unblockContract",
      args: [target, reason],
    });
    return proposeToSafe({
      connection,
      deploymentFile: opts.deployment,
      safe: parseAddress(opts.viaSafe, "--via-safe"),
      proposer: await ownerSigner(connection, opts),
      action: `guardian-${action}`,
      summary: `${action} ${target}: ${reason}`,
      call: { to: deployment.registries.contracts, data },
      json: opts.json,
      dryRun: opts.dryRun,
    });
  }
  if (opts.from) throw new QualifiedError("--from names the proposing owner with --via-safe; sign as the guardian with --private-key");
  const signer = await operator(connection, opts.privateKey);
  if (opts.dryRun) {
    const call = planCall({
      contract: "ContractRegistry",
      target: deployment.registries.contracts,
      abi: contractRegistryAbi,
      functionName: action === "block" ? "blockContract" : "unblockContract",
      args: [target, reason],
      signer: signer.account.address,
    });
    return printDryRun(connection, [call], opts.json);
  }
  const act = action === "block" ? blockContract : unblockContract;
  const transaction = await act(connection, { deployment, actor: signer, target, reason });
  const { status } = await contractRegistration(connection, { deployment, target });
  if (opts.json) console.log(toJson({ target, action, status, guardian: signer.account.address, transaction }));
  else console.log(`${action}ed ${target}: status now ${status} (signed by ${signer.account.address}, transaction ${transaction})`);
}
