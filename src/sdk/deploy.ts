import { getAddress, keccak256, toHex, zeroAddress, type Abi, type Address } from "viem";
import {
  contractRegistryAbi,
  contractRegistryBytecode,
  credentialRegistryAbi,
  credentialRegistryBytecode,
  credentialVerifierAbi,
  credentialVerifierBytecode,
  issuerRegistryAbi,
  issuerRegistryBytecode,
  securityTokenAbi,
  securityTokenBytecode,
  timelockControllerAbi,
  timelockControllerBytecode,
} from "./abi/contracts.js";
import type { Connection, Signer } from "./clients.js";
import type { Deployment } from "./deployment.js";
import { QualifiedError } from "./errors.js";
import { createSafe, deploySafeInfrastructure } from "./safe.js";
import { waitForSuccess } from "./transactions.js";

const DEFAULT_ADMIN_ROLE = "0x0000000000000000000000000000000000000000000000000000000000000000" as const;
const BLOCKER_ROLE = keccak256(toHex("BLOCKER_ROLE"));

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

async function deploy(connection: Connection, deployer: Signer, abi: Abi, bytecode: `0x${string}`, args: readonly unknown[]) {
  const hash = await deployer.deployContract({ abi, bytecode, args });
  const receipt = await waitForSuccess(connection, hash, "deploy a contract");
  return getAddress(receipt.contractAddress!);
}

/**
 * Deploys the whole system onto any chain: the Safe contracts, a governance Safe behind an OpenZeppelin
 * TimelockController, and the three registries. The deployer configures the registries (credential
 * classes, the contract registry's right to set blocked flags, the challenge window), then hands their admin role to the timelock and renounces its own: from then on governance
 * acts only through the Safe and the delay.
 */
export async function deploySystem(connection: Connection, deployer: Signer, config: SystemConfig): Promise<Deployment> {
  const say = config.onProgress ?? (() => {});
  const threshold = config.governanceThreshold ?? 2;
  const delay = config.timelockDelay ?? 3600;
  const classes = config.classes ?? { "professional investor": 1, entity: 2 };
  if (config.governanceOwners.length === 0) throw new QualifiedError("governance needs at least one Safe owner");

  say("deploying the Safe contracts");
  const safe = await deploySafeInfrastructure(connection, deployer);
  const governanceSafe = await createSafe(connection, deployer, safe, config.governanceOwners, threshold);
  say(`governance Safe ${governanceSafe} (${threshold} of ${config.governanceOwners.length})`);
  const timelock = await deploy(connection, deployer, timelockControllerAbi, timelockControllerBytecode, [
    BigInt(delay),
    [governanceSafe],
    [governanceSafe],
    "0x0000000000000000000000000000000000000000",
  ]);
  say(`timelock ${timelock} (delay ${delay} s)`);

  const me = deployer.account.address;
  const credentials = await deploy(connection, deployer, credentialRegistryAbi, credentialRegistryBytecode, [me]);
  const issuers = await deploy(connection, deployer, issuerRegistryAbi, issuerRegistryBytecode, [me]);
  const contracts = await deploy(connection, deployer, contractRegistryAbi, contractRegistryBytecode, [me, credentials, issuers]);
  say(`registries: credentials ${credentials}, contracts ${contracts}, issuers ${issuers}`);
  // Guardians block through the contract registry, which writes the blocked flag into the wallet word the
  // credential registry reads on every transfer: it alone holds BLOCKER_ROLE.
  await waitForSuccess(
    connection,
    await deployer.writeContract({ address: credentials, abi: credentialRegistryAbi, functionName: "grantRole", args: [BLOCKER_ROLE, contracts] }),
    "let the contract registry set blocked flags",
  );
  if (config.challengeWindow !== undefined) {
    await waitForSuccess(
      connection,
      await deployer.writeContract({ address: contracts, abi: contractRegistryAbi, functionName: "setChallengeWindow", args: [config.challengeWindow] }),
      "set the challenge window",
    );
  }

  for (const [name, id] of Object.entries(classes)) {
    const hash = await deployer.writeContract({ address: credentials, abi: credentialRegistryAbi, functionName: "defineClass", args: [id, name] });
    await waitForSuccess(connection, hash, `define class ${name}`);
  }
  for (const [address, abi] of [
    [credentials, credentialRegistryAbi],
    [contracts, contractRegistryAbi],
    [issuers, issuerRegistryAbi],
  ] as const) {
    await waitForSuccess(
      connection,
      await deployer.writeContract({ address, abi, functionName: "grantRole", args: [DEFAULT_ADMIN_ROLE, timelock] }),
      "hand governance to the timelock",
    );
    await waitForSuccess(
      connection,
      await deployer.writeContract({ address, abi, functionName: "renounceRole", args: [DEFAULT_ADMIN_ROLE, me] }),
      "renounce the deployer's role",
    );
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

/**
 * Deploys a token with its credential verifier (credentials of the accepted classes, qualifier standing,
 * sanctions and blocked flags, registered contracts as `contractPolicy` says) and records it in `deployment`.
 */
export async function deployToken(connection: Connection, deployer: Signer, deployment: Deployment, config: TokenConfig) {
  if (config.acceptedClasses.length === 0) throw new QualifiedError("a token must accept at least one credential class");
  const mask = config.acceptedClasses.reduce((m, c) => m | (1n << BigInt(c)), 0n);
  const policy = config.contractPolicy ?? "registered";
  const verifier = await deploy(connection, deployer, credentialVerifierAbi, credentialVerifierBytecode, [
    deployment.registries.credentials,
    policy === "none" ? zeroAddress : deployment.registries.contracts,
    mask,
    policy === "vetted",
  ]);
  const token = await deploy(connection, deployer, securityTokenAbi, securityTokenBytecode, [
    config.name,
    config.symbol,
    config.decimals ?? 18,
    config.issuer,
    verifier,
    config.disclosure,
  ]);
  const entry = { address: token, symbol: config.symbol, issuer: getAddress(config.issuer), verifier, acceptedClasses: mask.toString() };
  deployment.tokens.push(entry);
  return entry;
}
