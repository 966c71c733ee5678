import type { Command } from "commander";
import { encodeFunctionData } from "viem";
import { QualifiedError, checkTransfer, connectRpc, securityTokenAbi, send } from "../../sdk/index.js";
import { assertAmountFormat, parseAddress, parseAmount } from "../parse.js";
import { jsonOption, privateKeyOption, rpcOption, toJson } from "../options.js";
import { ownerSigner } from "../safe/signer.js";

/** `qualified transfer TOKEN TO AMOUNT`: a holder moves tokens; a transfer the token would refuse is stopped first with the token's sentence. */
export function addTransferCommand(program: Command): void {
  jsonOption(
    privateKeyOption(
      rpcOption(
        program
          .command("transfer")
          .description("a holder transfers tokens; checked first, so a refusal comes back in the token's words (exit code 2) and nothing is sent")
          .argument("<token>", "token address")
          .argument("<to>", "recipient")
          .argument("<amount>", "amount in whole tokens, e.g. 100 or 12.5")
          .option("--from <address>", "the holder, an account the node holds unlocked (e.g. a sandbox holder)"),
      ),
      "holder",
    ),
  ).action(async (tokenArg: string, toArg: string, amountArg: string, opts: { rpc: string; from?: string; privateKey?: string; json?: boolean }) => {
    const token = parseAddress(tokenArg, "token");
    const to = parseAddress(toArg, "recipient");
    assertAmountFormat(amountArg);
    const connection = await connectRpc(opts.rpc);
    const holder = await ownerSigner(connection, opts);
    let decimals: number;
    try {
      decimals = await connection.publicClient.readContract({ address: token, abi: securityTokenAbi, functionName: "decimals" });
    } catch {
      throw new QualifiedError(`${token} is not a token on chain ${connection.chain.id}`);
    }
    const amount = parseAmount(amountArg, decimals);
    const from = holder.account.address;
    const check = await checkTransfer(connection, { token, from, to, amount });
    if (!check.allowed) {
      // Exit code 2, as `check` gives a refused transfer: a script tells "refused" from "broken".
      console.error(`qualified: the token refuses to move ${amountArg} from ${from} to ${to}: ${check.message} (code ${check.code}); nothing sent`);
      process.exitCode = 2;
      return;
    }
    const transaction = await send(connection, {
      actor: holder,
      to: token,
      data: encodeFunctionData({ abi: securityTokenAbi, functionName: "transfer", args: [to, amount] }),
      what: "transfer",
    });
    if (opts.json) console.log(toJson({ token, from, to, amount, transaction }));
    else console.log(`transferred ${amountArg} from ${from} to ${to} (transaction ${transaction})`);
  });
}
