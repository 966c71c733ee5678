import { formatEther, formatUnits, getAddress, type Abi, type Address, type Hex } from "viem";
import { bondBridgeAbi, credentialMirrorAbi, credentialMirrorSenderAbi, securityTokenAbi } from "../sdk/abi/contracts.js";
import { connectRpc, type Connection, type Signer } from "../sdk/clients.js";
import { QualifiedError } from "../sdk/errors.js";
import { waitForSuccess } from "../sdk/transactions.js";
import type { CrossChainDeployment, CrossChainSide } from "./deployment-file.js";
import { Relayer, type RelayedPacket } from "./relayer.js";

/** Both chains of a cross-chain deployment, connected. */
export interface CrossChainClient {
  deployment: CrossChainDeployment;
  home: Connection;
  l2: Connection;
}

/**
 * Connects to both chains and checks that each answers with the chain id the file names, and that the
 * contracts the file names belong together: each bridge burns and mints the file's token through the file's
 * bridge messenger, and the mirror's sender and mirror use the file's mirror messengers. A file that mixes
 * two deployments is refused before any transaction.
 */
export async function connectCrossChain(deployment: CrossChainDeployment): Promise<CrossChainClient> {
  const home = await connectRpc(deployment.home.rpc);
  const l2 = await connectRpc(deployment.l2.rpc);
  for (const [name, connection, side] of [
    ["home", home, deployment.home],
    ["L2", l2, deployment.l2],
  ] as const) {
    if (connection.chain.id !== side.chainId) {
      throw new QualifiedError(`the ${name} RPC endpoint serves chain ${connection.chain.id}, but the deployment file names chain ${side.chainId}`);
    }
  }
  const links: [name: string, connection: Connection, contract: Address, abi: Abi, reader: string, expected: Address, field: string][] = [
    ["home bridge", home, deployment.home.bridge, bondBridgeAbi, "token", deployment.home.token, "home.token"],
    ["home bridge", home, deployment.home.bridge, bondBridgeAbi, "messenger", deployment.home.bridgeMessenger, "home.bridgeMessenger"],
    ["L2 bridge", l2, deployment.l2.bridge, bondBridgeAbi, "token", deployment.l2.token, "l2.token"],
    ["L2 bridge", l2, deployment.l2.bridge, bondBridgeAbi, "messenger", deployment.l2.bridgeMessenger, "l2.bridgeMessenger"],
    ["home mirror sender", home, deployment.home.mirrorSender, credentialMirrorSenderAbi, "messenger", deployment.home.mirrorMessenger, "home.mirrorMessenger"],
    ["home mirror sender", home, deployment.home.mirrorSender, credentialMirrorSenderAbi, "credentials", deployment.home.credentials, "home.credentials"],
    ["L2 mirror", l2, deployment.l2.mirror, credentialMirrorAbi, "messenger", deployment.l2.mirrorMessenger, "l2.mirrorMessenger"],
  ];
  for (const [name, connection, contract, abi, reader, expected, field] of links) {
    const actual = await connection.publicClient.readContract({ address: contract, abi, functionName: reader } as never).catch(() => undefined);
    if (typeof actual !== "string") {
      throw new QualifiedError(`the deployment file's ${name} ${contract} answers no ${reader}(): it is not that contract on chain ${connection.chain.id}`);
    }
    if (getAddress(actual) !== getAddress(expected)) {
      throw new QualifiedError(
        `the deployment file names ${field} ${expected}, but its ${name} ${contract} uses ${getAddress(actual)}: the file mixes two deployments; fix ${field}`,
      );
    }
  }
  return { deployment, home, l2 };
}

const lz = (side: CrossChainSide) => ({ eid: side.eid, endpoint: side.endpoint, messageLib: side.messageLib });

/** A relayer for each direction; `signer(connection)` signs on the destination. */
export function relayersOf(client: CrossChainClient, signer: (destination: Connection) => Signer) {
  const { home, l2, deployment } = client;
  return {
    toL2: new Relayer({ connection: home, layerZero: lz(deployment.home) }, { connection: l2, layerZero: lz(deployment.l2) }, signer(l2)),
    toHome: new Relayer({ connection: l2, layerZero: lz(deployment.l2) }, { connection: home, layerZero: lz(deployment.home) }, signer(home)),
  };
}

export interface PendingMessage {
  direction: "to L2" | "to home";
  /** What the packet carries: a bridge transfer or a credential mirror update. */
  kind: "bridge transfer" | "mirror update" | "other";
  nonce: bigint;
  state: RelayedPacket["state"];
  guid: Hex;
}

export interface OpenEscrow {
  chain: "home" | "L2";
  transferId: Hex;
  from: Address;
  to: Address;
  amount: bigint;
  /**
   * Whether the other chain's bridge sent this transfer (`sentHere`). False for a receipt its source never
   * sent (a forgery by the messaging layer): the issuer voids it (`qualified bridge void`), never retries it.
   */
  sentBySource: boolean;
}

export interface PendingCrossChainParameters {
  /** The relayers whose view of each path is read (see {@link relayersOf}). */
  relayers: ReturnType<typeof relayersOf>;
}

export interface PendingCrossChainReturnType {
  messages: PendingMessage[];
  escrows: OpenEscrow[];
}

/** Packets not yet delivered in either direction, and the escrows still open on either chain. */
export async function pendingCrossChain(client: CrossChainClient, parameters: PendingCrossChainParameters): Promise<PendingCrossChainReturnType> {
  const { deployment } = client;
  const { relayers } = parameters;
  const kindOf = (receiver: Address): PendingMessage["kind"] =>
    receiver === deployment.l2.bridgeMessenger || receiver === deployment.home.bridgeMessenger
      ? "bridge transfer"
      : receiver === deployment.l2.mirrorMessenger
        ? "mirror update"
        : "other";
  const messages: PendingMessage[] = [];
  for (const [direction, relayer] of [
    ["to L2", relayers.toL2],
    ["to home", relayers.toHome],
  ] as const) {
    for (const p of await relayer.pending()) {
      messages.push({ direction, kind: kindOf(p.packet.receiver), nonce: p.packet.nonce, state: p.state, guid: p.packet.guid });
    }
  }
  const escrows: OpenEscrow[] = [];
  for (const [chain, connection, side, peer, peerSide] of [
    ["home", client.home, deployment.home, client.l2, deployment.l2],
    ["L2", client.l2, deployment.l2, client.home, deployment.home],
  ] as const) {
    const events = await connection.publicClient.getContractEvents({ address: side.bridge, abi: bondBridgeAbi, eventName: "Escrowed", fromBlock: 0n });
    for (const e of events) {
      const transferId = e.args.transferId!;
      const open = await connection.publicClient.readContract({ address: side.bridge, abi: bondBridgeAbi, functionName: "escrowOf", args: [transferId] });
      if (open.amount === 0n) continue;
      const sentBySource = await peer.publicClient.readContract({
        address: peerSide.bridge,
        abi: bondBridgeAbi,
        functionName: "sentHere",
        args: [transferId, open.from, open.to, open.amount],
      });
      escrows.push({ chain, transferId, from: open.from, to: open.to, amount: open.amount, sentBySource });
    }
  }
  return { messages, escrows };
}

export interface BridgeSendParameters {
  /** The sender's signer on a given chain. */
  signer: (c: Connection) => Signer;
  /** Send from the L2 to home instead of home to the L2. */
  toHome?: boolean;
  to: Address;
  amount: bigint;
  /** The most the sender pays in messaging fees (wei); refused before any transaction when the quote is higher. */
  maxFee?: bigint;
}

/**
 * Sends a bridge transfer after pre-flighting it: the token's own check (sender, recipient, pause,
 * freezes, balance), the rate limit and the fee, each refused with a sentence before any transaction.
 */
export interface BridgeSendReturnType {
  transferId: Hex;
  hash: Hex;
  from: Address;
  fee: bigint;
}

export async function bridgeSend(client: CrossChainClient, p: BridgeSendParameters): Promise<BridgeSendReturnType> {
  const { signer } = p;
  const source = p.toHome ? client.l2 : client.home;
  const side = p.toHome ? client.deployment.l2 : client.deployment.home;
  const from = signer(source).account.address;
  const read = <T>(address: Address, abi: typeof securityTokenAbi | typeof bondBridgeAbi, functionName: string, args: readonly unknown[] = []) =>
    source.publicClient.readContract({ address, abi, functionName, args } as never) as Promise<T>;
  const code = await read<number>(side.token, securityTokenAbi, "detectTransferRestriction", [from, p.to, p.amount]);
  if (code !== 0) {
    const why = await read<string>(side.token, securityTokenAbi, "messageForTransferRestriction", [code]);
    throw new QualifiedError(`the bridge would refuse this transfer (code ${code}): ${why}`);
  }
  const available = await read<bigint>(side.bridge, bondBridgeAbi, "availableToSend");
  if (p.amount > available) {
    const decimals = await read<number>(side.token, securityTokenAbi, "decimals");
    throw new QualifiedError(`the bridge's rate limit lets ${formatUnits(available, decimals)} leave now: send less or wait for it to refill`);
  }
  const fee = await read<bigint>(side.bridge, bondBridgeAbi, "quoteSend");
  if (p.maxFee !== undefined && fee > p.maxFee) {
    throw new QualifiedError(`the messaging fee is ${formatEther(fee)} ETH, above --max-fee ${formatEther(p.maxFee)}: raise --max-fee or wait`);
  }
  const hash = await signer(source).writeContract({ address: side.bridge, abi: bondBridgeAbi, functionName: "send", args: [p.to, p.amount], value: fee });
  const receipt = await waitForSuccess(source, { hash: hash, what: "send the bridge transfer" });
  const [sent] = await source.publicClient.getContractEvents({
    address: side.bridge,
    abi: bondBridgeAbi,
    eventName: "BridgeSent",
    blockHash: receipt.blockHash,
  });
  return { transferId: sent.args.transferId!, hash, from, fee };
}

export interface BridgeRetryParameters {
  /** Any account's signer: the escrow goes to its recipient whoever retries. */
  signer: (c: Connection) => Signer;
  transferId: Hex;
}

export interface BridgeRetryReturnType {
  chainId: number;
  to: Address;
  amount: bigint;
  hash: Hex;
}

/** Mints an escrowed transfer to its recipient, once the recipient can receive (anyone may). */
export async function bridgeRetry(client: CrossChainClient, parameters: BridgeRetryParameters): Promise<BridgeRetryReturnType> {
  const { signer, transferId } = parameters;
  for (const [connection, side] of [
    [client.home, client.deployment.home],
    [client.l2, client.deployment.l2],
  ] as const) {
    const escrow = await connection.publicClient.readContract({ address: side.bridge, abi: bondBridgeAbi, functionName: "escrowOf", args: [transferId] });
    if (escrow.amount === 0n) continue;
    const canReceive = await connection.publicClient.readContract({
      address: side.token,
      abi: securityTokenAbi,
      functionName: "canReceive",
      args: [escrow.to],
    });
    if (!canReceive) {
      throw new QualifiedError(
        `${escrow.to} still cannot receive on chain ${connection.chain.id}: it needs a live credential there (sync it from home), or the issuer releases the escrow elsewhere`,
      );
    }
    const hash = await signer(connection).writeContract({ address: side.bridge, abi: bondBridgeAbi, functionName: "retry", args: [transferId] });
    await waitForSuccess(connection, { hash: hash, what: "retry the escrowed transfer" });
    return { chainId: connection.chain.id, to: escrow.to, amount: escrow.amount, hash };
  }
  throw new QualifiedError(`no open escrow under ${transferId} on either chain: see \`qualified bridge pending\``);
}

export interface BridgeVoidParameters {
  /** The issuer's signer (the bridge's admin). */
  signer: (c: Connection) => Signer;
  transferId: Hex;
}

export interface BridgeVoidReturnType {
  chainId: number;
  from: Address;
  to: Address;
  amount: bigint;
  hash: Hex;
}

/**
 * Voids an escrow whose receipt the other chain's bridge never sent (a forgery by the messaging layer):
 * recorded in the bridge's `totalVoided`, never minted. Refused for a transfer the source did send, whose
 * sender's tokens voiding would destroy (release or return it instead).
 */
export async function bridgeVoid(client: CrossChainClient, parameters: BridgeVoidParameters): Promise<BridgeVoidReturnType> {
  const { signer, transferId } = parameters;
  for (const [connection, side, peer, peerSide] of [
    [client.home, client.deployment.home, client.l2, client.deployment.l2],
    [client.l2, client.deployment.l2, client.home, client.deployment.home],
  ] as const) {
    const escrow = await connection.publicClient.readContract({ address: side.bridge, abi: bondBridgeAbi, functionName: "escrowOf", args: [transferId] });
    if (escrow.amount === 0n) continue;
    const sent = await peer.publicClient.readContract({
      address: peerSide.bridge,
      abi: bondBridgeAbi,
      functionName: "sentHere",
      args: [transferId, escrow.from, escrow.to, escrow.amount],
    });
    if (sent) {
      throw new QualifiedError(
        `chain ${peer.chain.id}'s bridge did send ${transferId}: voiding it would destroy ${escrow.from}'s tokens; release it (issuer) or retry it instead`,
      );
    }
    const hash = await signer(connection).writeContract({ address: side.bridge, abi: bondBridgeAbi, functionName: "voidEscrow", args: [transferId] });
    await waitForSuccess(connection, { hash, what: "void the escrow" });
    return { chainId: connection.chain.id, from: escrow.from, to: escrow.to, amount: escrow.amount, hash };
  }
  throw new QualifiedError(`no open escrow under ${transferId} on either chain: see \`qualified bridge pending\``);
}
