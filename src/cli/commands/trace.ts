import type { Command } from "commander";
import { QualifiedError } from "../../sdk/index.js";
import { parseAddress, parseInteger } from "../parse.js";
import { monitorDbOption } from "../options.js";

/** `qualified trace`: follow a bad transfer forward or a wallet's sources backward. */
export function addTraceCommand(program: Command): void {
  const command = program
    .command("trace")
    .description("follow a bad transfer forward (proportional taint) or an address's sources backward, across hops and across the bridge")
    .requiredOption("--token <address>", "token address")
    .option("--tx <hash>", "the bad transfer's transaction (forward trace)")
    .option("--address <address>", "trace this wallet's sources backward")
    .option("--hops <n>", "how many hops to follow", "10")
    .option("--chain <id>", "the chain of the transaction or address, when the token's asset is bridged to several");
  monitorDbOption(command)
    .option("--out <file>", "also write the trace as JSON to this file")
    .action(async (opts: { token: string; tx?: string; address?: string; hops: string; chain?: string; db: string; out?: string }) => {
      const token = parseAddress(opts.token, "token");
      if (Boolean(opts.tx) === Boolean(opts.address)) throw new QualifiedError("give either --tx (forward) or --address (backward)");
      if (opts.tx && !/^0x[0-9a-fA-F]{64}$/.test(opts.tx)) throw new QualifiedError(`transaction "${opts.tx}" is not a 32-byte hash`);
      const address = opts.address ? parseAddress(opts.address, "address") : undefined;
      const hops = parseInteger(opts.hops, "hops", 1, 100);
      const chain = opts.chain === undefined ? undefined : parseInteger(opts.chain, "chain", 1, Number.MAX_SAFE_INTEGER);
      const { traceReport } = await import("../trace-report.js");
      console.log(await traceReport({ database: opts.db, token, tx: opts.tx as `0x${string}` | undefined, address, chain, hops, out: opts.out }));
    });
}
