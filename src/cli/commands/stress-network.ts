import type { Command } from "commander";
import { jsonOption } from "../options.js";

/** `qualified stress network FILE`: Eisenberg-Noe (Rogers-Veraart) or DebtRank on a network file. */
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
          { version: 1, scenario: `${network.model} on ${file}`, generatedAt: new Date().toISOString(), network: [result], totalShortfall: String(result.shortfall) },
          opts.report,
        );
        if (!opts.json) console.log(`report: ${written.html}`);
      }
      console.log(opts.json ? networkJson(result) : networkTable(result));
    });
}
