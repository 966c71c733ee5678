import { getAddress, parseEventLogs, type Address, type Hash } from "viem";
import { endpointV2Abi, simpleMessageLibAbi } from "../sdk/abi/contracts.js";
import type { Connection, Signer } from "../sdk/clients.js";
import { decodePacket, type Packet } from "./packet.js";
import type { LocalLayerZero } from "./local-layerzero.js";

/** One side of a path: a chain and its LayerZero deployment. */
export interface RelayerSide {
  connection: Connection;
  layerZero: LocalLayerZero;
}

/**
 * Where a packet stands on its destination. `skipped`: the receiver's delegate cleared it without delivery
 * (the endpoint's `skip` or `burn`), so it will never arrive; `nilified`: the delegate voided its
 * verification (`nilify`), so it waits for the DVNs to verify it again. A bridge transfer in either state
 * was burnt on its source and is not minted on its destination.
 */
export type PacketState = "unverified" | "verified" | "delivered" | "skipped" | "nilified";

/** The endpoint's payload hash of a nilified packet. */
const NIL_PAYLOAD_HASH = `0x${"f".repeat(64)}`;

export interface RelayedPacket {
  packet: Packet;
  state: PacketState;
  /** The transaction that executed it, when delivered by this relayer. */
  deliveredIn?: Hash;
  /** Why the destination refused to execute it (it stays verified, to be retried). */
  error?: string;
}

/**
 * Carries LayerZero packets from one chain to another as LayerZero's workers do: it reads `PacketSent` on
 * the source endpoint, verifies each packet on the destination through the message library
 * (`validatePacket`, which calls the endpoint's `verify`: the DVNs' step), then executes it with the
 * endpoint's `lzReceive` (the executor's step), which checks the payload hash and calls the OApp. Nothing is
 * delivered that the source endpoint did not emit, and the OApp's own peer checks still apply.
 */
export class Relayer {
  #fromBlock = 0n;
  readonly #seen = new Map<string, Packet>();
  #clearedFromBlock = 0n;
  /** Packets the destination's delegates skipped or burnt (keys as {@link key}). */
  readonly #cleared = new Set<string>();

  constructor(
    readonly source: RelayerSide,
    readonly destination: RelayerSide,
    /** The account the destination's message library accepts as verifier and that pays for execution. */
    readonly signer: Signer,
  ) {}

  /** Reads packets the source endpoint emitted since the last call, for this destination. */
  async scan(): Promise<Packet[]> {
    const { publicClient } = this.source.connection;
    const toBlock = await publicClient.getBlockNumber({ cacheTime: 0 });
    if (toBlock < this.#fromBlock) return [];
    const logs = await publicClient.getLogs({
      address: this.source.layerZero.endpoint,
      fromBlock: this.#fromBlock,
      toBlock,
    });
    this.#fromBlock = toBlock + 1n;
    const fresh: Packet[] = [];
    for (const event of parseEventLogs({ abi: endpointV2Abi, logs, eventName: "PacketSent" })) {
      const packet = decodePacket(event.args.encodedPayload);
      if (packet.dstEid !== this.destination.layerZero.eid) continue;
      this.#seen.set(key(packet), packet);
      fresh.push(packet);
    }
    return fresh;
  }

  /** Every packet seen for this destination with its state there. */
  async packets(): Promise<RelayedPacket[]> {
    await this.scan();
    const out: RelayedPacket[] = [];
    for (const packet of this.#seen.values()) out.push({ packet, state: await this.stateOf(packet) });
    return out.sort((a, b) => Number(a.packet.nonce - b.packet.nonce));
  }

  /** Packets not yet delivered, those cleared without delivery included. */
  async pending(): Promise<RelayedPacket[]> {
    await this.#scanCleared();
    return (await this.packets()).filter((p) => p.state !== "delivered");
  }

  /** Reads the destination endpoint's skips and burns since the last call. */
  async #scanCleared(): Promise<void> {
    const { publicClient } = this.destination.connection;
    const toBlock = await publicClient.getBlockNumber({ cacheTime: 0 });
    if (toBlock < this.#clearedFromBlock) return;
    const logs = await publicClient.getLogs({ address: this.destination.layerZero.endpoint, fromBlock: this.#clearedFromBlock, toBlock });
    this.#clearedFromBlock = toBlock + 1n;
    for (const event of parseEventLogs({ abi: endpointV2Abi, logs })) {
      if (event.eventName !== "InboundNonceSkipped" && event.eventName !== "PacketBurnt") continue;
      const { srcEid, sender, receiver, nonce } = event.args;
      this.#cleared.add(`${srcEid}:${getAddress(`0x${sender.slice(26)}`)}:${getAddress(receiver)}:${nonce}`);
    }
  }

  /** The packet's state on the destination endpoint. */
  async stateOf(packet: Packet): Promise<PacketState> {
    const { publicClient } = this.destination.connection;
    const endpoint = this.destination.layerZero.endpoint;
    const sender = senderKey(packet.sender);
    const hash = await publicClient.readContract({
      address: endpoint,
      abi: endpointV2Abi,
      functionName: "inboundPayloadHash",
      args: [packet.receiver, packet.srcEid, sender, packet.nonce],
    });
    if (hash === NIL_PAYLOAD_HASH) return "nilified";
    if (BigInt(hash) !== 0n) return "verified";
    const lazy = await publicClient.readContract({
      address: endpoint,
      abi: endpointV2Abi,
      functionName: "lazyInboundNonce",
      args: [packet.receiver, packet.srcEid, sender],
    });
    if (packet.nonce > lazy) return "unverified";
    await this.#scanCleared();
    return this.#cleared.has(key(packet)) ? "skipped" : "delivered";
  }

  /**
   * Verifies and executes every pending packet, in nonce order. A packet the destination refuses (the OApp
   * reverts) stays verified and is reported with the reason; the others still go through.
   */
  async relay(): Promise<RelayedPacket[]> {
    const done: RelayedPacket[] = [];
    for (const item of await this.pending()) {
      if (item.state === "unverified" || item.state === "verified") done.push(await this.deliver(item.packet, item.state));
    }
    return done;
  }

  /** Verifies one packet on the destination (the DVNs' step), without executing it. */
  async verify(packet: Packet): Promise<void> {
    const hash = await this.signer.writeContract({
      address: this.destination.layerZero.messageLib,
      abi: simpleMessageLibAbi,
      functionName: "validatePacket",
      args: [packet.encoded],
    });
    const receipt = await this.destination.connection.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`verification of packet ${packet.nonce} reverted`);
  }

  /** Verifies (if needed) and executes one packet (the executor's step: the endpoint's `lzReceive`). */
  async deliver(packet: Packet, state?: PacketState): Promise<RelayedPacket> {
    const { connection } = this.destination;
    let current = state ?? (await this.stateOf(packet));
    if (current === "delivered") return { packet, state: current };
    if (current === "skipped" || current === "nilified") {
      return { packet, state: current, error: "the receiver's delegate cleared this packet without delivering it" };
    }
    try {
      if (current === "unverified") {
        await this.verify(packet);
        current = "verified";
      }
      const hash = await this.signer.writeContract({
        address: this.destination.layerZero.endpoint,
        abi: endpointV2Abi,
        functionName: "lzReceive",
        args: [{ srcEid: packet.srcEid, sender: senderKey(packet.sender), nonce: packet.nonce }, packet.receiver, packet.guid, packet.message, "0x"],
      });
      const receipt = await connection.publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") return { packet, state: current, error: "execution reverted" };
      return { packet, state: "delivered", deliveredIn: hash };
    } catch (error) {
      return { packet, state: current, error: reason(error) };
    }
  }
}

function key(packet: Packet): string {
  return `${packet.srcEid}:${packet.sender}:${packet.receiver}:${packet.nonce}`;
}

function senderKey(sender: Address): `0x${string}` {
  return `0x${sender.slice(2).toLowerCase().padStart(64, "0")}`;
}

function reason(error: unknown): string {
  const e = error as { shortMessage?: string; message?: string };
  return e.shortMessage ?? e.message ?? String(error);
}
