// The replay engine on 1,000 Morpho Blue positions (or the number given): a sandbox world served over JSON-RPC in
// this process, a market whose borrowers sit at loan-to-values from 40% to 75%, then `runReplay` of a 40% NAV cut
// on a fork of it (rounds of liquidations, sales through the pool, re-pricing). Only the replay is timed.
// Run alone: [POSITIONS=100] npx hardhat run bench/stress-replay.ts (bench/stress.ts calls replayBenchmark()).
import { loadavg } from "node:os";
import { serveChain } from "../src/chain/embedded.js";
import { connectRpc, unlockedAccounts } from "../src/sdk/index.js";
import { deploySandbox } from "../src/sandbox/world.js";
import { runReplay } from "../src/stress/replay/run.js";
import { scenarioSchema } from "../src/stress/scenario.js";
import { buildLendingWorld } from "../test/support/lending-world.js";

export interface ReplayFigure {
  positions: number;
  rounds: number;
  ms: number;
  /** The machine's 1-minute load average when the replay ended (the machine is shared). */
  load: number;
}

export async function replayBenchmark(POSITIONS = 1_000): Promise<ReplayFigure> {
  const port = 30_000 + Math.floor(Math.random() * 10_000);
  const server = await serveChain("127.0.0.1", port);
  try {
    const connection = await connectRpc(server.url, 60_000);
    const signers = (await unlockedAccounts(connection)).map((a) => connection.signer(a));
    const { deployment, sandbox } = await deploySandbox({ connection, signers, rpc: server.url });
    const sb = sandbox.accounts;
    const signer = (a: `0x${string}`) => connection.signer(a);
    const setup = performance.now();
    await buildLendingWorld({
      connection,
      deployment,
      token: sandbox.token.address,
      issuer: signer(sb.issuer),
      qualifier: signer(sb.qualifier),
      qualifierClass: 1,
      governance: [signer(sb.governanceOwners[0]), signer(sb.governanceOwners[1])],
      developer: signers[12],
      liquidityProvider: signer(sb.holders[0]),
      borrowers: POSITIONS,
      liquidators: [
        { address: sb.holders[1], usd: "30000" },
        { address: sb.holders[2], usd: "30000" },
        { address: signers[13].account.address, usd: "30000" },
      ],
      poolBonds: "50000",
    });
    console.log(`replay bench: ${POSITIONS} positions built in ${((performance.now() - setup) / 1000).toFixed(1)} s`);
    const scenario = scenarioSchema.parse({ name: `NAV -40%, ${POSITIONS} positions`, shocks: [{ asset: "BOND", change: -0.4 }], maxRounds: 10 });
    const result = await runReplay({ rpc: server.url, deployment, scenario });
    const liquidated = result.rounds.reduce((n, r) => n + r.liquidations.length, 0);
    console.log(`replay bench: ${result.rounds.length} rounds, ${liquidated} liquidations, ${result.ms} ms`);
    return { positions: POSITIONS, rounds: result.rounds.length, ms: result.ms, load: Number(loadavg()[0]!.toFixed(2)) };
  } finally {
    await server.close();
  }
}

if (process.argv.some((a) => a.endsWith("stress-replay.ts"))) {
  console.log(JSON.stringify(await replayBenchmark(Number(process.env.POSITIONS ?? 1_000))));
}
