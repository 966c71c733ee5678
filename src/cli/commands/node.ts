import type { Command } from "commander";
import { serveChain } from "../../chain/embedded.js";
import { connectRpc, deploySystem } from "../../sdk/index.js";
import { writeDeployment } from "../../sdk/node.js";
import { deploySandbox } from "../../sandbox/world.js";
import { sandboxFileFor, sandboxRoles, writeSandbox } from "../../sandbox/file.js";
import { parseInteger } from "../parse.js";
import { deploymentOption, jsonOption, signersOf, toJson } from "../options.js";

/** `qualified node [--sandbox]`: a local chain with the system deployed (and, with --sandbox, a ready world); stays up. */
export function addNodeCommand(program: Command): void {
  jsonOption(
    deploymentOption(
      program
        .command("node")
        .description("serve a local chain on 127.0.0.1 with the system deployed and a deployment file written; stays up")
        .option("--host <host>", "interface to listen on", "127.0.0.1")
        .option("--port <port>", "port to listen on", "8545"),
      "where to write the deployment file",
    ).option(
      "--sandbox",
      "also admit a qualifier, seat a regulator, qualify an issuer, list its token and credential a few holders with balances; every part is one of the node's accounts, written to <deployment>.sandbox.json",
    ),
  ).action(async (opts: { host: string; port: string; deployment: string; sandbox?: boolean; json?: boolean }) => {
    const port = parseInteger(opts.port, "port", 1, 65535);
    const server = await serveChain(opts.host, port);
    const connection = await connectRpc(server.url);
    const signers = await signersOf(connection);
    const progress = (line: string) => console.log(`  ${line}`);
    if (opts.sandbox) {
      const { deployment, sandbox } = await deploySandbox({ connection, signers, rpc: server.url, onProgress: opts.json ? undefined : progress });
      writeDeployment(opts.deployment, deployment);
      const sandboxFile = sandboxFileFor(opts.deployment);
      writeSandbox(sandboxFile, sandbox);
      if (opts.json) console.log(toJson({ ...sandbox, deployment: opts.deployment, sandboxFile }));
      else {
        console.log(`\nSandbox accounts (unlocked on the node; written to ${sandboxFile}):`);
        for (const { role, address } of sandboxRoles(sandbox)) console.log(`  ${address}  ${role}`);
        console.log(`  ${sandbox.token.address}  token ${sandbox.token.symbol} (listed, DeFi-ready)`);
      }
    } else {
      const deployment = await deploySystem(connection, {
        deployer: signers[0],
        governanceOwners: signers.slice(1, 4).map((s) => s.account.address),
        onProgress: opts.json ? undefined : progress,
      });
      writeDeployment(opts.deployment, deployment);
      if (opts.json) console.log(toJson({ rpc: server.url, deployment: opts.deployment }));
    }
    if (!opts.json) {
      console.log(`\nJSON-RPC on ${server.url} (chain ${connection.chain.id}); deployment written to ${opts.deployment}`);
      console.log("Governance Safe owners are the node's accounts 1-3. Press Ctrl+C to stop.");
    }
    await server.closed();
  });
}
