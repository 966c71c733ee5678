import { getAddress, keccak256, sliceHex, hexToNumber, hexToBigInt, size, type Address, type Hex } from "viem";
import { QualifiedError } from "../sdk/errors.js";

/** A LayerZero V2 packet as the endpoint encodes it (PacketV1Codec): header, guid, message. */
export interface Packet {
  /** The whole encoded packet, as `PacketSent` carries it and the message library verifies it. */
  encoded: Hex;
  nonce: bigint;
  srcEid: number;
  sender: Address;
  dstEid: number;
  receiver: Address;
  guid: Hex;
  message: Hex;
  /** keccak256(guid ‖ message): what the endpoint stores once the packet is verified. */
  payloadHash: Hex;
}

const HEADER = 81; // version 1, nonce 8, srcEid 4, sender 32, dstEid 4, receiver 32
const PACKET_VERSION = 1;

/** Decodes an encoded V1 packet, refusing anything else. */
export function decodePacket(encoded: Hex): Packet {
  if (size(encoded) < HEADER + 32) throw new QualifiedError("not a LayerZero packet: too short");
  if (hexToNumber(sliceHex(encoded, 0, 1)) !== PACKET_VERSION) throw new QualifiedError("not a LayerZero V1 packet");
  const payload = sliceHex(encoded, HEADER);
  return {
    encoded,
    nonce: hexToBigInt(sliceHex(encoded, 1, 9)),
    srcEid: hexToNumber(sliceHex(encoded, 9, 13)),
    sender: getAddress(sliceHex(encoded, 25, 45)),
    dstEid: hexToNumber(sliceHex(encoded, 45, 49)),
    receiver: getAddress(sliceHex(encoded, 61, 81)),
    guid: sliceHex(encoded, HEADER, HEADER + 32),
    message: size(encoded) > HEADER + 32 ? sliceHex(encoded, HEADER + 32) : "0x",
    payloadHash: keccak256(payload),
  };
}
