import { decodeFunctionData, type Abi } from "viem";
import { contractRegistryAbi, credentialRegistryAbi, issuerRegistryAbi, securityTokenAbi, type Call } from "../../sdk/index.js";

/** A Safe proposal's call as a person reads it: the function and its arguments by name. */
export interface DescribedSafeCall {
  to: string;
  function: string;
  args: Record<string, unknown>;
}

const KNOWN: Abi[] = [securityTokenAbi, issuerRegistryAbi, credentialRegistryAbi, contractRegistryAbi] as Abi[];

/** Decodes `call` against the token's and the registries' ABIs; data none of them takes is shown raw. */
export function describeSafeCall(call: Call): DescribedSafeCall {
  for (const abi of KNOWN) {
    let decoded: { functionName: string; args?: readonly unknown[] };
    try {
      decoded = decodeFunctionData({ abi, data: call.data });
    } catch {
      continue; // not a function of this ABI: try the next
    }
    const item = abi.find((x) => x.type === "function" && x.name === decoded.functionName);
    const inputs = item && item.type === "function" ? item.inputs : [];
    const args = Object.fromEntries((decoded.args ?? []).map((v, i) => [inputs[i]?.name || `arg${i}`, typeof v === "bigint" ? v.toString() : v]));
    return { to: call.to, function: decoded.functionName, args };
  }
  return { to: call.to, function: "(raw call)", args: { data: call.data } };
}

/** One line: `0x… mint(to=0x…, amount=1000)`. */
export function formatSafeCall(c: DescribedSafeCall): string {
  return `${c.to} ${c.function}(${Object.entries(c.args)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(", ")})`;
}
