import { getAddress, type Address } from "viem";
import type { Deployment } from "../sdk/index.js";
import type { CrossChainDeployment } from "../crosschain/deployment-file.js";
import type { ContractKind } from "./fetch.js";

/** What the indexer watches on one chain: the contracts configured for it, by kind. */
export interface WatchTarget {
  chainId: number;
  contracts: { address: Address; kind: ContractKind }[];
}

/** A single-chain deployment's registries and tokens (more tokens are found through the issuer registry). */
export function deploymentTarget(deployment: Deployment): WatchTarget {
  const r = deployment.registries;
  return {
    chainId: deployment.chainId,
    contracts: [
      { address: r.credentials, kind: "credentials" },
      { address: r.contracts, kind: "contracts" },
      { address: r.issuers, kind: "issuers" },
      ...deployment.tokens.map((t) => ({ address: t.address, kind: "token" as const })),
    ],
  };
}

/**
 * Both sides of a cross-chain deployment: on each chain the token and its bond bridge; on home the credential
 * registry and the mirror's sender, on the L2 the credential mirror.
 */
export function crossChainTargets(file: CrossChainDeployment): { home: WatchTarget; l2: WatchTarget } {
  return {
    home: {
      chainId: file.home.chainId,
      contracts: [
        { address: file.home.credentials, kind: "credentials" },
        { address: file.home.token, kind: "token" },
        { address: file.home.bridge, kind: "bridge" },
        { address: file.home.mirrorSender, kind: "mirror-sender" },
      ],
    },
    l2: {
      chainId: file.l2.chainId,
      contracts: [
        { address: file.l2.token, kind: "token" },
        { address: file.l2.bridge, kind: "bridge" },
        { address: file.l2.mirror, kind: "mirror" },
      ],
    },
  };
}

/** Two targets on one chain as one (the first one's kind wins for an address both list). */
export function mergeTargets(a: WatchTarget, b: WatchTarget): WatchTarget {
  if (a.chainId !== b.chainId) throw new Error(`cannot watch chain ${a.chainId} and chain ${b.chainId} as one`);
  const seen = new Set(a.contracts.map((c) => getAddress(c.address)));
  return { chainId: a.chainId, contracts: [...a.contracts, ...b.contracts.filter((c) => !seen.has(getAddress(c.address)))] };
}
