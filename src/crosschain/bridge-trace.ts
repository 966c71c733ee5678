import type { Address, Hex } from "viem";
import { bondBridgeAbi, securityTokenAbi } from "../sdk/abi/contracts.js";
import type { Connection } from "../sdk/clients.js";
import { QualifiedError } from "../sdk/errors.js";
import type { CrossChainClient } from "./bridge-client.js";
import type { CrossChainSide } from "./deployment-file.js";

/** One step of a bridge transfer, on one chain. */
export interface BridgeStep {
  chain: "home" | "L2";
  chainId: number;
  step: "sent" | "received" | "escrowed" | "released" | "returned" | "voided" | "in flight";
  txHash?: Hex;
  blockNumber?: bigint;
  from?: Address;
  to?: Address;
  amount?: bigint;
  /** For `returned`: the transfer that carries it back. */
  returnId?: Hex;
}

interface Chain {
  name: "home" | "L2";
  connection: Connection;
  side: CrossChainSide;
}

/**
 * Follows a transfer across the bridge: where it was burnt, whether it arrived, was minted or escrowed, and
 * what became of an escrow (released here, or returned, which is followed in turn).
 */
export interface TraceBridgeTransferParameters {
  transferId: Hex;
}

export type TraceBridgeTransferReturnType = BridgeStep[];

export async function traceBridgeTransfer(
  client: CrossChainClient,
  parameters: TraceBridgeTransferParameters,
  depth = 0,
): Promise<TraceBridgeTransferReturnType> {
  const { transferId } = parameters;
  const chains: Chain[] = [
    { name: "home", connection: client.home, side: client.deployment.home },
    { name: "L2", connection: client.l2, side: client.deployment.l2 },
  ];
  const events = async (
    c: Chain,
    eventName: "BridgeSent" | "BridgeReceived" | "Escrowed" | "EscrowReleased" | "EscrowReturned" | "EscrowVoided" | "ReturnVoided",
  ) =>
    c.connection.publicClient.getContractEvents({
      address: c.side.bridge,
      abi: bondBridgeAbi,
      eventName,
      args: { transferId } as never,
      fromBlock: 0n,
    });
  const steps: BridgeStep[] = [];
  let source: Chain | undefined;
  for (const c of chains) {
    for (const e of await events(c, "BridgeSent")) {
      const a = e.args as { from: Address; to: Address; amount: bigint };
      source = c;
      steps.push({ chain: c.name, chainId: c.connection.chain.id, step: "sent", txHash: e.transactionHash, blockNumber: e.blockNumber, ...pick(a) });
    }
  }
  if (!source) {
    // A receipt no bridge sent (forged) is still followed where it arrived.
    const forged: BridgeStep[] = [];
    for (const c of chains) {
      for (const e of await events(c, "Escrowed"))
        forged.push({
          chain: c.name,
          chainId: c.connection.chain.id,
          step: "escrowed",
          txHash: e.transactionHash,
          blockNumber: e.blockNumber,
          ...pick(e.args as never),
        });
      for (const e of await events(c, "BridgeReceived"))
        forged.push({
          chain: c.name,
          chainId: c.connection.chain.id,
          step: "received",
          txHash: e.transactionHash,
          blockNumber: e.blockNumber,
          ...pick(e.args as never),
        });
      for (const e of await events(c, "EscrowVoided"))
        forged.push({
          chain: c.name,
          chainId: c.connection.chain.id,
          step: "voided",
          txHash: e.transactionHash,
          blockNumber: e.blockNumber,
          ...pick(e.args as never),
        });
    }
    if (forged.length === 0) throw new QualifiedError(`no bridge transfer ${transferId} on either chain`);
    return forged;
  }
  const destination = chains.find((c) => c !== source)!;
  const at = (e: { transactionHash: Hex; blockNumber: bigint }) => ({
    chain: destination.name,
    chainId: destination.connection.chain.id,
    txHash: e.transactionHash,
    blockNumber: e.blockNumber,
  });
  const received = await events(destination, "BridgeReceived");
  const escrowed = await events(destination, "Escrowed");
  for (const e of received) steps.push({ ...at(e), step: "received", ...pick(e.args as never) });
  for (const e of escrowed) steps.push({ ...at(e), step: "escrowed", ...pick(e.args as never) });
  for (const e of await events(destination, "EscrowReleased")) steps.push({ ...at(e), step: "released", ...pick(e.args as never) });
  for (const e of await events(destination, "EscrowVoided")) steps.push({ ...at(e), step: "voided", ...pick(e.args as never) });
  for (const e of await events(destination, "ReturnVoided")) steps.push({ ...at(e), step: "voided", ...pick(e.args as never) });
  for (const e of await events(destination, "EscrowReturned")) {
    const a = e.args as { returnId: Hex; to: Address; amount: bigint };
    steps.push({ ...at(e), step: "returned", to: a.to, amount: a.amount, returnId: a.returnId });
    if (depth < 4) steps.push(...(await traceBridgeTransfer(client, { transferId: a.returnId }, depth + 1)));
  }
  if (received.length === 0 && escrowed.length === 0 && !steps.some((s) => s.step === "voided"))
    steps.push({ chain: destination.name, chainId: destination.connection.chain.id, step: "in flight" });
  return steps;
}

function pick(a: { from?: Address; to?: Address; amount?: bigint }) {
  return { from: a.from, to: a.to, amount: a.amount };
}

export interface CrossChainSupplyReturnType {
  home: bigint;
  l2: bigint;
  escrowedHome: bigint;
  escrowedL2: bigint;
  /** Recorded on arrival without being minted: voided escrows and returns of transfers never sent. */
  voidedHome: bigint;
  voidedL2: bigint;
  /** Sent minus received: negative when a chain received more than the other sent (a forged receipt). */
  inFlightToL2: bigint;
  inFlightToHome: bigint;
  total: bigint;
}

/**
 * Supply across both chains: each chain's, escrowed and voided on each side, and in flight; their total is
 * conserved. A forged receipt shows as a negative amount in flight towards the chain that took it (it received
 * what the other never sent), balanced by its escrow there, or by its voided record once the issuer voided it.
 */
export async function crossChainSupply(client: CrossChainClient): Promise<CrossChainSupplyReturnType> {
  const read = (c: Connection, address: Address, abi: typeof bondBridgeAbi | typeof securityTokenAbi, functionName: string) =>
    c.publicClient.readContract({ address, abi, functionName } as never) as Promise<bigint>;
  const { home, l2, deployment } = client;
  const homeSupply = await read(home, deployment.home.token, securityTokenAbi, "totalSupply");
  const l2Supply = await read(l2, deployment.l2.token, securityTokenAbi, "totalSupply");
  const homeEscrow = await read(home, deployment.home.bridge, bondBridgeAbi, "totalEscrowed");
  const l2Escrow = await read(l2, deployment.l2.bridge, bondBridgeAbi, "totalEscrowed");
  const homeVoided = await read(home, deployment.home.bridge, bondBridgeAbi, "totalVoided");
  const l2Voided = await read(l2, deployment.l2.bridge, bondBridgeAbi, "totalVoided");
  const toL2 = (await read(home, deployment.home.bridge, bondBridgeAbi, "totalSent")) - (await read(l2, deployment.l2.bridge, bondBridgeAbi, "totalReceived"));
  const toHome =
    (await read(l2, deployment.l2.bridge, bondBridgeAbi, "totalSent")) - (await read(home, deployment.home.bridge, bondBridgeAbi, "totalReceived"));
  return {
    home: homeSupply,
    l2: l2Supply,
    escrowedHome: homeEscrow,
    escrowedL2: l2Escrow,
    voidedHome: homeVoided,
    voidedL2: l2Voided,
    inFlightToL2: toL2,
    inFlightToHome: toHome,
    total: homeSupply + l2Supply + homeEscrow + l2Escrow + homeVoided + l2Voided + toL2 + toHome,
  };
}
