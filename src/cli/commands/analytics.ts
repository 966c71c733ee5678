import type { Command } from "commander";
import { QualifiedError } from "../../sdk/index.js";
import { parseAddress, parseInteger } from "../parse.js";
import { monitorDbOption } from "../options.js";

/** `qualified analytics [TOKEN]`: holders, concentration, flows and activity from the monitor's database. */
export function addAnalyticsCommand(program: Command): void {
  monitorDbOption(
    program
      .command("analytics")
      .description(
        "holders, concentration (top-N, HHI, Nakamoto), net flows by counterparty category, active wallets, of a token and its bridged tokens on other chains; without a token, across tokens",
      )
      .argument("[token]", "token address (omit for every indexed token)"),
  )
    .option("--labels <file>", "JSON label file: address -> { category: exchange | custodian | bridge, name }")
    .option("--from <date>", "start of the window for flows (YYYY-MM-DD)")
    .option("--to <date>", "end of the window for flows (YYYY-MM-DD, inclusive)")
    .option("--format <format>", "table, json or csv", "table")
    .option("--chain <id>", "the token's chain, when the same address is a token on several")
    .action(async (tokenArg: string | undefined, opts: { db: string; labels?: string; from?: string; to?: string; format: string; chain?: string }) => {
      if (!["table", "json", "csv"].includes(opts.format)) throw new QualifiedError(`format "${opts.format}" must be table, json or csv`);
      if (tokenArg === undefined) {
        const { marketReport } = await import("../analytics-report.js");
        console.log(await marketReport({ database: opts.db, format: opts.format as "table" | "json" | "csv" }));
        return;
      }
      const token = parseAddress(tokenArg, "token");
      const from = opts.from ? parseDay(opts.from, "from") : 0;
      const to = opts.to ? parseDay(opts.to, "to") + 86_399 : Number.POSITIVE_INFINITY;
      const chain = opts.chain === undefined ? undefined : parseInteger(opts.chain, "chain", 1, Number.MAX_SAFE_INTEGER);
      const { report } = await import("../analytics-report.js");
      console.log(await report({ database: opts.db, token, chain, labelsFile: opts.labels, from, to, format: opts.format as "table" | "json" | "csv" }));
    });
}

function parseDay(value: string, what: string): number {
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(ms)) throw new QualifiedError(`${what} "${value}" is not a date like 2026-11-21`);
  return ms / 1000;
}
