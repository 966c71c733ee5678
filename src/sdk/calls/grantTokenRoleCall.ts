import { encodeFunctionData, type Address } from "viem";
import { securityTokenAbi } from "../abi/contracts.js";
import type { Call } from "../actor.js";
import { roleHash } from "../roles.js";

export interface GrantTokenRoleCallParameters {
  token: Address;
  role: "MINTER_ROLE" | "FREEZER_ROLE" | "ENFORCER_ROLE" | "PAUSER_ROLE";
  account: Address;
}

/**
 * Grants one of the token's operating roles. Send it with `send`, directly or through the issuer's Safe.
 * @example
 * const call = grantTokenRoleCall({ token, role: "MINTER_ROLE", account: transferAgent });
 */
export function grantTokenRoleCall(parameters: GrantTokenRoleCallParameters): Call {
  const { token, ...p } = parameters;
  return {
    to: token,
    data: encodeFunctionData({ abi: securityTokenAbi, functionName: "grantRole", args: [roleHash(p.role), p.account] }),
  };
}
