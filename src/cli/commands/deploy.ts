import type { Command } from "commander";
import { connectRpc, deploySystem } from "../../sdk/index.js";
import { writeDeployment } from "../../sdk/node.js";
import { parseAddress, parseInteger, parsePrivateKey } from "../parse.js";
import { DEFAULT_DEPLOYMENT, operator, privateKeyOption, rpcOption } from "../options.js";

/** `qualified deploy`: the registries, a governance Safe and its timelock onto any JSON-RPC endpoint. */
export function addDeployCommand(program: Command): void {
  privateKeyOption(
    rpcOption(program.command("deploy").description("deploy the registries, a governance Safe and its timelock onto any JSON-RPC endpoint")),
    "deployer",
  )
    .requiredOption("--owners <addresses>", "comma-separated owners of the governance Safe")
    .option("--threshold <n>", "signatures the governance Safe needs (default: 2, or 1 with a single owner)")
    .option("--delay <seconds>", "timelock delay for governance changes", "3600")
    .option("--out <file>", "where to write the deployment file", DEFAULT_DEPLOYMENT)
    .action(async (opts: { rpc: string; privateKey?: string; owners: string; threshold?: string; delay: string; out: string }) => {
      const owners = opts.owners.split(",").map((o, i) => parseAddress(o.trim(), `owner ${i + 1}`));
      const threshold = parseInteger(opts.threshold ?? String(Math.min(2, owners.length)), "threshold", 1, owners.length);
      if (opts.privateKey) parsePrivateKey(opts.privateKey);
      const delay = parseInteger(opts.delay, "delay", 0, 365 * 24 * 3600);
      const connection = await connectRpc(opts.rpc);
      const deployment = await deploySystem(connection, {
        deployer: await operator(connection, opts.privateKey),
        governanceOwners: owners,
        governanceThreshold: threshold,
        timelockDelay: delay,
        onProgress: (line) => console.log(`  ${line}`),
      });
      writeDeployment(opts.out, deployment);
      console.log(`deployment written to ${opts.out}`);
    });
}
