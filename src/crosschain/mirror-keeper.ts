import { getAddress, parseEventLogs, zeroAddress, type Address, type Hash, type Log } from "viem";
import { credentialMirrorSenderAbi, credentialRegistryAbi } from "../sdk/abi/contracts.js";
import type { Connection, Signer } from "../sdk/clients.js";
import { waitForSuccess } from "../sdk/transactions.js";

export interface MirrorKeeperParameters {
  home: Connection;
  /** The home credential registry, whose events say which wallets and qualifiers changed. */
  credentials: Address;
  /** The mirror sender on home. */
  sender: Address;
  /** Pays the messaging fees. */
  signer: Signer;
  /** First home block to read (default 0): a restarted keeper passes the {@link MirrorKeeper.cursor} it saved. */
  fromBlock?: bigint;
  /** First home block of the registry's history, read for a reinstated qualifier's holders (default 0). */
  historyFromBlock?: bigint;
  /** Most blocks read in one `eth_getLogs` call (default 5,000). */
  blockRange?: bigint;
  /**
   * Backoff of a target whose sync keeps failing, in milliseconds: retried at once after its first failure,
   * then after `retryBaseMs` (default 2,000), doubling up to `retryMaxMs` (default 300,000). Other targets
   * are not held back meanwhile.
   */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** The clock (default `Date.now`). */
  now?: () => number;
}

/** Something the mirror must learn again: a qualifier's standing or a wallet's word. */
export type KeeperTarget = { kind: "qualifier"; id: number } | { kind: "wallet"; wallet: Address };

export interface KeeperFailure {
  target: KeeperTarget;
  /** Why the sync failed; it stays in the retry set for the next round. */
  error: string;
}

export interface KeeperRound {
  /** Wallets synced in this round. */
  wallets: Address[];
  /** Qualifiers synced in this round. */
  qualifiers: number[];
  transactions: Hash[];
  /** Syncs that failed in this round (kept for the next). */
  failed: KeeperFailure[];
  /** Targets left for a later round because they failed before and their backoff has not passed. */
  waiting: number;
  /** See {@link MirrorKeeper.cursor}, after this round. */
  cursor: bigint;
  /** Whether this round read up to the chain head (false while catching up, `blockRange` blocks at a time). */
  caughtUp: boolean;
}

interface Pending {
  target: KeeperTarget;
  /** The home block of the first event not yet carried for this target. */
  since: bigint;
  /** Failed syncs so far, and when the next may be tried (ms). */
  attempts: number;
  retryAt: number;
}

/**
 * Pushes home changes to the mirror as soon as they appear: it reads the home credential registry's events
 * since its last round (issue, renew, revoke, sanctions flags, guardians' blocks, suspensions and
 * reinstatements) and calls the permissionless `sync` / `syncQualifier` once per changed wallet or qualifier.
 * What is sent is read from home state by the sender contract, so the keeper decides only when, never what.
 *
 * A change read from home stays in a retry set until its sync succeeded: one failed transaction (a dry
 * account, a node that refuses) is redone next round, never skipped, and one bad target does not hold back
 * the others. {@link MirrorKeeper.cursor} is the first block a restarted keeper must read again, so a saved
 * cursor never covers a change that was not carried. A reinstated qualifier's holders are synced again
 * after it, since their words may have been sent (by anyone) while it was suspended.
 */
export class MirrorKeeper {
  #next: bigint;
  readonly #pending = new Map<string, Pending>();

  constructor(readonly parameters: MirrorKeeperParameters) {
    this.#next = parameters.fromBlock ?? 0n;
  }

  /** The first home block a keeper started after this one must read: nothing before it is left to carry. */
  get cursor(): bigint {
    let cursor = this.#next;
    for (const p of this.#pending.values()) if (p.since < cursor) cursor = p.since;
    return cursor;
  }

  /** What is read but not yet carried to the mirror. */
  get pending(): KeeperTarget[] {
    return [...this.#pending.values()].map((p) => p.target);
  }

  /** One round: read new events, then sync everything in the retry set (qualifiers first). */
  async poll(): Promise<KeeperRound> {
    const caughtUp = await this.#read();
    const round: KeeperRound = { wallets: [], qualifiers: [], transactions: [], failed: [], waiting: 0, cursor: 0n, caughtUp };
    const now = this.parameters.now ?? Date.now;
    const base = this.parameters.retryBaseMs ?? 2_000;
    const max = this.parameters.retryMaxMs ?? 300_000;
    // Standing first: a wallet update is read with the standing it was sent under.
    const order = [...this.#pending.entries()].sort(([, a], [, b]) => rank(a.target) - rank(b.target));
    for (const [key, pending] of order) {
      const { target } = pending;
      if (pending.retryAt > now()) {
        round.waiting++;
        continue;
      }
      try {
        round.transactions.push(await this.#sync(target));
        this.#pending.delete(key);
        if (target.kind === "qualifier") round.qualifiers.push(target.id);
        else round.wallets.push(target.wallet);
      } catch (error) {
        pending.attempts++;
        pending.retryAt = pending.attempts < 2 ? 0 : now() + Math.min(base * 2 ** (pending.attempts - 2), max);
        round.failed.push({ target, error: reason(error) });
      }
    }
    round.cursor = this.cursor;
    return round;
  }

  /** Reads the registry's events up to the head (at most `blockRange` blocks) into the retry set; true when it reached the head. */
  async #read(): Promise<boolean> {
    const { home, credentials } = this.parameters;
    const head = await home.publicClient.getBlockNumber({ cacheTime: 0 });
    if (head < this.#next) return true;
    const range = this.parameters.blockRange ?? 5_000n;
    const toBlock = head - this.#next + 1n > range ? this.#next + range - 1n : head;
    const logs = await home.publicClient.getLogs({ address: credentials, fromBlock: this.#next, toBlock });
    const found: [KeeperTarget, bigint][] = [];
    for (const e of parseEventLogs({ abi: credentialRegistryAbi, logs })) {
      const args = e.args as Record<string, unknown>;
      const at = e.blockNumber ?? toBlock;
      switch (e.eventName) {
        case "CredentialIssued":
        case "CredentialRevoked":
          found.push([wallet(args.holder as Address), at]);
          break;
        case "CredentialRenewed":
          found.push([wallet(`0x${((args.tokenId as bigint) >> 96n).toString(16).padStart(40, "0")}`), at]);
          break;
        case "SanctionsUpdated":
        case "BlockedUpdated":
          found.push([wallet(args.account as Address), at]);
          break;
        case "QualifierSuspended":
          found.push([{ kind: "qualifier", id: Number(args.id) }, at]);
          break;
        case "QualifierReinstated":
          found.push([{ kind: "qualifier", id: Number(args.id) }, at]);
          for (const holder of await this.#holdersOf(Number(args.id), toBlock)) found.push([wallet(holder), at]);
          break;
      }
    }
    // Only once every event of the range is in the retry set does the read position move past it.
    for (const [target, at] of found) this.#add(target, at);
    this.#next = toBlock + 1n;
    return toBlock === head;
  }

  #add(target: KeeperTarget, since: bigint): void {
    if (target.kind === "wallet" && target.wallet === zeroAddress) return; // no word to send (the sender refuses it)
    const key = target.kind === "qualifier" ? `q:${target.id}` : `w:${target.wallet}`;
    const known = this.#pending.get(key);
    if (!known) this.#pending.set(key, { target, since, attempts: 0, retryAt: 0 });
    else if (since < known.since) known.since = since;
  }

  /** Every wallet the qualifier ever issued a credential to, up to `toBlock`. */
  async #holdersOf(qualifierId: number, toBlock: bigint): Promise<Address[]> {
    const { home, credentials } = this.parameters;
    const range = this.parameters.blockRange ?? 5_000n;
    const holders = new Set<Address>();
    for (let from = this.parameters.historyFromBlock ?? 0n; from <= toBlock; from += range) {
      const to = from + range - 1n < toBlock ? from + range - 1n : toBlock;
      const events = await home.publicClient.getContractEvents({
        address: credentials,
        abi: credentialRegistryAbi,
        eventName: "CredentialIssued",
        args: { qualifierId },
        fromBlock: from,
        toBlock: to,
      });
      for (const e of events as Log[]) holders.add(getAddress((e as unknown as { args: { holder: Address } }).args.holder));
    }
    return [...holders];
  }

  /** One sync, with the fee quoted for this send. */
  async #sync(target: KeeperTarget): Promise<Hash> {
    const { home, sender, signer } = this.parameters;
    const value = await home.publicClient.readContract({ address: sender, abi: credentialMirrorSenderAbi, functionName: "quoteSync" });
    const hash =
      target.kind === "qualifier"
        ? await signer.writeContract({ address: sender, abi: credentialMirrorSenderAbi, functionName: "syncQualifier", args: [target.id], value })
        : await signer.writeContract({ address: sender, abi: credentialMirrorSenderAbi, functionName: "sync", args: [target.wallet], value });
    await waitForSuccess(home, { hash, what: target.kind === "qualifier" ? `sync qualifier ${target.id}` : `sync ${target.wallet}` });
    return hash;
  }
}

const wallet = (address: Address): KeeperTarget => ({ kind: "wallet", wallet: getAddress(address) });

const rank = (t: KeeperTarget) => (t.kind === "qualifier" ? 0 : 1);

function reason(error: unknown): string {
  const e = error as { shortMessage?: string; message?: string };
  return (e.shortMessage ?? e.message ?? String(error)).split("\n")[0];
}
