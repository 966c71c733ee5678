import type { Address } from "viem";
import { issuerRegistryAbi, securityTokenAbi } from "../abi/contracts.js";
import type { Connection } from "../clients.js";
import type { Deployment } from "../deployment.js";
import { QualifiedError } from "../errors.js";
import { jurisdictionText } from "../jurisdiction.js";

export interface TokenStatus {
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

/** Everything public about a token: supply, policy, issuer, whether it is DeFi-ready and where. */
export async function tokenStatus(connection: Connection, d: Deployment, token: Address): Promise<TokenStatus> {
  const code = await connection.publicClient.getCode({ address: token });
  if (!code || code === "0x") throw new QualifiedError(`${token} has no code on chain ${connection.chain.id}: not a token`);
  const read = <F extends "name" | "symbol" | "decimals" | "totalSupply" | "paused" | "verifier" | "issuer" | "disclosure">(
    functionName: F,
  ) => connection.publicClient.readContract({ address: token, abi: securityTokenAbi, functionName } as never);
  let base: unknown[];
  try {
    base = await Promise.all(
      (["name", "symbol", "decimals", "totalSupply", "paused", "verifier", "issuer", "disclosure"] as const).map((f) => read(f)),
    );
  } catch {
    throw new QualifiedError(`${token} is not a Qualified security token`);
  }
  const [defiReady, , jurisdictions, regulators] = await connection.publicClient.readContract({
    address: d.registries.issuers,
    abi: issuerRegistryAbi,
    functionName: "tokenStatus",
    args: [token],
  });
  return {
    address: token,
    name: base[0] as string,
    symbol: base[1] as string,
    decimals: base[2] as number,
    totalSupply: base[3] as bigint,
    paused: base[4] as boolean,
    verifier: base[5] as Address,
    issuer: base[6] as Address,
    defiReady,
    jurisdictions: jurisdictions.map(jurisdictionText),
    regulators: [...regulators],
    disclosure: base[7] as TokenStatus["disclosure"],
  };
}
