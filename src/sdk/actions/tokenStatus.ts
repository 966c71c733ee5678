import type { Address } from "viem";
import { issuerRegistryAbi, securityTokenAbi } from "../abi/contracts.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";
import { isContractRefusal, QualifiedError } from "../errors.js";
import { jurisdictionText } from "../jurisdiction.js";

export interface TokenStatusParameters {
  deployment: Deployment;
  token: Address;
}

export interface TokenStatusReturnType {
  address: Address;
  name: string;
  symbol: string;
  decimals: number;
  totalSupply: bigint;
  paused: boolean;
  verifier: Address;
  issuer: Address;
  defiReady: boolean;
  jurisdictions: string[];
  regulators: Address[];
  disclosure: { classification: string; jurisdiction: string; documentUri: string; documentHash: `0x${string}` };
}

/** Earlier name of `TokenStatusReturnType`. */
export type TokenStatus = TokenStatusReturnType;

/**
 * Everything public about a token: supply, policy, issuer, whether it is DeFi-ready and where.
 * @example
 * const { defiReady, jurisdictions } = await tokenStatus(connection, { deployment, token });
 */
export async function tokenStatus(connection: Connection, parameters: TokenStatusParameters): Promise<TokenStatusReturnType> {
  const { deployment: d, token } = parameters;
  const code = await connection.publicClient.getCode({ address: token });
  if (!code || code === "0x") throw new QualifiedError(`${token} has no code on chain ${connection.chain.id}: not a token`);
  const contract = { address: token, abi: securityTokenAbi } as const;
  const read = connection.publicClient.readContract;
  const reads = Promise.all([
    read({ ...contract, functionName: "name" }),
    read({ ...contract, functionName: "symbol" }),
    read({ ...contract, functionName: "decimals" }),
    read({ ...contract, functionName: "totalSupply" }),
    read({ ...contract, functionName: "paused" }),
    read({ ...contract, functionName: "verifier" }),
    read({ ...contract, functionName: "issuer" }),
    read({ ...contract, functionName: "disclosure" }),
  ]);
  const [name, symbol, decimals, totalSupply, paused, verifier, issuer, disclosure] = await reads.catch((error: unknown) => {
    // Code that does not answer the token's functions is not a token; an unreachable node is another failure.
    if (isContractRefusal(error)) throw new QualifiedError(`${token} is not a Qualified security token`);
    throw error;
  });
  const [defiReady, , jurisdictions, regulators] = await connection.publicClient.readContract({
    address: d.registries.issuers,
    abi: issuerRegistryAbi,
    functionName: "tokenStatus",
    args: [token],
  });
  return {
    address: token,
    name,
    symbol,
    decimals,
    totalSupply,
    paused,
    verifier,
    issuer,
    defiReady,
    jurisdictions: jurisdictions.map(jurisdictionText),
    regulators: [...regulators],
    disclosure,
  };
}
