import type { Address, Hash, Hex } from "viem";
import type { Connection, Signer } from "./clients.js";
import { runSafeTransaction } from "./safe.js";
import { waitForSuccess } from "./transactions.js";

/** Who performs an action: a key directly, or a Safe whose owners sign (threshold of them, first executes). */
export type Actor = Signer | { safe: Address; signers: Signer[] };

/** A contract call, ready to send directly or through a Safe or a timelock. */
export interface Call {
  to: Address;
  data: Hex;
}

/** The address that appears as `msg.sender` when `actor` acts. */
export function actorAddress(actor: Actor): Address {
  return "safe" in actor ? actor.safe : actor.account.address;
}

/** Sends `call` as `actor` and waits for it to succeed. */
export async function send(connection: Connection, actor: Actor, call: Call, what: string): Promise<Hash> {
  if ("safe" in actor) return runSafeTransaction(connection, actor.safe, call, actor.signers);
  // Simulate first so a refusal comes back decoded, with its custom error, before anything is sent.
  await connection.publicClient.call({ account: actor.account, to: call.to, data: call.data });
  const hash = await actor.sendTransaction({ to: call.to, data: call.data });
  await waitForSuccess(connection, hash, what);
  return hash;
}
