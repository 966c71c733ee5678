import type { Command } from "commander";
import { formatUnits, parseUnits } from "viem";
import { QualifiedError } from "../../sdk/index.js";
import { readDeployment } from "../../sdk/node.js";
import { deploymentOption, jsonOption, rpcOption, toJson } from "../options.js";
import type { ReplayResult, StressReport } from "../../stress/types.js";

/** Sum of decimal strings, exactly (18 decimals of precision). */
const sum = (values: string[]) =>
  formatUnits(
    values.reduce((s, v) => s + parseUnits(v, 18), 0n),
    18,
  );

/** One line per round and the totals, for a terminal. */
function summary(replay: ReplayResult, written: { json: string; html: string }): string {
  const lines = [`Replay of "${replay.scenario}" on a fork of chain ${replay.chainId} at block ${replay.forkBlock} (${replay.ms} ms)`];
  for (const r of replay.rounds) {
    lines.push(
      `  round ${r.round}: prices ${Object.entries(r.prices)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}; ${r.liquidations.length} liquidated, ${r.stranded.length} stranded, ${r.defaults.length} in default`,
    );
  }
  const c = replay.liquidationCapacity;
  lines.push(
    `  capacity: ${c.available} available to ${c.qualifiedLiquidators} qualified liquidator(s), ${c.needed} needed; ${c.unqualifiedLiquidatorsRefused} holder(s) of the loan token refused`,
  );
  lines.push(
    `  bad debt: ${Object.entries(replay.badDebt)
      .map(([m, v]) => `${m.slice(0, 10)}... ${v}`)
      .join(", ")}`,
  );
  lines.push(`report: ${written.json}`, `        ${written.html}`);
  return lines.join("\n");
}

/** `qualified stress run SCENARIO --rpc URL --deployment FILE [--block N] [--out DIR] [--json]`. */
export function addStressRunCommand(stress: Command): void {
  jsonOption(
    deploymentOption(
      rpcOption(
        stress
          .command("run")
          .description("replay a scenario file on a fork of the chain (the chain itself is untouched) and write report.json and report.html")
          .argument("<scenario>", "scenario file (JSON, see docs/stress.md)"),
        "JSON-RPC endpoint of the chain to fork",
      ),
    )
      .option("--block <n>", "block to fork at (default: the latest)")
      .option("--out <dir>", "where to write report.json and report.html", "stress-report"),
  ).action(async (file: string, opts: { rpc: string; deployment: string; block?: string; out: string; json?: boolean }) => {
    const { readScenario } = await import("../../stress/scenario.js");
    const { runReplay } = await import("../../stress/replay/run.js");
    const { writeStressReport } = await import("../../stress/report/write.js");
    const scenario = readScenario(file);
    const deployment = readDeployment(opts.deployment);
    let block: bigint | undefined;
    if (opts.block !== undefined) {
      if (!/^\d{1,20}$/.test(opts.block)) throw new QualifiedError(`--block "${opts.block.slice(0, 30)}" must be a block number`);
      block = BigInt(opts.block);
    }
    let network: StressReport["network"];
    if (scenario.network !== undefined) {
      const { networkFileSchema } = await import("../../stress/network/schema.js");
      const { runNetworkFile } = await import("../../stress/network/result.js");
      const parsed = networkFileSchema.safeParse(scenario.network);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new QualifiedError(`${file}: network.${issue.path.join(".")}: ${issue.message}`);
      }
      network = [runNetworkFile(parsed.data)];
    }
    const replay = await runReplay({ rpc: opts.rpc, deployment, scenario, block, onProgress: opts.json ? undefined : (line) => console.log(`  ${line}`) });
    const report: StressReport = {
      version: 1,
      scenario: scenario.name,
      generatedAt: new Date().toISOString(),
      replay,
      ...(network ? { network } : {}),
      totalShortfall: sum(Object.values(replay.badDebt)),
    };
    const written = await writeStressReport(report, opts.out);
    console.log(opts.json ? toJson({ ...report, files: written }) : summary(replay, written));
  });
}
