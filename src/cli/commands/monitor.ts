import type { Command } from "commander";
import { connectRpc } from "../../sdk/index.js";
import { readDeployment } from "../../sdk/node.js";
import { QualifiedError } from "../../sdk/errors.js";
import { readCrossChainDeployment } from "../../crosschain/deployment-file.js";
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
    .option(
      "--crosschain <file>",
      "index the home chain and the L2 of this cross-chain deployment file (RPCs from the file) into one database, both at once; --deployment, if given, adds the home chain's registries",
    )
    .action(async (opts: MonitorOptions, command: Command) => {
      const fromBlock = parseInteger(opts.fromBlock, "from-block", 0, Number.MAX_SAFE_INTEGER);
      const toBlock = opts.toBlock === undefined ? undefined : parseInteger(opts.toBlock, "to-block", 0, Number.MAX_SAFE_INTEGER);
      const batchSize = parseInteger(opts.batchSize, "batch-size", 1, 100_000);
      if (opts.crosschain !== undefined) {
        if (toBlock !== undefined)
          throw new QualifiedError("--to-block names a block of one chain: leave it out with --crosschain (--once stops at each chain's head)");
        if (command.getOptionValueSource("rpc") === "cli") throw new QualifiedError("--crosschain takes both RPC endpoints from its file: leave out --rpc");
        const file = readCrossChainDeployment(opts.crosschain);
        const homeDeployment = command.getOptionValueSource("deployment") === "cli" ? readDeployment(opts.deployment) : undefined;
        const [home, l2] = [await connectRpc(file.home.rpc), await connectRpc(file.l2.rpc)];
        const { runCrossChainMonitor } = await import("../../monitor/crosschain-pipeline.js");
        await untilSignal(async (signal) => {
          const result = await runCrossChainMonitor({
            file,
            home,
            l2,
            homeDeployment,
            db: opts.db,
            rulesFile: opts.rules,
            fromBlock,
            batchSize,
            follow: !opts.once,
            signal,
            log: (line) => console.log(line),
          });
          for (const [side, r] of [
            ["home chain", result.home],
            ["L2", result.l2],
          ] as const) {
            console.log(`${side}: stopped before block ${r.nextBlock}; ${r.events} events indexed this run`);
          }
        });
        return;
      }
      const deployment = readDeployment(opts.deployment);
      const connection = await connectRpc(opts.rpc);
      const { runMonitor } = await import("../../monitor/pipeline.js");
      await untilSignal(async (signal) => {
        const result = await runMonitor({
          connection,
          deployment,
          db: opts.db,
          rulesFile: opts.rules,
          fromBlock,
          toBlock,
          batchSize,
          follow: !opts.once && toBlock === undefined,
          signal,
          log: (line) => console.log(line),
        });
        console.log(`stopped before block ${result.nextBlock}; ${result.events} events indexed this run`);
      });
    });
}

interface MonitorOptions {
  rpc: string;
  deployment: string;
  db: string;
  fromBlock: string;
  toBlock?: string;
  batchSize: string;
  once?: boolean;
  rules?: string;
  crosschain?: string;
}

/** Runs `work` with a signal that SIGINT or SIGTERM aborts (the monitor then stops between batches). */
async function untilSignal(work: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await work(stop.signal);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
