import type { Command } from "commander";
import { encodeFunctionData } from "viem";
import { connectRpc, disqualifyIssuer, issuerRegistryAbi, QualifiedError, qualifyIssuer } from "../../sdk/index.js";
import { readDeployment } from "../../sdk/node.js";
import { planCall, printDryRun } from "../call-plan.js";
import { deploymentOption, jsonOption, operator, privateKeyOption, rpcOption, toJson } from "../options.js";
import { parseAddress } from "../parse.js";
import { proposeToSafe, VIA_SAFE_HELP } from "../safe/propose.js";
import { ownerSigner } from "../safe/signer.js";

interface RegulatorOptions {
  rpc: string;
  deployment: string;
  privateKey?: string;
  json?: boolean;
  dryRun?: boolean;
  reason?: string;
  viaSafe?: string;
  from?: string;
}

/** `qualified regulator qualify|disqualify ISSUER`: a sitting regulator admits or withdraws an issuer in its jurisdiction. */
export function addRegulatorCommands(program: Command): void {
  const regulator = program.command("regulator").description("a sitting regulator qualifies issuers in its jurisdiction, or withdraws them");
  const common = (c: Command) =>
    jsonOption(privateKeyOption(deploymentOption(rpcOption(c)), "regulator"))
      .option("--dry-run", "print the transaction and whether it would succeed; send nothing")
      .option("--via-safe <safe>", `the regulator is this Safe: ${VIA_SAFE_HELP}`)
      .option("--from <owner>", "with --via-safe: the proposing owner, held unlocked by the node");

  common(
    regulator
      .command("qualify")
      .description("qualify ISSUER in the regulator's jurisdiction: its tokens can then be listed there")
      .argument("<issuer>", "the issuer's address"),
  ).action((issuer: string, opts: RegulatorOptions) => run("qualify", issuer, opts));

  common(
    regulator
      .command("disqualify")
      .description("withdraw ISSUER's qualification in the regulator's jurisdiction, with the reason on record")
      .argument("<issuer>", "the issuer's address")
      .requiredOption("--reason <text>", "why, recorded on chain (no personal data)"),
  ).action((issuer: string, opts: RegulatorOptions) => run("disqualify", issuer, opts));
}

async function run(action: "qualify" | "disqualify", issuerArg: string, opts: RegulatorOptions): Promise<void> {
  const issuer = parseAddress(issuerArg, "issuer");
  const reason = opts.reason?.trim() ?? "";
  if (action === "disqualify" && reason === "") throw new QualifiedError("--reason must say why the issuer is disqualified");
  const deployment = readDeployment(opts.deployment);
  const connection = await connectRpc(opts.rpc);
  if (opts.viaSafe) {
    const data =
      action === "qualify"
        ? encodeFunctionData({ abi: issuerRegistryAbi, functionName: "qualifyIssuer", args: [issuer] })
        : encodeFunctionData({ abi: issuerRegistryAbi, functionName: "disqualifyIssuer", args: [issuer, reason] });
    return proposeToSafe({
      connection,
      deploymentFile: opts.deployment,
      safe: parseAddress(opts.viaSafe, "--via-safe"),
      proposer: await ownerSigner(connection, opts),
      action: `regulator-${action}`,
      summary: action === "qualify" ? `qualify the issuer ${issuer}` : `disqualify the issuer ${issuer}: ${reason}`,
      call: { to: deployment.registries.issuers, data },
      json: opts.json,
      dryRun: opts.dryRun,
    });
  }
  if (opts.from) throw new QualifiedError("--from names the proposing owner with --via-safe; sign as the regulator with --private-key");
  const signer = await operator(connection, opts.privateKey);
  if (opts.dryRun) {
    const call = planCall({
      contract: "IssuerRegistry",
      target: deployment.registries.issuers,
      abi: issuerRegistryAbi,
      functionName: action === "qualify" ? "qualifyIssuer" : "disqualifyIssuer",
      args: action === "qualify" ? [issuer] : [issuer, reason],
      signer: signer.account.address,
    });
    return printDryRun(connection, [call], opts.json);
  }
  const transaction =
    action === "qualify"
      ? await qualifyIssuer(connection, { deployment, actor: signer, issuer })
      : await disqualifyIssuer(connection, { deployment, actor: signer, issuer, reason });
  const done = action === "qualify" ? "qualified" : "disqualified";
  if (opts.json) console.log(toJson({ issuer, status: done, regulator: signer.account.address, transaction }));
  else console.log(`${done} ${issuer} (signed by ${signer.account.address}, transaction ${transaction})`);
}
