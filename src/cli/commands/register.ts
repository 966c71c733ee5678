import type { Command } from "commander";
import { connectRpc, contractRegistration, registerContract } from "../../sdk/index.js";
import { readDeployment } from "../../sdk/node.js";
import { parseAddress } from "../parse.js";
import { deploymentOption, operator, privateKeyOption, rpcOption } from "../options.js";

/** `qualified register CONTRACT`: file a contract (a pool, a vault) in the contract registry. */
export function addRegisterCommand(program: Command): void {
  privateKeyOption(
    deploymentOption(
      rpcOption(
        program
          .command("register")
          .description(
            "register a deployed contract (a pool, a vault) so it can hold tokens: vetted code is eligible at once; other code needs a credentialed registrant and waits out a challenge window",
          )
          .argument("<contract>", "contract address"),
      ),
    ),
    "registrant",
  ).action(async (contractArg: string, opts: { rpc: string; deployment: string; privateKey?: string }) => {
    const target = parseAddress(contractArg, "contract");
    const deployment = readDeployment(opts.deployment);
    const connection = await connectRpc(opts.rpc);
    const hash = await registerContract(connection, { deployment, actor: await operator(connection, opts.privateKey), target });
    const filed = await contractRegistration(connection, { deployment, target });
    const when = new Date(filed.windowEndsAt * 1000).toISOString();
    console.log(
      filed.status === "registered"
        ? `registered ${target}: eligible now${filed.vetted ? " (vetted code)" : ""} (transaction ${hash})`
        : `registered ${target}: in its challenge window until ${when}, eligible then unless a guardian blocks it (transaction ${hash})`,
    );
  });
}
