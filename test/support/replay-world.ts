import { serveChain } from "../../src/chain/embedded.js";
import { connectRpc, unlockedAccounts } from "../../src/sdk/index.js";
import { deploySandbox } from "../../src/sandbox/world.js";
import type { ReplayParameters } from "../../src/stress/replay/run.js";
import { scenarioSchema } from "../../src/stress/scenario.js";
import type { ReplayResult } from "../../src/stress/types.js";
import { countingProxy } from "./counting-proxy.js";
import { buildLendingWorld } from "./lending-world.js";

/** Borrowers of the fixed world: enough for two rounds, partial liquidations and capital running out. */
export const FIXED_WORLD_BORROWERS = 30;

/**
 * A fixed world and scenario for comparing replay engines: a sandbox chain served over JSON-RPC in this
 * process, a Morpho market of FIXED_WORLD_BORROWERS positions, thin liquidators, a 50% NAV cut with half
 * the pool's liquidity withdrawn and the largest bondholder sanctioned. Everything in it is deterministic
 * (accounts, addresses, amounts), so a replay's report, less its duration, is the same on every build.
 */
export async function replayFixedWorld(
  replay: (p: ReplayParameters) => Promise<ReplayResult>,
): Promise<{ report: Omit<ReplayResult, "ms">; sourceRequests: number; repeatedStateRequests: number }> {
  const server = await serveChain("127.0.0.1", 0);
  const counter = await countingProxy(server.url);
  try {
    const connection = await connectRpc(server.url, 60_000);
    const signers = (await unlockedAccounts(connection)).map((a) => connection.signer(a));
    const { deployment, sandbox } = await deploySandbox({ connection, signers, rpc: server.url });
    const sb = sandbox.accounts;
    const signer = (a: `0x${string}`) => connection.signer(a);
    const world = await buildLendingWorld({
      connection,
      deployment,
      token: sandbox.token.address,
      issuer: signer(sb.issuer),
      qualifier: signer(sb.qualifier),
      qualifierClass: 1,
      governance: [signer(sb.governanceOwners[0]), signer(sb.governanceOwners[1])],
      developer: signers[12],
      liquidityProvider: signer(sb.holders[0]),
      borrowers: FIXED_WORLD_BORROWERS,
      liquidators: [
        { address: sb.holders[1], usd: "300" },
        { address: sb.holders[2], usd: "150" },
        { address: signers[13].account.address, usd: "5000" },
      ],
      poolBonds: "600",
    });
    const scenario = scenarioSchema.parse({
      name: "fixed world: NAV -30%, half the pool withdrawn, largest holder sanctioned",
      shocks: [{ asset: "BOND", change: -0.3 }],
      haircuts: [{ pool: world.pair, haircut: 0.5 }],
      sanction: { largestHolders: 1 },
      maxRounds: 6,
    });
    counter.reset();
    const { ms: _, ...report } = await replay({ rpc: counter.url, deployment, scenario });
    return { report, sourceRequests: counter.count(), repeatedStateRequests: counter.repeated() };
  } finally {
    await counter.close();
    await server.close();
  }
}
