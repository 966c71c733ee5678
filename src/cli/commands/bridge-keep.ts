import type { Command } from "commander";
import { runKeeper } from "../../crosschain/keeper-service.js";
import { parseAddress, parseInteger } from "../parse.js";
import { type BridgeCommon, bridgeCommon, openBridge } from "./bridge-options.js";

const DEFAULT_KEEPER_STATE = "data/mirror-keeper.json";

/** `qualified bridge keep`: the long-running mirror keeper. */
export function addBridgeKeepCommand(bridge: Command): void {
  bridgeCommon(
    bridge
      .command("keep")
      .description("keep the L2 mirror in step: send every home credential, sanctions, block and standing change as it happens (runs until stopped)")
      .option("--state <file>", "where the keeper saves its cursor (resumed on restart)", DEFAULT_KEEPER_STATE)
      .option("--from-block <n>", "first home block to read when no cursor is saved (default: the chain head)")
      .option("--interval <seconds>", "seconds between rounds", "5")
      .option("--max-backoff <seconds>", "longest wait between retries after a failure", "300")
      .option("--once", "run one round and stop")
      .option("--keep <addresses>", "comma-separated wallets to keep vouched for on the L2 (routers, other spenders)"),
  ).action(async (opts: BridgeCommon & { state: string; fromBlock?: string; interval: string; maxBackoff: string; once?: boolean; keep?: string }) => {
    const intervalSeconds = parseInteger(opts.interval, "--interval", 1, 86_400);
    const maxBackoffSeconds = parseInteger(opts.maxBackoff, "--max-backoff", 1, 86_400);
    const fromBlock = opts.fromBlock === undefined ? undefined : BigInt(parseInteger(opts.fromBlock, "--from-block", 0, Number.MAX_SAFE_INTEGER));
    const keepWallets = opts.keep === undefined ? [] : opts.keep.split(",").map((a) => parseAddress(a.trim(), "--keep"));
    const { client, signer } = await openBridge(opts);
    const { home, l2, deployment } = client;
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
      await runKeeper({
        home,
        credentials: deployment.home.credentials,
        sender: deployment.home.mirrorSender,
        signer: signer(home),
        stateFile: opts.state,
        fromBlock,
        intervalSeconds,
        maxBackoffSeconds,
        once: opts.once,
        contracts: deployment.home.contracts,
        remote: deployment.l2.contractRegistry ? { connection: l2, contractRegistry: deployment.l2.contractRegistry, token: deployment.l2.token } : undefined,
        keepWallets,
        signal: stop.signal,
        log: (line) => console.log(opts.json ? JSON.stringify({ time: new Date().toISOString(), message: line }) : line),
      });
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  });
}
