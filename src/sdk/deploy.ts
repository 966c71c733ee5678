import { getAddress, zeroAddress, type Address } from "viem";
import {
  contractRegistryAbi,
  contractRegistryBytecode,
  credentialRegistryAbi,
  credentialRegistryBytecode,
  issuerRegistryAbi,
  issuerRegistryBytecode,
  timelockControllerAbi,
  timelockControllerBytecode,
} from "./abi/contracts.js";
import type { Connection, Signer } from "./clients.js";
import type { Deployment } from "./deployment.js";
import { QualifiedError } from "./errors.js";
import { deployComposedToken } from "./actions/deployComposedToken.js";
import { createSafe, deploySafeInfrastructure } from "./safe.js";
import { DEFAULT_ADMIN_ROLE, roleHash } from "./roles.js";
import { deployContract, waitForSuccess } from "./transactions.js";

const BLOCKER_ROLE = roleHash("BLOCKER_ROLE");

export interface SystemConfig {
  /** Owners of the governance Safe. */
  governanceOwners: Address[];
  /** Signatures the governance Safe needs (default 2). */
  governanceThreshold?: number;
  /** Seconds between scheduling and executing a governance change (default 3600). */
  timelockDelay?: number;
  /** Credential classes to define, name -> id (default professional investor = 1, entity = 2). */
  classes?: Record<string, number>;
  /** Seconds a registration of unvetted code waits before it is eligible (default: the registry's, one day). */
  challengeWindow?: number;
  /** Progress lines, for long deployments. */
  onProgress?: (line: string) => void;
}

export interface DeploySystemParameters extends SystemConfig {
  /** Pays for the deployment and configures the registries; keeps no role afterwards. */
  deployer: Signer;
}
export type DeploySystemReturnType = Deployment;

/**
 * Deploys the whole system onto any chain: the Safe contracts, a governance Safe behind an OpenZeppelin
 * TimelockController, and the three registries. The deployer configures the registries (credential
 * classes, the contract registry's right to set blocked flags, the challenge window), then hands their admin role to the timelock and renounces its own: from then on governance
 * acts only through the Safe and the delay.
 * @example
 * const deployment = await deploySystem(connection, { deployer, governanceOwners: [owner1, owner2, owner3], governanceThreshold: 2 });
 */
export async function deploySystem(connection: Connection, parameters: DeploySystemParameters): Promise<DeploySystemReturnType> {
  const { deployer, ...config } = parameters;
  const say = config.onProgress ?? (() => {});
  const threshold = config.governanceThreshold ?? 2;
  const delay = config.timelockDelay ?? 3600;
  const classes = config.classes ?? { "professional investor": 1, entity: 2 };
  if (config.governanceOwners.length === 0) throw new QualifiedError("governance needs at least one Safe owner");

  say("deploying the Safe contracts");
  const safe = await deploySafeInfrastructure(connection, { deployer });
  const governanceSafe = await createSafe(connection, { deployer, infrastructure: safe, owners: config.governanceOwners, threshold });
  say(`governance Safe ${governanceSafe} (${threshold} of ${config.governanceOwners.length})`);
  const timelock = await deployContract(connection, {
    deployer,
    abi: timelockControllerAbi,
    bytecode: timelockControllerBytecode,
    args: [BigInt(delay), [governanceSafe], [governanceSafe], zeroAddress],
  });
  say(`timelock ${timelock} (delay ${delay} s)`);

  const me = deployer.account.address;
  const credentials = await deployContract(connection, { deployer, abi: credentialRegistryAbi, bytecode: credentialRegistryBytecode, args: [me] });
  const issuers = await deployContract(connection, { deployer, abi: issuerRegistryAbi, bytecode: issuerRegistryBytecode, args: [me] });
  const contracts = await deployContract(connection, {
    deployer,
    abi: contractRegistryAbi,
    bytecode: contractRegistryBytecode,
    args: [me, credentials, issuers],
  });
  say(`registries: credentials ${credentials}, contracts ${contracts}, issuers ${issuers}`);
  // Guardians block through the contract registry, which writes the blocked flag into the wallet word the
  // credential registry reads on every transfer: it alone holds BLOCKER_ROLE.
  await waitForSuccess(connection, {
    hash: await deployer.writeContract({ address: credentials, abi: credentialRegistryAbi, functionName: "grantRole", args: [BLOCKER_ROLE, contracts] }),
    what: "let the contract registry set blocked flags",
  });
  if (config.challengeWindow !== undefined) {
    await waitForSuccess(connection, {
      hash: await deployer.writeContract({ address: contracts, abi: contractRegistryAbi, functionName: "setChallengeWindow", args: [config.challengeWindow] }),
      what: "set the challenge window",
    });
  }

  for (const [name, id] of Object.entries(classes)) {
    const hash = await deployer.writeContract({ address: credentials, abi: credentialRegistryAbi, functionName: "defineClass", args: [id, name] });
    await waitForSuccess(connection, { hash, what: `define class ${name}` });
  }
  for (const [address, abi] of [
    [credentials, credentialRegistryAbi],
    [contracts, contractRegistryAbi],
    [issuers, issuerRegistryAbi],
  ] as const) {
    await waitForSuccess(connection, {
      hash: await deployer.writeContract({ address, abi, functionName: "grantRole", args: [DEFAULT_ADMIN_ROLE, timelock] }),
      what: "hand governance to the timelock",
    });
    await waitForSuccess(connection, {
      hash: await deployer.writeContract({ address, abi, functionName: "renounceRole", args: [DEFAULT_ADMIN_ROLE, me] }),
      what: "renounce the deployer's role",
    });
  }
  say("governance handed to the timelock; the deployer keeps no role");

  return {
    chainId: connection.chain.id,
    deployedAt: new Date().toISOString(),
    safe,
    governance: { safe: governanceSafe, owners: config.governanceOwners.map((o) => getAddress(o)), threshold, timelock, delay },
    registries: { credentials, contracts, issuers },
    classes,
    tokens: [],
  };
}

export type ContractPolicy = "registered" | "vetted" | "none";

export interface TokenConfig {
  name: string;
  symbol: string;
  decimals?: number;
  /** The issuer: receives every role of the token (a Safe, usually). */
  issuer: Address;
  /** Credential class ids the token accepts. */
  acceptedClasses: number[];
  /**
   * Which registered contracts may hold the token: "registered" (default: any eligible registration),
   * "vetted" (only contracts whose code governance has vetted) or "none".
   */
  contractPolicy?: ContractPolicy;
  disclosure: { classification: string; jurisdiction: string; documentUri: string; documentHash: `0x${string}` };
}

export interface DeployTokenParameters {
  deployer: Signer;
  /** The deployment the token joins; the token is recorded in its `tokens`. */
  deployment: Deployment;
  token: TokenConfig;
}
export type DeployTokenReturnType = Deployment["tokens"][number];

/**
 * Deploys a token with its credential verifier (credentials of the accepted classes, qualifier standing,
 * sanctions and blocked flags, registered contracts as `contractPolicy` says) and records it in the deployment.
 * For more rules (a blocklist, an allowlist, no transfers) use `deployComposedToken`.
 * @example
 * const token = await deployToken(connection, { deployer, deployment, token: { name: "Bond", symbol: "BND", issuer: issuerSafe, acceptedClasses: [1], disclosure } });
 */
export async function deployToken(connection: Connection, parameters: DeployTokenParameters): Promise<DeployTokenReturnType> {
  const { rules: _rules, ...entry } = await deployComposedToken(connection, parameters);
  return entry;
}
