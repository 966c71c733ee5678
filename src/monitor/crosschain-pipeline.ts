import type { Connection, Deployment } from "../sdk/index.js";
import { QualifiedError } from "../sdk/errors.js";
import { redactUrl } from "../sdk/redact.js";
import { openDatabase } from "../storage/database.js";
import type { CrossChainDeployment } from "../crosschain/deployment-file.js";
import { migrateMonitor, type MonitorSchema } from "./schema.js";
import { crossChainTargets, deploymentTarget, mergeTargets } from "./targets.js";
import { recordBridgeLinks } from "./bridge-links.js";
import { loadAlertConfig } from "./alerts/config.js";
import { deliverWebhooks } from "./alerts/deliver.js";
import { monitorChain, type MonitorParameters, type MonitorReturnType, type MonitoredChain } from "./pipeline.js";

export interface CrossChainMonitorParameters extends Omit<MonitorParameters, "connection" | "deployment" | "toBlock"> {
  /** The cross-chain deployment: both chains, their tokens, bridges and the credential mirror. */
  file: CrossChainDeployment;
  home: Connection;
  l2: Connection;
  /** The home chain's whole deployment (registries, listed tokens), watched besides the cross-chain contracts. */
  homeDeployment?: Deployment;
}

/**
 * The monitor over both chains of a cross-chain deployment, into one database: each chain indexed by its own
 * loop at the same time (its own cursors, alert engine and reorg handling), the bridges' links recorded. A failure
 * on one chain stops the other.
 */
export async function runCrossChainMonitor(p: CrossChainMonitorParameters): Promise<{ home: MonitorReturnType; l2: MonitorReturnType }> {
  const { file } = p;
  if (file.home.chainId === file.l2.chainId) {
    throw new QualifiedError(`the cross-chain file gives the home chain and the L2 the same chain id ${file.home.chainId}: each side needs its own chain`);
  }
  for (const [side, expected, connection, rpc] of [
    ["home chain", file.home.chainId, p.home, file.home.rpc],
    ["L2", file.l2.chainId, p.l2, file.l2.rpc],
  ] as const) {
    if (connection.chain.id !== expected) {
      throw new QualifiedError(
        `the cross-chain file says the ${side} is chain ${expected}, but its RPC ${redactUrl(rpc)} serves chain ${connection.chain.id}: correct the file's chainId or rpc`,
      );
    }
  }
  const targets = crossChainTargets(file);
  if (p.homeDeployment && p.homeDeployment.chainId !== file.home.chainId) {
    throw new QualifiedError(`the deployment file is for chain ${p.homeDeployment.chainId}, not the home chain ${file.home.chainId} of the cross-chain file`);
  }
  const home = p.homeDeployment ? mergeTargets(targets.home, deploymentTarget(p.homeDeployment)) : targets.home;
  const chains: MonitoredChain[] = [
    { connection: p.home, target: home, label: "home" },
    { connection: p.l2, target: targets.l2, label: "L2" },
  ];

  const rules = loadAlertConfig(p.rulesFile);
  const database = openDatabase<MonitorSchema>(p.db);
  try {
    await migrateMonitor(database.db);
    await recordBridgeLinks(database.db, file);
    p.log(`monitoring the home chain ${file.home.chainId} and the L2 ${file.l2.chainId} into ${database.engine} (${redactUrl(p.db)})`);
    // One webhook round at a time: two chains' rounds at once could post the same alert twice.
    let delivering: Promise<unknown> = Promise.resolve();
    const deliver = () => {
      const round = delivering.then(() => deliverWebhooks(database.db, rules));
      delivering = round.catch(() => undefined);
      return round;
    };
    const stop = new AbortController();
    if (p.signal?.aborted) stop.abort();
    p.signal?.addEventListener("abort", () => stop.abort());
    const runs = chains.map((chain) =>
      monitorChain(database.db, rules, deliver, chain, { ...p, toBlock: undefined, signal: stop.signal }).catch((error: unknown) => {
        stop.abort();
        throw error;
      }),
    );
    const [homeRun, l2Run] = await Promise.allSettled(runs);
    if (homeRun.status === "rejected") throw homeRun.reason;
    if (l2Run.status === "rejected") throw l2Run.reason;
    return { home: homeRun.value, l2: l2Run.value };
  } finally {
    await database.close();
  }
}
