import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { getAddress, isAddress, type Address } from "viem";
import { z } from "zod";
import { readJsonFile } from "../sdk/node.js";

const address = z.string().refine((a) => isAddress(a), "not an address").transform((a) => getAddress(a) as Address);

/** Who holds which part in a sandbox, as written next to its deployment file. */
export const sandboxSchema = z.object({
  rpc: z.string(),
  chainId: z.number().int().positive(),
  token: z.object({ address, symbol: z.string(), decimals: z.number().int() }),
  accounts: z.object({
    deployer: address,
    governanceOwners: z.array(address),
    issuer: address,
    qualifier: address,
    qualifierId: z.number().int().positive(),
    regulator: address,
    guardian: address,
    sanctionsOperator: address,
    holders: z.array(address),
  }),
});
export type Sandbox = z.infer<typeof sandboxSchema>;

/** The sandbox file that goes with a deployment file: deployments/local.json -> deployments/local.sandbox.json. */
export function sandboxFileFor(deploymentFile: string): string {
  return deploymentFile.endsWith(".json") ? `${deploymentFile.slice(0, -5)}.sandbox.json` : `${deploymentFile}.sandbox.json`;
}

export function writeSandbox(path: string, sandbox: Sandbox): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(sandbox, null, 2) + "\n");
}

export function readSandbox(path: string): Sandbox {
  return readJsonFile(path, sandboxSchema, {
    missing: (p) => `no sandbox file at ${p}: run \`qualified node --sandbox\` first`,
    notJson: (p) => `${p} is not JSON`,
    invalid: (p, where, message) => `${p} is not a Qualified sandbox file: ${where}: ${message}`,
  });
}

/** Every account of the sandbox with its part, in the order a reader meets them. */
export function sandboxRoles(s: Sandbox): Array<{ role: string; address: Address }> {
  const a = s.accounts;
  return [
    { role: "deployer", address: a.deployer },
    ...a.governanceOwners.map((address, i) => ({ role: `governance Safe owner ${i + 1}`, address })),
    { role: "issuer (admin of the token)", address: a.issuer },
    { role: `qualifier ${a.qualifierId} (credential issuer)`, address: a.qualifier },
    { role: "regulator (CH)", address: a.regulator },
    { role: "guardian", address: a.guardian },
    { role: "sanctions operator", address: a.sanctionsOperator },
    ...a.holders.map((address, i) => ({ role: `holder ${i + 1}`, address })),
  ];
}
