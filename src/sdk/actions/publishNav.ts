import { encodeFunctionData, parseUnits, type Address, type Hash } from "viem";
import { navOracleAbi } from "../abi/contracts.js";
import { send, type Actor } from "../actor.js";
import type { Connection } from "../clients.js";
import { QualifiedError } from "../errors.js";

export interface PublishNavParameters {
  publisher: Actor;
  oracle: Address;
  /** One whole collateral token in whole loan tokens, as a decimal string ("98.5"). */
  nav: string;
}

export type PublishNavReturnType = Hash;

/**
 * The issuer publishes its bond's NAV to the oracle a money market reads.
 * @example
 * await publishNav(connection, { publisher: agent, oracle, nav: "0.62" });
 */
export async function publishNav(connection: Connection, parameters: PublishNavParameters): Promise<PublishNavReturnType> {
  let nav: bigint;
  try {
    nav = parseUnits(parameters.nav, 18);
  } catch {
    throw new QualifiedError(`"${parameters.nav.slice(0, 40)}" is not a decimal NAV such as 98.5`);
  }
  if (nav <= 0n) throw new QualifiedError("a NAV must be above zero");
  const data = encodeFunctionData({ abi: navOracleAbi, functionName: "publish", args: [nav] });
  return send(connection, { actor: parameters.publisher, to: parameters.oracle, data, what: "publish the NAV" });
}
