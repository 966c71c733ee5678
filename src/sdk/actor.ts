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

export type SendParameters = Call & {
  /** Who sends: a key, or a Safe and the owners that sign. */
  actor: Actor;
  /** What the call does, for the error sentence if it reverts ("mint the tokens"). */
  what?: string;
};
export type SendReturnType = Hash;

/**
 * Sends a call as `actor` and waits for it to succeed: a key simulates first (a refusal comes back decoded,
 * with its custom error, before anything is sent) then sends; a Safe proposes, collects its signers'
 * signatures and executes.
 * @example
 * const hash = await send(connection, { actor: issuerSafe, ...mintCall({ token, to: alice, amount: 100n }), what: "mint" });
 */
export async function send(connection: Connection, parameters: SendParameters): Promise<SendReturnType> {
  const { actor, to, data } = parameters;
  const what = parameters.what ?? `call ${to}`;
  if ("safe" in actor) return runSafeTransaction(connection, { safe: actor.safe, to, data, signers: actor.signers });
  await connection.publicClient.call({ account: actor.account, to, data });
  const hash = await actor.sendTransaction({ to, data });
  await waitForSuccess(connection, { hash, what });
  return hash;
}
