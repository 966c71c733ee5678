import type { Command } from "commander";
import { QualifiedError, checkTransfer, connectRpc, securityTokenAbi } from "../../sdk/index.js";
import { assertAmountFormat, parseAddress, parseAmount } from "../parse.js";
import { jsonOption, rpcOption, toJson } from "../options.js";

/** `qualified check TOKEN FROM TO AMOUNT`: would a transfer go through now, and if not, why. */
export function addCheckCommand(program: Command): void {
  jsonOption(
    rpcOption(
      program
        .command("check")
        .description("pre-flight a transfer: would it go through now, and if not, why")
        .argument("<token>", "token address")
        .argument("<from>", "sender")
        .argument("<to>", "recipient")
        .argument("<amount>", "amount in whole tokens, e.g. 100 or 12.5"),
    ),
  ).action(async (tokenArg: string, fromArg: string, toArg: string, amountArg: string, opts: { rpc: string; json?: boolean }) => {
    const token = parseAddress(tokenArg, "token");
    const from = parseAddress(fromArg, "sender");
    const to = parseAddress(toArg, "recipient");
    assertAmountFormat(amountArg);
    const connection = await connectRpc(opts.rpc);
    let decimals: number;
    try {
      decimals = await connection.publicClient.readContract({ address: token, abi: securityTokenAbi, functionName: "decimals" });
    } catch {
      throw new QualifiedError(`${token} is not a token on chain ${connection.chain.id}`);
    }
    const amount = parseAmount(amountArg, decimals);
    const result = await checkTransfer(connection, { token, from, to, amount });
    if (opts.json) console.log(toJson({ token, from, to, amount, ...result }));
    else console.log(result.allowed ? "allowed" : `refused (code ${result.code}): ${result.message}`);
    if (!result.allowed) process.exitCode = 2;
  });
}
