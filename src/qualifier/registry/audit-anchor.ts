import { concatHex, getAddress, hexToBigInt, isHash, sliceHex, stringToHex, toHex, type Address, type Hash, type Hex } from "viem";
import type { Connection, Signer } from "../../sdk/index.js";

/**
 * Anchors the audit chain's head on chain: a transaction from the qualifier's account to itself, carrying the
 * head's sequence number and hash. A keyed chain already shows a rewritten entry; an anchor also shows entries
 * cut off its end, and proves the head existed at that block to anyone, without trusting the operator.
 */
const MAGIC = stringToHex("QAUD", { size: 4 });

export interface AuditHead {
  seq: number;
  hash: string;
}

/** The calldata of an anchor: "QAUD", the sequence number (8 bytes), the head hash (32 bytes). */
export function anchorData(head: AuditHead): Hex {
  if (!Number.isSafeInteger(head.seq) || head.seq < 1) throw new Error(`the anchored sequence number must be a positive integer, not ${head.seq}`);
  if (!/^[0-9a-f]{64}$/.test(head.hash)) throw new Error("the anchored hash must be 64 hex digits");
  return concatHex([MAGIC, toHex(head.seq, { size: 8 }), `0x${head.hash}`]);
}

/** Sends the anchor and waits for it to be mined; returns the transaction hash. */
export async function anchorAuditHead(connection: Connection, signer: Signer, head: AuditHead): Promise<Hash> {
  const hash = await signer.sendTransaction({ to: signer.account.address, value: 0n, data: anchorData(head) });
  const receipt = await connection.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`the anchoring transaction ${hash} failed`);
  return hash;
}

/**
 * Reads an anchor back from the chain: the head it carries and the account that sent it (check it is the
 * qualifier's). Throws a sentence when the transaction is missing, failed, or is not an anchor.
 */
export async function readAuditAnchor(connection: Connection, tx: string): Promise<AuditHead & { by: Address; block: bigint }> {
  if (!isHash(tx)) throw new Error(`"${tx}" is not a transaction hash`);
  let transaction: Awaited<ReturnType<Connection["publicClient"]["getTransaction"]>>;
  let receipt: Awaited<ReturnType<Connection["publicClient"]["getTransactionReceipt"]>>;
  try {
    [transaction, receipt] = await Promise.all([
      connection.publicClient.getTransaction({ hash: tx }),
      connection.publicClient.getTransactionReceipt({ hash: tx }),
    ]);
  } catch {
    throw new Error(`transaction ${tx} is not on this chain`);
  }
  if (receipt.status !== "success") throw new Error(`transaction ${tx} failed: it anchors nothing`);
  const data = transaction.input;
  if (data.length !== 2 + 2 * 44 || sliceHex(data, 0, 4) !== MAGIC || transaction.to?.toLowerCase() !== transaction.from.toLowerCase()) {
    throw new Error(`transaction ${tx} is not an audit anchor`);
  }
  return {
    seq: Number(hexToBigInt(sliceHex(data, 4, 12))),
    hash: sliceHex(data, 12, 44).slice(2),
    by: getAddress(transaction.from),
    block: receipt.blockNumber,
  };
}
