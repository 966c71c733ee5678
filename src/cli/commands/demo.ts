import type { Command } from "commander";
import { startEmbeddedChain } from "../../chain/embedded.js";
import { castFrom, runDemo } from "../../demo/story.js";
import { loadOfacAddresses } from "../../demo/ofac.js";
import { connectProvider, connectRpc, type Connection } from "../../sdk/index.js";
import { redactUrl } from "../../sdk/redact.js";
import { signersOf } from "../options.js";
import { runL2DemoCommand } from "./demo-l2.js";

/** `qualified demo`: the whole story on an embedded chain or a development node. */
export function addDemoCommand(program: Command): void {
  program
    .command("demo")
    .description("run the whole story on an embedded chain (or --rpc): governance, issuer, qualifiers, trades, a Uniswap pool, enforcement")
    .option("--rpc <url>", "use this development node instead of an embedded chain (needs 20 unlocked accounts)")
    .option("--l2", "the cross-chain story instead, on two embedded chains: a credential mirrored to an L2, a bridge transfer, a revocation reaching the L2")
    .action(async (opts: { rpc?: string; l2?: boolean }) => {
      if (opts.l2) return runL2DemoCommand(opts.rpc);
      const started = Date.now();
      let close = async () => {};
      let connection: Connection;
      if (opts.rpc) {
        connection = await connectRpc(opts.rpc);
        console.log(`Qualified demo on ${redactUrl(opts.rpc)} (chain ${connection.chain.id})`);
      } else {
        const chain = await startEmbeddedChain();
        close = chain.close;
        connection = await connectProvider(chain.provider);
        console.log("Qualified demo on an embedded chain (Hardhat EDR, in process)");
      }
      try {
        await runDemo(connection, castFrom(await signersOf(connection)), {
          sanctionedAddresses: loadOfacAddresses(),
          log: (line) => console.log(line),
        });
        console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      } finally {
        await close();
      }
    });
}
