import { getAddress, recoverAddress, zeroAddress, type Address, type Hex } from "viem";
import { QualifiedError, confirmSafeTransaction, safeAbi, type Call, type Connection, type SafeTransaction, type Signer } from "../../sdk/index.js";
import type { SafeStep } from "./schemas.js";

/** The Safe's next transaction nonce. */
export async function safeNonce(connection: Connection, safe: Address): Promise<bigint> {
  return connection.publicClient.readContract({ address: safe, abi: safeAbi, functionName: "nonce" });
}

/** How many owners' signatures the Safe needs. */
export async function safeThreshold(connection: Connection, safe: Address): Promise<number> {
  return Number(await connection.publicClient.readContract({ address: safe, abi: safeAbi, functionName: "getThreshold" }));
}

/** Refuses a signer that is not an owner of `safe` (named `name` in the sentence), before anything is signed. */
export async function assertSafeOwner(connection: Connection, safe: Address, who: Address, name = `the Safe ${safe}`): Promise<void> {
  const owners = await connection.publicClient.readContract({ address: safe, abi: safeAbi, functionName: "getOwners" });
  if (!owners.some((o) => o.toLowerCase() === who.toLowerCase())) {
    throw new QualifiedError(`${who} is not an owner of ${name}: only its owners propose and approve`);
  }
}

/** The Safe transaction that runs `call` from `safe` at `step`'s nonce, with its signatures. */
export function stepTransaction(safe: Address, call: Call, step: SafeStep): SafeTransaction {
  return {
    safe,
    to: call.to,
    value: 0n,
    data: call.data,
    operation: 0,
    nonce: BigInt(step.nonce),
    signatures: new Map(Object.entries(step.signatures) as [Address, Hex][]),
  };
}

/** Adds `signer`'s EIP-712 signature of `call` at `step`'s nonce to `step`. */
export async function signStep(connection: Connection, safe: Address, call: Call, step: SafeStep, signer: Signer): Promise<void> {
  const signed = await confirmSafeTransaction(connection, { transaction: stepTransaction(safe, call, step), owner: signer });
  step.signatures = Object.fromEntries(signed.signatures) as SafeStep["signatures"];
}

/** The Safe's own hash of `call` at `nonce` (what each owner signs). */
export async function safeTransactionHash(connection: Connection, safe: Address, call: Call, nonce: bigint): Promise<Hex> {
  return connection.publicClient.readContract({
    address: safe,
    abi: safeAbi,
    functionName: "getTransactionHash",
    args: [call.to, 0n, call.data, 0, 0n, 0n, 0n, zeroAddress, zeroAddress, nonce],
  });
}

/** Owners whose stored signature does not sign `call` at `step`'s nonce (a file edited by hand). */
export async function forgedSignatures(connection: Connection, safe: Address, call: Call, step: SafeStep): Promise<Address[]> {
  const hash = await safeTransactionHash(connection, safe, call, BigInt(step.nonce));
  const forged: Address[] = [];
  for (const [owner, signature] of Object.entries(step.signatures) as [Address, Hex][]) {
    let signer: Address | undefined;
    try {
      signer = await recoverAddress({ hash, signature });
    } catch {
      signer = undefined; // a signature that recovers no key is forged too
    }
    if (!signer || getAddress(signer) !== getAddress(owner)) forged.push(owner);
  }
  return forged;
}

/** The first nonce at or after `current` that no open step (one not yet sent) has reserved: proposals queue on the Safe in order. */
export function nextFreeNonce(openSteps: Iterable<SafeStep>, current: bigint): bigint {
  let next = current;
  for (const s of openSteps) {
    const n = BigInt(s.nonce);
    if (!s.transaction && n >= next) next = n + 1n;
  }
  return next;
}

/** A Safe nonce that a stored proposal has signed for and not yet sent, with the proposal's name. */
export interface HeldNonce {
  /** The proposal as a person names it: "governance proposal 2", "Safe proposal 5". */
  holder: string;
  step: SafeStep;
}

/** Who holds `nonce` among `held`, as a list of names. */
export function holdersOf(held: HeldNonce[], nonce: bigint): string[] {
  return held.filter((h) => !h.step.transaction && BigInt(h.step.nonce) === nonce).map((h) => h.holder);
}
