import type { Command } from "commander";
import { formatUnits } from "viem";
import { connectRpc, tokenStatus } from "../../sdk/index.js";
import { readDeployment } from "../../sdk/node.js";
import { parseAddress } from "../parse.js";
import { deploymentOption, jsonOption, rpcOption, toJson } from "../options.js";

/** `qualified status TOKEN`: a token's supply, policy, issuer, disclosure and DeFi readiness. */
export function addStatusCommand(program: Command): void {
  jsonOption(
    deploymentOption(
      rpcOption(
        program
          .command("status")
          .description("show a token: supply, policy, issuer, disclosure, whether it is DeFi-ready and where")
          .argument("<token>", "token address"),
      ),
    ),
  ).action(async (tokenArg: string, opts: { rpc: string; deployment: string; json?: boolean }) => {
    const token = parseAddress(tokenArg, "token");
    const deployment = readDeployment(opts.deployment);
    const s = await tokenStatus(await connectRpc(opts.rpc), { deployment, token });
    if (opts.json) {
      console.log(toJson(s));
      return;
    }
    console.log(`${s.name} (${s.symbol}) ${s.address}`);
    console.log(`  supply      ${formatUnits(s.totalSupply, s.decimals)}${s.paused ? " (paused)" : ""}`);
    console.log(`  issuer      ${s.issuer}`);
    console.log(`  verifier    ${s.verifier}`);
    console.log(`  DeFi-ready  ${s.defiReady ? `yes, in ${s.jurisdictions.join(", ")} (regulators ${s.regulators.join(", ")})` : "no"}`);
    console.log(`  disclosure  ${s.disclosure.classification || "-"}, ${s.disclosure.jurisdiction || "-"}, ${s.disclosure.documentUri || "-"}`);
  });
}
