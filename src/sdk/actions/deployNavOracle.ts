import { getAddress, type Address } from "viem";
import { navOracleAbi, navOracleBytecode } from "../abi/contracts.js";
import type { Connection, Signer } from "../clients.js";
import { waitForSuccess } from "../transactions.js";

export interface DeployNavOracleParameters {
  deployer: Signer;
  /** Receives DEFAULT_ADMIN_ROLE: the issuer (its Safe). */
  admin: Address;
  /** Receives PUBLISHER_ROLE: who publishes the NAV. */
  publisher: Address;
  loanDecimals: number;
  collateralDecimals: number;
  /** Seconds a NAV stays usable; older, and the market's price reverts. */
  maxAge: number;
}

export type DeployNavOracleReturnType = Address;

/**
 * Deploys a NAV oracle the issuer publishes to; Morpho Blue reads it as the collateral's price.
 * @example
 * const oracle = await deployNavOracle(connection, { deployer, admin: issuerSafe, publisher: agent, loanDecimals: 6, collateralDecimals: 18, maxAge: 86_400 });
 */
export async function deployNavOracle(connection: Connection, parameters: DeployNavOracleParameters): Promise<DeployNavOracleReturnType> {
  const p = parameters;
  const hash = await p.deployer.deployContract({
    abi: navOracleAbi,
    bytecode: navOracleBytecode,
    args: [p.admin, p.publisher, p.loanDecimals, p.collateralDecimals, BigInt(p.maxAge)],
  });
  return getAddress((await waitForSuccess(connection, { hash, what: "deploy the NAV oracle" })).contractAddress!);
}
