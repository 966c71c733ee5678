import { getAddress, keccak256, pad, toHex, type Address } from "viem";
import {
  bondBridgeAbi,
  bondBridgeBytecode,
  credentialMirrorAbi,
  credentialMirrorBytecode,
  credentialMirrorSenderAbi,
  credentialMirrorSenderBytecode,
  credentialVerifierAbi,
  credentialVerifierBytecode,
  layerZeroMessengerAbi,
  layerZeroMessengerBytecode,
  mirroredContractRegistryAbi,
  mirroredContractRegistryBytecode,
  securityTokenAbi,
} from "../sdk/abi/contracts.js";
import type { Connection, Signer } from "../sdk/clients.js";
import { waitForSuccess } from "../sdk/transactions.js";
import type { LocalLayerZero } from "./local-layerzero.js";

/** One chain as a cross-chain deployment sees it. */
export interface ChainSide {
  connection: Connection;
  /** Deploys and owns the messenger (governance of this chain in production). */
  deployer: Signer;
  layerZero: Pick<LocalLayerZero, "eid" | "endpoint">;
}

/** Gas LayerZero's executor gives a mirror update or a bridge receipt on arrival. */
export const RECEIVE_GAS = 300_000n;

async function deploy(side: ChainSide, abi: readonly unknown[], bytecode: `0x${string}`, args: readonly unknown[]): Promise<Address> {
  const hash = await side.deployer.deployContract({ abi, bytecode, args } as never);
  return getAddress((await waitForSuccess(side.connection, { hash: hash, what: "deploy a cross-chain contract" })).contractAddress!);
}

async function write(side: ChainSide, address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[]) {
  const hash = await side.deployer.writeContract({ address, abi, functionName, args } as never);
  return waitForSuccess(side.connection, { hash: hash, what: functionName });
}

export interface MessengerPair {
  home: Address;
  remote: Address;
}

/** Deploys a LayerZero messenger on each chain and makes each the other's only peer. */
export async function deployMessengerPair(home: ChainSide, remote: ChainSide): Promise<MessengerPair> {
  const homeMessenger = await deploy(home, layerZeroMessengerAbi, layerZeroMessengerBytecode, [
    home.layerZero.endpoint,
    home.deployer.account.address,
    remote.layerZero.eid,
    RECEIVE_GAS,
  ]);
  const remoteMessenger = await deploy(remote, layerZeroMessengerAbi, layerZeroMessengerBytecode, [
    remote.layerZero.endpoint,
    remote.deployer.account.address,
    home.layerZero.eid,
    RECEIVE_GAS,
  ]);
  await write(home, homeMessenger, layerZeroMessengerAbi, "setPeer", [remote.layerZero.eid, pad(remoteMessenger)]);
  await write(remote, remoteMessenger, layerZeroMessengerAbi, "setPeer", [home.layerZero.eid, pad(homeMessenger)]);
  return { home: homeMessenger, remote: remoteMessenger };
}

export interface DeployMirrorParameters {
  /** The home credential registry. */
  credentials: Address;
  /** The home contract registry, whose vetted code hashes are mirrored. */
  contracts: Address;
  /** Seconds a mirrored credential (or code vetting) stays valid after the home state was read. */
  maxStaleness: number;
  /** Seconds a registration of unvetted code waits on the remote chain (1 hour to 30 days; default 1 day). */
  challengeWindow?: number;
  /** The first message's sequence number: 1 for a new mirror, the old sender's `nextSeq` for a sender that takes over. */
  firstSeq?: bigint;
}

export interface MirrorDeployment {
  sender: Address;
  mirror: Address;
  /** The remote chain's contract registry over the mirror. */
  contractRegistry: Address;
  messengers: MessengerPair;
}

/** A registration of unvetted code on the remote chain waits this long unless told otherwise (as at home). */
export const DEFAULT_CHALLENGE_WINDOW = 86_400;

/**
 * Deploys credential mirroring: the sender on home, the mirror registry on the remote chain and the remote
 * chain's contract registry over it.
 */
export async function deployMirror(home: ChainSide, remote: ChainSide, parameters: DeployMirrorParameters): Promise<MirrorDeployment> {
  const messengers = await deployMessengerPair(home, remote);
  const sender = await deploy(home, credentialMirrorSenderAbi, credentialMirrorSenderBytecode, [
    parameters.credentials,
    parameters.contracts,
    messengers.home,
    parameters.firstSeq ?? 1n,
  ]);
  const mirror = await deploy(remote, credentialMirrorAbi, credentialMirrorBytecode, [messengers.remote, parameters.maxStaleness]);
  const contractRegistry = await deploy(remote, mirroredContractRegistryAbi, mirroredContractRegistryBytecode, [
    mirror,
    parameters.challengeWindow ?? DEFAULT_CHALLENGE_WINDOW,
  ]);
  await write(home, messengers.home, layerZeroMessengerAbi, "bind", [sender]);
  await write(remote, messengers.remote, layerZeroMessengerAbi, "bind", [mirror]);
  return { sender, mirror, contractRegistry, messengers };
}

/**
 * Deploys a CredentialVerifier over the mirror, the same contract the home chain's tokens use. With
 * `contractRegistry` (the remote chain's {@link MirrorDeployment.contractRegistry}) its tokens also accept
 * eligible registered contracts; without it, credentialed wallets only.
 */
export async function deployMirrorVerifier(
  remote: ChainSide,
  mirror: Address,
  acceptedClasses: bigint,
  contractRegistry: Address = "0x0000000000000000000000000000000000000000",
): Promise<Address> {
  return deploy(remote, credentialVerifierAbi, credentialVerifierBytecode, [mirror, contractRegistry, acceptedClasses, false]);
}

export interface DeployBridgeParameters {
  homeToken: Address;
  remoteToken: Address;
  /** The issuer's account on each chain: admin of the bridges, holder of the tokens' admin role. */
  homeIssuer: Signer;
  remoteIssuer: Signer;
  /** Outbound token bucket on each side. */
  rateLimit: { capacity: bigint; refillPerSecond: bigint };
  /** What may be minted on arrival (beyond it, arrivals wait in escrow); the outbound limit when left out. */
  inboundRateLimit?: { capacity: bigint; refillPerSecond: bigint };
}

export interface BridgeDeployment {
  home: Address;
  remote: Address;
  messengers: MessengerPair;
}

const MINTER_ROLE = keccak256(toHex("MINTER_ROLE"));

/**
 * Deploys a bond bridge on each chain, binds each to its messenger, grants each the token's MINTER_ROLE
 * (signed by the issuer) and sets the rate limits.
 */
export async function deployBridge(home: ChainSide, remote: ChainSide, parameters: DeployBridgeParameters): Promise<BridgeDeployment> {
  const messengers = await deployMessengerPair(home, remote);
  const homeBridge = await deploy(home, bondBridgeAbi, bondBridgeBytecode, [parameters.homeToken, messengers.home, parameters.homeIssuer.account.address]);
  const remoteBridge = await deploy(remote, bondBridgeAbi, bondBridgeBytecode, [
    parameters.remoteToken,
    messengers.remote,
    parameters.remoteIssuer.account.address,
  ]);
  await write(home, messengers.home, layerZeroMessengerAbi, "bind", [homeBridge]);
  await write(remote, messengers.remote, layerZeroMessengerAbi, "bind", [remoteBridge]);
  const asIssuer = (side: ChainSide, issuer: Signer): ChainSide => ({ ...side, deployer: issuer });
  for (const [side, issuer, token, bridge] of [
    [home, parameters.homeIssuer, parameters.homeToken, homeBridge],
    [remote, parameters.remoteIssuer, parameters.remoteToken, remoteBridge],
  ] as const) {
    await write(asIssuer(side, issuer), token, securityTokenAbi, "grantRole", [MINTER_ROLE, bridge]);
    await write(asIssuer(side, issuer), bridge, bondBridgeAbi, "setRateLimit", [parameters.rateLimit.capacity, parameters.rateLimit.refillPerSecond]);
    const inbound = parameters.inboundRateLimit ?? parameters.rateLimit;
    await write(asIssuer(side, issuer), bridge, bondBridgeAbi, "setInboundRateLimit", [inbound.capacity, inbound.refillPerSecond]);
  }
  return { home: homeBridge, remote: remoteBridge, messengers };
}
