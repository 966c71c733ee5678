import type { Command } from "commander";
import { encodeFunctionData, parseEventLogs, type Address, type Hash } from "viem";
import {
  connectRpc,
  credentialRegistryAbi,
  issueCredentials,
  jurisdictionCode,
  jurisdictionText,
  QualifiedError,
  renewCredential,
  revokeCredential,
  type Call,
  type Connection,
  type Deployment,
} from "../../sdk/index.js";
import { readDeployment } from "../../sdk/node.js";
import { planCall, printDryRun } from "../call-plan.js";
import { deploymentOption, jsonOption, operator, privateKeyOption, rpcOption, toJson } from "../options.js";
import { parseAddress, parseInteger } from "../parse.js";
import { proposeToSafe, VIA_SAFE_HELP } from "../safe/propose.js";
import { ownerSigner } from "../safe/signer.js";

interface SendingOptions {
  rpc: string;
  deployment: string;
  privateKey?: string;
  json?: boolean;
  dryRun?: boolean;
  viaSafe?: string;
  from?: string;
}

/** A credential as the registry reports it, readable. */
interface CredentialView {
  id: bigint;
  holder: Address;
  qualifierId: number;
  classId: number;
  jurisdiction: string;
  issuedAt: string;
  expiresAt: string;
  valid: boolean;
}

const EXPIRES_HELP = "expiry: a date (2027-12-31, the start of that day UTC) or an ISO date-time";

/** `--expires`: a date or an ISO date-time, as unix seconds. */
export function parseExpiry(value: string): number {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(iso) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) throw new QualifiedError(`--expires "${value}" is not a date such as 2027-12-31 or a date-time such as 2027-12-31T12:00:00Z`);
  const seconds = Math.floor(ms / 1000);
  if (seconds > 0xff_ff_ff_ff) throw new QualifiedError(`--expires "${value}" is too far ahead: the registry keeps expiries until 2106`);
  return seconds;
}

/** A credential id, decimal or 0x hex (the registry's id packs holder, qualifier and class). */
export function parseCredentialId(value: string): bigint {
  if (!/^(\d{1,78}|0x[0-9a-fA-F]{1,64})$/.test(value)) throw new QualifiedError(`credential id "${value}" is not a number (decimal or 0x hex)`);
  return BigInt(value);
}

/** `qualified credentials issue|renew|revoke`: a qualifier's own key, without the qualifier service. */
export function addCredentialsCommands(program: Command): void {
  const credentials = program
    .command("credentials")
    .description("a qualifier issues, renews and revokes soulbound credentials with its own key, without the qualifier service");
  const sending = (c: Command) =>
    jsonOption(privateKeyOption(deploymentOption(rpcOption(c)), "qualifier"))
      .option("--dry-run", "print the transaction and whether it would succeed; send nothing")
      .option("--via-safe <safe>", `the qualifier's issuing account is this Safe: ${VIA_SAFE_HELP}`)
      .option("--from <owner>", "with --via-safe: the proposing owner, held unlocked by the node");

  sending(
    credentials
      .command("issue")
      .description("issue a credential of class N in jurisdiction CC to WALLET (one per holder, qualifier and class: a new one replaces the old)")
      .argument("<wallet>", "the holder's wallet")
      .requiredOption("--class <n>", "credential class id (1-255), one the qualifier is admitted for")
      .requiredOption("--jurisdiction <cc>", "ISO 3166 code: two capital letters (CH) or a number (756)")
      .requiredOption("--expires <when>", EXPIRES_HELP),
  ).action(async (walletArg: string, opts: SendingOptions & { class: string; jurisdiction: string; expires: string }) => {
    const holder = parseAddress(walletArg, "wallet");
    const classId = parseInteger(opts.class, "--class", 1, 255);
    const jurisdiction = jurisdictionCode(opts.jurisdiction);
    const expiresAt = parseExpiry(opts.expires);
    const args = [[{ holder, classId, jurisdiction, expiresAt }]] as const;
    if (opts.viaSafe) {
      const summary = `issue a class ${classId} credential to ${holder} (${jurisdictionText(jurisdiction)}, until ${new Date(expiresAt * 1000).toISOString()})`;
      return viaSafe(opts, "credentials-issue", summary, "issueBatch", args);
    }
    const { connection, deployment, signer } = await context(opts);
    if (opts.dryRun) {
      return dryRun({ connection, deployment, signer }, "issueBatch", args, opts.json);
    }
    const transaction = await issueCredentials(connection, {
      deployment,
      actor: signer,
      requests: [{ holder, classId, jurisdiction: opts.jurisdiction, expiresAt }],
    });
    const receipt = await connection.publicClient.getTransactionReceipt({ hash: transaction });
    const [issued] = parseEventLogs({ abi: credentialRegistryAbi, eventName: "CredentialIssued", logs: receipt.logs });
    if (!issued) throw new QualifiedError(`transaction ${transaction} issued no credential`);
    report(await readCredential(connection, deployment, issued.args.tokenId), "issued", transaction, opts.json);
  });

  sending(
    credentials
      .command("renew")
      .description("set a new expiry for credential ID (the qualifier that issued it)")
      .argument("<id>", "credential id (decimal or 0x hex)")
      .requiredOption("--expires <when>", EXPIRES_HELP),
  ).action(async (idArg: string, opts: SendingOptions & { expires: string }) => {
    const tokenId = parseCredentialId(idArg);
    const expiresAt = parseExpiry(opts.expires);
    if (opts.viaSafe) {
      const until = new Date(expiresAt * 1000).toISOString();
      return viaSafe(opts, "credentials-renew", `renew credential ${tokenId} until ${until}`, "renew", [tokenId, expiresAt]);
    }
    const { connection, deployment, signer } = await context(opts);
    if (opts.dryRun) {
      return dryRun({ connection, deployment, signer }, "renew", [tokenId, expiresAt], opts.json);
    }
    const transaction = await renewCredential(connection, { deployment, actor: signer, tokenId, expiresAt });
    report(await readCredential(connection, deployment, tokenId), "renewed", transaction, opts.json);
  });

  sending(
    credentials
      .command("revoke")
      .description("revoke (burn) credential ID, with the reason on record (the qualifier that issued it, or governance)")
      .argument("<id>", "credential id (decimal or 0x hex)")
      .requiredOption("--reason <text>", "why, recorded on chain (no personal data)"),
  ).action(async (idArg: string, opts: SendingOptions & { reason: string }) => {
    const tokenId = parseCredentialId(idArg);
    const reason = opts.reason.trim();
    if (reason === "") throw new QualifiedError("--reason must say why the credential is revoked");
    if (opts.viaSafe) return viaSafe(opts, "credentials-revoke", `revoke credential ${tokenId}: ${reason}`, "revoke", [tokenId, reason]);
    const { connection, deployment, signer } = await context(opts);
    if (opts.dryRun) {
      return dryRun({ connection, deployment, signer }, "revoke", [tokenId, reason], opts.json);
    }
    const before = await readCredential(connection, deployment, tokenId);
    const transaction = await revokeCredential(connection, { deployment, actor: signer, tokenId, reason });
    if (opts.json) console.log(toJson({ id: tokenId, holder: before.holder, status: "revoked", transaction }));
    else console.log(`revoked credential ${tokenId} of ${before.holder} (transaction ${transaction})`);
  });
}

type Context = Awaited<ReturnType<typeof context>>;

/** Prints the decoded call to the credential registry and whether the node would accept it; sends nothing. */
function dryRun({ connection, deployment, signer }: Context, functionName: string, args: readonly unknown[], json: boolean | undefined) {
  const call = planCall({
    contract: "CredentialRegistry",
    target: deployment.registries.credentials,
    abi: credentialRegistryAbi,
    functionName,
    args,
    signer: signer.account.address,
  });
  return printDryRun(connection, [call], json);
}

async function context(opts: SendingOptions) {
  if (opts.from) throw new QualifiedError("--from names the proposing owner with --via-safe; sign as the qualifier with --private-key");
  const deployment = readDeployment(opts.deployment);
  const connection = await connectRpc(opts.rpc);
  return { deployment, connection, signer: await operator(connection, opts.privateKey) };
}

/** The qualifier's issuing account is a Safe: one owner proposes the registry call and signs it; the others approve with `qualified safe`. */
async function viaSafe(opts: SendingOptions, action: string, summary: string, functionName: string, args: readonly unknown[]): Promise<void> {
  const safe = parseAddress(opts.viaSafe as string, "--via-safe");
  const deployment = readDeployment(opts.deployment);
  const connection = await connectRpc(opts.rpc);
  const call: Call = {
    to: deployment.registries.credentials,
    data: encodeFunctionData({ abi: credentialRegistryAbi, functionName, args } as never),
  };
  return proposeToSafe({
    connection,
    deploymentFile: opts.deployment,
    safe,
    proposer: await ownerSigner(connection, opts),
    action,
    summary,
    call,
    json: opts.json,
    dryRun: opts.dryRun,
  });
}

async function readCredential(connection: Connection, deployment: Deployment, id: bigint): Promise<CredentialView> {
  const c = await connection.publicClient.readContract({
    address: deployment.registries.credentials,
    abi: credentialRegistryAbi,
    functionName: "credential",
    args: [id],
  });
  const iso = (seconds: number | bigint) => new Date(Number(seconds) * 1000).toISOString();
  return {
    id,
    holder: c.holder,
    qualifierId: Number(c.qualifierId),
    classId: Number(c.classId),
    jurisdiction: jurisdictionText(Number(c.jurisdiction)),
    issuedAt: iso(c.issuedAt),
    expiresAt: iso(c.expiresAt),
    valid: c.valid,
  };
}

function report(c: CredentialView, done: string, transaction: Hash, json: boolean | undefined): void {
  if (json) {
    console.log(toJson({ ...c, status: done, transaction }));
    return;
  }
  console.log(`${done} credential ${c.id}`);
  console.log(`  holder        ${c.holder}`);
  console.log(`  qualifier     ${c.qualifierId}, class ${c.classId}, jurisdiction ${c.jurisdiction}`);
  console.log(`  expires       ${c.expiresAt}${c.valid ? "" : " (not valid now)"}`);
  console.log(`  transaction   ${transaction}`);
}
