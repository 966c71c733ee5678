import { encodeFunctionData, type Abi, type Address, type Hex } from "viem";
import { explainError, type Connection } from "../sdk/index.js";
import { toJson } from "./options.js";

/** A transaction a command would send: where, which function, its arguments by name, and who signs. */
export interface PlannedCall {
  contract: string;
  target: Address;
  function: string;
  args: Record<string, unknown>;
  signer: Address;
  data: Hex;
}

/** Describes a call to `functionName` of `abi` at `target`, signed by `signer`, with its arguments named as the ABI names them. */
export function planCall(p: { contract: string; target: Address; abi: Abi; functionName: string; args: readonly unknown[]; signer: Address }): PlannedCall {
  const data = encodeFunctionData({ abi: p.abi, functionName: p.functionName, args: p.args } as never);
  const fn = p.abi.find((item) => item.type === "function" && item.name === p.functionName && item.inputs.length === p.args.length);
  const names = fn && fn.type === "function" ? fn.inputs.map((input, i) => input.name || `arg${i}`) : p.args.map((_a, i) => `arg${i}`);
  const args = Object.fromEntries(names.map((name, i) => [name, p.args[i]]));
  return { contract: p.contract, target: p.target, function: p.functionName, args, signer: p.signer, data };
}

/** Whether the node would accept `call` now (an eth_call, nothing is sent): undefined, or the refusal as a sentence. */
export async function refusalOf(connection: Connection, call: PlannedCall): Promise<string | undefined> {
  try {
    await connection.publicClient.call({ account: call.signer, to: call.target, data: call.data });
    return undefined;
  } catch (error) {
    return explainError(error);
  }
}

/** Prints what a dry run would send, each call checked against the node (exit code 2 if one would be refused); nothing is sent. `extra` joins the JSON document. */
export async function printDryRun(connection: Connection, calls: PlannedCall[], json: boolean | undefined, extra: Record<string, unknown> = {}): Promise<void> {
  const checked = await Promise.all(calls.map(async (c) => ({ ...c, refusal: await refusalOf(connection, c) })));
  // Exit code 2, as `check` does for a refused transfer: a script can tell "would be refused" from "would succeed".
  if (checked.some((c) => c.refusal !== undefined)) process.exitCode = 2;
  if (json) {
    const described = checked.map(({ data: _data, refusal, ...c }) => ({ ...c, wouldSucceed: refusal === undefined, refusal }));
    console.log(toJson({ dryRun: true, ...extra, calls: described }));
    return;
  }
  console.log(`dry run: ${calls.length} transaction${calls.length === 1 ? "" : "s"} would be sent, none was`);
  for (const c of checked) {
    const args = Object.entries(c.args)
      .map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.length} items]` : typeof v === "object" ? toJson(v).replace(/\s+/g, " ") : String(v)}`)
      .join(", ");
    console.log(`  ${c.contract} ${c.target}.${c.function}(${args}) signed by ${c.signer}: ${c.refusal ? `would be refused: ${c.refusal}` : "would succeed"}`);
  }
}
