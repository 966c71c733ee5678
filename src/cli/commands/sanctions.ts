import type { Command } from "commander";
import type { Address, Hash } from "viem";
import { connectRpc, credentialRegistryAbi, QualifiedError, setSanctioned } from "../../sdk/index.js";
import { readDeployment } from "../../sdk/node.js";
import { planCall, printDryRun } from "../call-plan.js";
import { deploymentOption, jsonOption, operator, privateKeyOption, rpcOption, toJson } from "../options.js";
import { parseInteger } from "../parse.js";
import { newestOfacDate, OFAC_SOURCE, ofacSource, standingFlags } from "../sanctions/flags.js";
import { readPublication } from "../sanctions/publication.js";
import { batches, syncPlan } from "../sanctions/sync-plan.js";

interface SyncOptions {
  rpc: string;
  deployment: string;
  privateKey?: string;
  json?: boolean;
  dryRun?: boolean;
  published?: string;
  batch: string;
  fromBlock: string;
  allowOlder?: boolean;
  allowMassClear?: boolean;
}

/** Clearing more than this share of the OFAC flags standing (and more than MASS_CLEAR_MIN wallets) needs --allow-mass-clear: a truncated or wrong file must not lift sanctions wholesale. */
const MASS_CLEAR_SHARE = 0.25;
const MASS_CLEAR_MIN = 10;

/** A flag costs about 27,000 gas: 500 wallets stay near 13.5M gas, well inside a block on any chain we target. */
const MAX_BATCH = 500;

/** `qualified sanctions sync FILE`: the federation's sanctions flags follow an OFAC publication. */
export function addSanctionsCommands(program: Command): void {
  const sanctions = program.command("sanctions").description("a sanctions operator keeps the federation's on-chain flags in line with the OFAC SDN list");
  jsonOption(
    privateKeyOption(
      deploymentOption(
        rpcOption(
          sanctions
            .command("sync")
            .description(
              "flag the Ethereum addresses of an OFAC publication (SDN.XML, SDN_ADVANCED.XML or SDN.CSV) and clear those it no longer lists, as a diff against the flags standing on chain, in batches; flags from other sources are left alone",
            )
            .argument("<file>", "the publication")
            .option("--published <date>", "publication date YYYY-MM-DD (SDN.CSV carries none)")
            .option("--batch <n>", `wallets per transaction (at most ${MAX_BATCH})`, "200")
            .option("--from-block <n>", "first block to read the registry's SanctionsUpdated events from", "0")
            .option("--allow-older", "sync a publication older than the one the chain follows now (rolls newer listings back)")
            .option(
              "--allow-mass-clear",
              `clear more than ${MASS_CLEAR_SHARE * 100}% of the OFAC flags standing (a delisting wave; otherwise refused as a likely wrong file)`,
            )
            .option("--dry-run", "print the diff and the transactions it would send; send nothing"),
        ),
      ),
      "sanctions operator",
    ),
  ).action(async (file: string, opts: SyncOptions) => {
    const size = parseInteger(opts.batch, "--batch", 1, MAX_BATCH);
    if (!/^\d+$/.test(opts.fromBlock)) throw new QualifiedError(`--from-block "${opts.fromBlock}" must be a block number`);
    if (opts.published !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.published))
      throw new QualifiedError(`--published "${opts.published}" is not a date YYYY-MM-DD`);
    const list = readPublication(file, opts.published);
    const listed = [...new Set(list.entries.flatMap((e) => e.addresses))];
    const deployment = readDeployment(opts.deployment);
    const connection = await connectRpc(opts.rpc);
    const signer = await operator(connection, opts.privateKey);
    const standing = await standingFlags(connection, deployment, BigInt(opts.fromBlock));
    const following = newestOfacDate(standing);
    if (following !== undefined && list.publishedAt < following && !opts.allowOlder) {
      throw new QualifiedError(
        `the chain follows the OFAC publication of ${following} and this one is of ${list.publishedAt}: syncing it would clear newer listings; give --allow-older if that is what you mean`,
      );
    }
    const plan = syncPlan(listed, standing);
    const ofacFlags = standing.filter((f) => OFAC_SOURCE.test(f.source)).length;
    if (!opts.dryRun && !opts.allowMassClear && plan.clear.length > MASS_CLEAR_MIN && plan.clear.length > ofacFlags * MASS_CLEAR_SHARE) {
      throw new QualifiedError(
        `this publication would clear ${plan.clear.length} of the ${ofacFlags} wallets flagged from OFAC publications: check the file (run with --dry-run to see the diff), then give --allow-mass-clear if OFAC did delist them`,
      );
    }
    const source = ofacSource(list.publishedAt, list.source);
    const work = [
      ...batches(plan.flag, size).map((accounts) => ({ accounts, sanctioned: true })),
      ...batches(plan.clear, size).map((accounts) => ({ accounts, sanctioned: false })),
    ];
    const summary = {
      publication: { format: list.source, publishedAt: list.publishedAt, parties: list.entries.length, addresses: listed.length },
      source,
      flag: plan.flag,
      clear: plan.clear,
      unchanged: plan.unchanged,
      leftAlone: plan.otherSources,
    };
    const progress = opts.json ? console.error : console.log;

    if (opts.dryRun) {
      if (!opts.json) printDiff(summary);
      const calls = work.map((w) =>
        planCall({
          contract: "CredentialRegistry",
          target: deployment.registries.credentials,
          abi: credentialRegistryAbi,
          functionName: "setSanctioned",
          args: [w.accounts, w.sanctioned, source],
          signer: signer.account.address,
        }),
      );
      if (opts.json || calls.length > 0) await printDryRun(connection, calls, opts.json, summary);
      return;
    }

    if (!opts.json) printDiff(summary);
    const transactions: Array<{ sanctioned: boolean; accounts: number; transaction: Hash }> = [];
    let flagged = 0;
    let cleared = 0;
    for (const w of work) {
      const transaction = await setSanctioned(connection, { deployment, actor: signer, accounts: w.accounts, sanctioned: w.sanctioned, source });
      transactions.push({ sanctioned: w.sanctioned, accounts: w.accounts.length, transaction });
      if (w.sanctioned) flagged += w.accounts.length;
      else cleared += w.accounts.length;
      progress(
        w.sanctioned
          ? `flagged ${flagged}/${plan.flag.length} (transaction ${transaction})`
          : `cleared ${cleared}/${plan.clear.length} (transaction ${transaction})`,
      );
    }
    if (opts.json) console.log(toJson({ ...summary, transactions }));
    else console.log(work.length === 0 ? "in line already: nothing sent" : `done: ${flagged} flagged, ${cleared} cleared, as "${source}"`);
  });
}

function printDiff(s: {
  publication: { format: string; publishedAt: string; parties: number; addresses: number };
  flag: Address[];
  clear: Address[];
  unchanged: number;
  leftAlone: Address[];
}): void {
  console.log(`${s.publication.format} of ${s.publication.publishedAt}: ${s.publication.parties} parties, ${s.publication.addresses} Ethereum addresses`);
  console.log(`to flag   ${s.flag.length}`);
  for (const a of s.flag) console.log(`  + ${a}`);
  console.log(`to clear  ${s.clear.length}`);
  for (const a of s.clear) console.log(`  - ${a}`);
  console.log(`unchanged ${s.unchanged}`);
  if (s.leftAlone.length > 0) console.log(`left alone ${s.leftAlone.length} (flagged from another source, not by an OFAC sync)`);
}
