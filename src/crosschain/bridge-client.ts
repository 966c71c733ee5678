import { formatUnits, type Address, type Hex } from "viem";
import { bondBridgeAbi, securityTokenAbi } from "../sdk/abi/contracts.js";
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

/** Connects to both chains and checks that each answers with the chain id the file names. */
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
  for (const [chain, connection, side] of [
    ["home", client.home, deployment.home],
    ["L2", client.l2, deployment.l2],
  ] as const) {
    const events = await connection.publicClient.getContractEvents({ address: side.bridge, abi: bondBridgeAbi, eventName: "Escrowed", fromBlock: 0n });
    for (const e of events) {
      const transferId = e.args.transferId!;
      const open = await connection.publicClient.readContract({ address: side.bridge, abi: bondBridgeAbi, functionName: "escrowOf", args: [transferId] });
      if (open.amount > 0n) escrows.push({ chain, transferId, from: open.from, to: open.to, amount: open.amount });
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
}

/**
 * Sends a bridge transfer after pre-flighting it: the token's own check (sender, recipient, pause,
 * freezes, balance) and the rate limit, each refused with a sentence before any transaction.
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
