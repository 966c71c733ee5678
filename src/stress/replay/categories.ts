import type { Address } from "viem";
import { credentialRegistryAbi } from "../../sdk/abi/contracts.js";
import type { Connection, Deployment } from "../../sdk/index.js";
import { readMany } from "./read-many.js";

/** The loss category of a borrower: the class of its first credential, or none. */
export interface BorrowerCategories {
  /** Reads the categories of `accounts` not known yet, all at once. */
  learn(accounts: readonly Address[]): Promise<void>;
  /** The category of `account` (learnt first if it is not known yet). */
  of(account: Address): Promise<string>;
}

export function borrowerCategories(connection: Connection, deployment: Deployment): BorrowerCategories {
  const registry = deployment.registries.credentials;
  const classNames = new Map(Object.entries(deployment.classes).map(([name, id]) => [id, name]));
  const known = new Map<Address, string>();
  const learn = async (accounts: readonly Address[]) => {
    const fresh = [...new Set(accounts)].filter((a) => !known.has(a));
    const ids = (await readMany(
      connection,
      fresh.map((account) => ({ address: registry, abi: credentialRegistryAbi, functionName: "credentialsOf", args: [account] })),
    )) as (readonly bigint[])[];
    const holders = fresh.filter((_, i) => ids[i].length > 0);
    const firsts = (await readMany(
      connection,
      fresh.flatMap((_, i) => (ids[i].length > 0 ? [{ address: registry, abi: credentialRegistryAbi, functionName: "credential", args: [ids[i][0]] }] : [])),
    )) as { classId: number }[];
    for (const account of fresh) known.set(account, "borrowers without a credential");
    holders.forEach((account, i) => {
      const classId = firsts[i].classId;
      known.set(account, `borrowers: ${classNames.get(classId) ?? `class ${classId}`}`);
    });
  };
  return {
    learn,
    of: async (account) => {
      if (!known.has(account)) await learn([account]);
      return known.get(account)!;
    },
  };
}
