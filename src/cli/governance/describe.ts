import { decodeFunctionData, keccak256, toHex, type Abi, type Hex } from "viem";
import { contractRegistryAbi, credentialRegistryAbi, issuerRegistryAbi, type Call, type Deployment } from "../../sdk/index.js";

/** A governance call as a person reads it: the contract by name, the function and its arguments. */
export interface DescribedCall {
  target: string;
  to: string;
  function: string;
  args: unknown[];
}

const ROLE_NAMES = new Map<string, string>(
  ["DEFAULT_ADMIN_ROLE", "GUARDIAN_ROLE", "SANCTIONS_ROLE", "BLOCKER_ROLE"].map((name) => [
    name === "DEFAULT_ADMIN_ROLE" ? `0x${"0".repeat(64)}` : keccak256(toHex(name)),
    name,
  ]),
);

function readable(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string" && ROLE_NAMES.has(value.toLowerCase())) return ROLE_NAMES.get(value.toLowerCase());
  if (Array.isArray(value)) return value.map(readable);
  return value;
}

/** Decodes `call` against the registry it targets; an unknown target shows its raw data. */
export function describeCall(d: Deployment, call: Call): DescribedCall {
  const known: Array<[string, string, Abi]> = [
    [d.registries.credentials, "credential registry", credentialRegistryAbi as Abi],
    [d.registries.issuers, "issuer registry", issuerRegistryAbi as Abi],
    [d.registries.contracts, "contract registry", contractRegistryAbi as Abi],
  ];
  const match = known.find(([address]) => address.toLowerCase() === call.to.toLowerCase());
  if (!match) return { target: "unknown contract", to: call.to, function: "(raw call)", args: [call.data] };
  let decoded: { functionName: string; args?: readonly unknown[] };
  try {
    decoded = decodeFunctionData({ abi: match[2], data: call.data as Hex });
  } catch {
    // Data no function of the registry takes: shown raw, so a reviewer sees it is not a known call.
    return { target: match[1], to: call.to, function: "(undecodable call)", args: [call.data] };
  }
  return { target: match[1], to: call.to, function: decoded.functionName, args: (decoded.args ?? []).map(readable) };
}

/** One line per call: `credential registry 0x… admitQualifier(0x…, "name", 6)`. */
export function formatCall(c: DescribedCall): string {
  return `${c.target} ${c.to} ${c.function}(${c.args.map((a) => JSON.stringify(a)).join(", ")})`;
}
