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
  /**
   * When the NAV was valued (unix seconds): after the NAV in force, not after the block it lands in. The
   * oracle measures staleness from it. Default: the latest block's timestamp.
   */
  asOf?: bigint;
}

export type PublishNavReturnType = Hash;

/**
 * The issuer publishes its bond's NAV to the oracle a money market reads.
 * @example
 * await publishNav(connection, { publisher: agent, oracle, nav: "0.62", asOf: 1_767_225_600n });
 */
export async function publishNav(connection: Connection, parameters: PublishNavParameters): Promise<PublishNavReturnType> {
  let nav: bigint;
  try {
    nav = parseUnits(parameters.nav, 18);
  } catch {
    throw new QualifiedError(`"${parameters.nav.slice(0, 40)}" is not a decimal NAV such as 98.5`);
  }
  if (nav <= 0n) throw new QualifiedError("a NAV must be above zero");
  const asOf = parameters.asOf ?? (await connection.publicClient.getBlock()).timestamp;
  if (asOf <= 0n || asOf >= 1n << 64n) throw new QualifiedError("asOf must be a unix time in seconds, such as 1767225600");
  const data = encodeFunctionData({ abi: navOracleAbi, functionName: "publish", args: [nav, asOf] });
  return send(connection, { actor: parameters.publisher, to: parameters.oracle, data, what: "publish the NAV" });
}
