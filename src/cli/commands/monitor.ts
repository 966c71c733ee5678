import type { Command } from "commander";
import { connectRpc } from "../../sdk/index.js";
import { readDeployment } from "../../sdk/node.js";
import { parseInteger } from "../parse.js";
import { deploymentOption, monitorDbOption, rpcOption } from "../options.js";

/** `qualified monitor`: index the chain into a database and raise alerts (the pipeline lives in src/monitor). */
export function addMonitorCommand(program: Command): void {
  monitorDbOption(
    deploymentOption(
      rpcOption(program.command("monitor").description("index every event of the registries and listed tokens into a database (backfill, then follow)")),
    ),
    "SQLite file, or postgres://user:pass@host/db",
  )
    .option("--from-block <n>", "first block to index on a new database", "0")
    .option("--to-block <n>", "stop after this block")
    .option("--batch-size <n>", "the most blocks per log request (each request is sized by what the node returned for the last)", "10000")
    .option("--once", "stop at the chain head instead of following it")
    .option("--rules <file>", "alert rules and webhooks (JSON); default: every rule at its default severity")
    .action(
      async (opts: { rpc: string; deployment: string; db: string; fromBlock: string; toBlock?: string; batchSize: string; once?: boolean; rules?: string }) => {
        const fromBlock = parseInteger(opts.fromBlock, "from-block", 0, Number.MAX_SAFE_INTEGER);
        const toBlock = opts.toBlock === undefined ? undefined : parseInteger(opts.toBlock, "to-block", 0, Number.MAX_SAFE_INTEGER);
        const batchSize = parseInteger(opts.batchSize, "batch-size", 1, 100_000);
        const deployment = readDeployment(opts.deployment);
        const connection = await connectRpc(opts.rpc);
        const { runMonitor } = await import("../../monitor/pipeline.js");
        const stop = new AbortController();
        const onSignal = () => stop.abort();
        process.once("SIGINT", onSignal);
        process.once("SIGTERM", onSignal);
        try {
          const result = await runMonitor({
            connection,
            deployment,
            db: opts.db,
            rulesFile: opts.rules,
            fromBlock,
            toBlock,
            batchSize,
            follow: !opts.once && toBlock === undefined,
            signal: stop.signal,
            log: (line) => console.log(line),
          });
          console.log(`stopped before block ${result.nextBlock}; ${result.events} events indexed this run`);
        } finally {
          process.off("SIGINT", onSignal);
          process.off("SIGTERM", onSignal);
        }
      },
    );
}
