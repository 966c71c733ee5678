import { getAddress, zeroAddress, type Address, type Hex } from "viem";
import { morphoAbi, morphoBytecode } from "../abi/contracts.js";
import type { Connection, Signer } from "../clients.js";
import { QualifiedError } from "../errors.js";
import { marketId, type MarketParams } from "../morpho.js";
import { waitForSuccess } from "../transactions.js";

export interface DeployMorphoMarketParameters {
  /** Deploys Morpho Blue and, being its owner, enables the interest-rate model and the LLTV. */
  owner: Signer;
  /** An existing Morpho Blue whose owner is `owner`; a new one is deployed when absent. */
  morpho?: Address;
  loanToken: Address;
  collateralToken: Address;
  oracle: Address;
  /** Liquidation loan-to-value, WAD (0.77e18 = 77%). */
  lltv: bigint;
  /** Interest-rate model; address(0), the default, is Morpho's zero-rate market (no interest accrues). */
  irm?: Address;
}

export interface DeployMorphoMarketReturnType {
  morpho: Address;
  marketParams: MarketParams;
  id: Hex;
}

/**
 * Deploys Morpho Blue 1.0.0 (compiled unmodified from its npm source) when needed, enables the IRM and the
 * LLTV, and creates the market lending `loanToken` against `collateralToken` priced by `oracle`.
 * @example
 * const { morpho, marketParams } = await deployMorphoMarket(connection, { owner, loanToken: usd, collateralToken: bond, oracle, lltv: 77n * 10n ** 16n });
 */
export async function deployMorphoMarket(connection: Connection, parameters: DeployMorphoMarketParameters): Promise<DeployMorphoMarketReturnType> {
  const { owner, lltv } = parameters;
  if (lltv <= 0n || lltv >= 10n ** 18n) throw new QualifiedError("the LLTV must be between 0 and 1 (exclusive), in WAD");
  const read = connection.publicClient.readContract;
  let morpho = parameters.morpho;
  if (!morpho) {
    const hash = await owner.deployContract({ abi: morphoAbi, bytecode: morphoBytecode, args: [owner.account.address] });
    const receipt = await waitForSuccess(connection, { hash, what: "deploy Morpho Blue" });
    morpho = getAddress(receipt.contractAddress!);
  }
  const irm = parameters.irm ?? zeroAddress;
  const write = async (functionName: "enableIrm" | "enableLltv", args: readonly [Address] | readonly [bigint], what: string) =>
    waitForSuccess(connection, { hash: await owner.writeContract({ address: morpho, abi: morphoAbi, functionName, args } as never), what });
  if (!(await read({ address: morpho, abi: morphoAbi, functionName: "isIrmEnabled", args: [irm] }))) {
    await write("enableIrm", [irm], "enable the interest-rate model");
  }
  if (!(await read({ address: morpho, abi: morphoAbi, functionName: "isLltvEnabled", args: [lltv] }))) {
    await write("enableLltv", [lltv], "enable the LLTV");
  }
  const marketParams: MarketParams = {
    loanToken: getAddress(parameters.loanToken),
    collateralToken: getAddress(parameters.collateralToken),
    oracle: getAddress(parameters.oracle),
    irm,
    lltv,
  };
  await waitForSuccess(connection, {
    hash: await owner.writeContract({ address: morpho, abi: morphoAbi, functionName: "createMarket", args: [marketParams] }),
    what: "create the market",
  });
  return { morpho, marketParams, id: marketId(marketParams) };
}
