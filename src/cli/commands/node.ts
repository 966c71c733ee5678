import type { Command } from "commander";
import { serveChain } from "../../chain/embedded.js";
import { connectRpc, deploySystem, writeDeployment } from "../../sdk/index.js";
import { parseInteger } from "../parse.js";
import { deploymentOption, signersOf } from "../options.js";

/** `qualified node`: a local chain with the system deployed; stays up. */
export function addNodeCommand(program: Command): void {
  deploymentOption(
    program
      .command("node")
      .description("serve a local chain on 127.0.0.1 with the system deployed and a deployment file written; stays up")
      .option("--host <host>", "interface to listen on", "127.0.0.1")
      .option("--port <port>", "port to listen on", "8545"),
    "where to write the deployment file",
  ).action(async (opts: { host: string; port: string; deployment: string }) => {
    const port = parseInteger(opts.port, "port", 1, 65535);
    const server = await serveChain(opts.host, port);
    const connection = await connectRpc(server.url);
    const signers = await signersOf(connection);
    const deployment = await deploySystem(connection, signers[0], {
      governanceOwners: signers.slice(1, 4).map((s) => s.account.address),
      onProgress: (line) => console.log(`  ${line}`),
    });
    writeDeployment(opts.deployment, deployment);
    console.log(`\nJSON-RPC on ${server.url} (chain ${connection.chain.id}); deployment written to ${opts.deployment}`);
    console.log("Governance Safe owners are the node's accounts 1-3. Press Ctrl+C to stop.");
    await server.closed();
  });
}
