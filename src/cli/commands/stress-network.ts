import type { Command } from "commander";
import { jsonOption, monitorDbOption } from "../options.js";
import { parseInteger } from "../parse.js";

/**
 * `qualified stress network FILE`: Eisenberg-Noe (Rogers-Veraart) or DebtRank on a network file; and
 * `qualified stress exposures`: the monitor's exposure network written as such a file.
 */
export function addStressNetworkCommand(stress: Command): void {
  jsonOption(
    stress
      .command("network")
      .description("run a network contagion model (eisenberg-noe, debtrank) on a network file (see docs/stress.md)")
      .argument("<file>", "network file (JSON)"),
  )
    .option("--report <dir>", "also write report.json and report.html into this directory")
    .action(async (file: string, opts: { json?: boolean; report?: string }) => {
      const { readNetworkFile } = await import("../../stress/network/read.js");
      const { runNetworkFile } = await import("../../stress/network/result.js");
      const { networkJson, networkTable } = await import("../stress-network-output.js");
      const network = readNetworkFile(file);
      const result = runNetworkFile(network);
      if (opts.report) {
        const { writeStressReport } = await import("../../stress/report/write.js");
        const written = await writeStressReport(
          {
            version: 1,
            scenario: `${network.model} on ${file}`,
            generatedAt: new Date().toISOString(),
            network: [result],
            totalShortfall: String(result.shortfall),
          },
          opts.report,
        );
        if (!opts.json) console.log(`report: ${written.html}`);
      }
      console.log(opts.json ? networkJson(result) : networkTable(result));
    });
  addStressExposuresCommand(stress);
}

function addStressExposuresCommand(stress: Command): void {
  monitorDbOption(
    stress
      .command("exposures")
      .description("write the exposure network the monitor indexed (tokens, holder groups, pools and markets) as a DebtRank network file"),
  )
    .option("--shock <node=distress...>", "initial distress of a node, e.g. token:0xAbc...=0.4 (repeatable)")
    .option("--decimals <n>", "the tokens' decimals (base units to token units)", "18")
    .option("--linear", "use linear DebtRank")
    .action(async (opts: { db: string; shock?: string[]; decimals: string; linear?: boolean }) => {
      const { exposuresFile } = await import("../stress-exposures.js");
      console.log(
        await exposuresFile({
          database: opts.db,
          decimals: parseInteger(opts.decimals, "decimals", 0, 36),
          shocks: opts.shock ?? [],
          linear: Boolean(opts.linear),
        }),
      );
    });
}
