import { getAddress, parseEventLogs, zeroAddress, type Address, type Hash, type Hex, type Log } from "viem";
import { contractRegistryAbi, credentialMirrorSenderAbi, credentialRegistryAbi } from "../sdk/abi/contracts.js";
import type { Connection, Signer } from "../sdk/clients.js";
import { waitForSuccess } from "../sdk/transactions.js";
import { ResyncSchedule } from "./keeper-schedule.js";
import { holdingContracts, readRegistrations, type KeeperRemote } from "./keeper-remote.js";

export type { KeeperRemote } from "./keeper-remote.js";

/** Half of the demo's one-day staleness bound. */
export const DEFAULT_RESYNC_AFTER = 43_200;
/** At most this many re-syncs (kept wallets and code hashes) per round; changes read from home are never capped. */
export const DEFAULT_MAX_RESYNCS_PER_ROUND = 500;

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
  /** The home contract registry, whose `CodeVetted` events say which code hashes governance vetted or withdrew. */
  contracts?: Address;
  /** Code hashes known to be vetted before `fromBlock`, to keep fresh on the mirror. */
  codeHashes?: Hex[];
  /**
   * Home seconds after which a vetted code hash is synced again, so its mirrored vetting never lapses; keep it
   * below the mirror's `maxStaleness` (default 43,200: half of a day).
   */
  resyncCodeAfter?: number;
  /**
   * Wallets to keep vouched for on the mirror besides those the home events name: routers and other spenders
   * the L2's holders use. The mirror refuses any wallet no update vouched for within `maxStaleness`, a spender
   * or a registered contract included.
   */
  keepWallets?: Address[];
  /** The L2's contract registry and token: registered contracts that hold the token are kept vouched for too. */
  remote?: KeeperRemote;
  /**
   * Home seconds after which a kept wallet is synced again, so its mirrored word never lapses; keep it below the
   * mirror's `maxStaleness` (default 43,200: half of a day).
   */
  resyncWalletsAfter?: number;
  /** At most this many re-syncs per round (default 500), the longest-waiting first; the rest wait a round. */
  maxResyncsPerRound?: number;
}

/** Something the mirror must learn again: a qualifier's standing or a wallet's word. */
export type KeeperTarget = { kind: "qualifier"; id: number } | { kind: "wallet"; wallet: Address } | { kind: "code"; codeHash: Hex };

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
  /** Code hashes synced: vetted or withdrawn since the last round, or due for a re-sync. */
  codes: Hex[];
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
  /** Wallets kept vouched for: every wallet a home event named, `keepWallets`, and L2 contracts that hold the token. */
  readonly #wallets = new ResyncSchedule<Address>();
  /** Code hashes vetted at home, kept fresh on the mirror. */
  readonly #codes = new ResyncSchedule<Hex>();
  /** Contracts registered on the L2, kept only while they hold the token. */
  readonly #registered = new Set<Address>();
  /** Wallets kept whatever they hold on the L2: named by a home event, or listed by the operator. */
  readonly #keptForGood = new Set<Address>();
  #remoteNext: bigint;
  /** Home time the registered contracts' holdings were last read (-1n: never). */
  #holdingsReadAt = -1n;

  constructor(readonly parameters: MirrorKeeperParameters) {
    this.#next = parameters.fromBlock ?? 0n;
    this.#remoteNext = parameters.remote?.fromBlock ?? 0n;
    for (const codeHash of parameters.codeHashes ?? []) this.#codes.keep(codeHash);
    for (const w of parameters.keepWallets ?? []) if (getAddress(w) !== zeroAddress) this.#keepForGood(getAddress(w));
  }

  /** The wallets this keeper keeps vouched for on the mirror (registered L2 contracts only while they hold the token). */
  get keptWallets(): Address[] {
    return this.#wallets.keys();
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
    const homeNow = (await this.parameters.home.publicClient.getBlock({ blockTag: "latest" })).timestamp;
    await this.#scheduleResyncs(homeNow);
    const round: KeeperRound = { wallets: [], qualifiers: [], codes: [], transactions: [], failed: [], waiting: 0, cursor: 0n, caughtUp };
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
        else if (target.kind === "code") {
          round.codes.push(target.codeHash);
          this.#codes.carried(target.codeHash, homeNow);
        } else {
          round.wallets.push(target.wallet);
          this.#wallets.carried(target.wallet, homeNow);
        }
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
      const named = walletNamedBy(e);
      if (named) found.push([wallet(named), at]);
      switch (e.eventName) {
        case "QualifierSuspended":
          found.push([{ kind: "qualifier", id: Number(args.id) }, at]);
          break;
        case "QualifierReinstated":
          found.push([{ kind: "qualifier", id: Number(args.id) }, at]);
          for (const holder of await this.#holdersOf(Number(args.id), toBlock)) found.push([wallet(holder), at]);
          break;
      }
    }
    for (const e of await this.#vettings(this.#next, toBlock)) found.push([{ kind: "code", codeHash: e.codeHash }, e.blockNumber ?? toBlock]);
    // Only once every event of the range is in the retry set does the read position move past it.
    for (const [target, at] of found) {
      this.#add(target, at);
      if (target.kind === "wallet" && target.wallet !== zeroAddress) this.#keepForGood(target.wallet);
    }
    this.#next = toBlock + 1n;
    return toBlock === head;
  }

  /** The home contract registry's `CodeVetted` events in the range; a vetting is kept fresh, a withdrawal forgotten. */
  async #vettings(fromBlock: bigint, toBlock: bigint): Promise<{ codeHash: Hex; blockNumber: bigint | null }[]> {
    const contracts = this.parameters.contracts;
    if (!contracts) return [];
    const logs = await this.parameters.home.publicClient.getLogs({ address: contracts, fromBlock, toBlock });
    const vettings = parseEventLogs({ abi: contractRegistryAbi, eventName: "CodeVetted", logs });
    for (const e of vettings) {
      if (e.args.vetted) this.#codes.keep(e.args.codeHash);
      else this.#codes.forget(e.args.codeHash);
    }
    return vettings.map((e) => ({ codeHash: e.args.codeHash, blockNumber: e.blockNumber }));
  }

  /**
   * Learns, sending nothing, what a keeper started at `fromBlock` must keep vouched for from the history before
   * it: every wallet the home registry named since `historyFromBlock`, and the code hashes vetted (and not
   * withdrawn) then. Call it once before the first round of a restarted keeper, or kept wallets named before its
   * cursor would lapse on the L2.
   */
  async seedFromHistory(): Promise<{ wallets: number; codes: number }> {
    const { home, credentials } = this.parameters;
    const range = this.parameters.blockRange ?? 5_000n;
    for (let from = this.parameters.historyFromBlock ?? 0n; from < this.#next; from += range) {
      const to = from + range - 1n < this.#next - 1n ? from + range - 1n : this.#next - 1n;
      const logs = await home.publicClient.getLogs({ address: credentials, fromBlock: from, toBlock: to });
      for (const e of parseEventLogs({ abi: credentialRegistryAbi, logs })) {
        const named = walletNamedBy(e);
        if (!named || getAddress(named) === zeroAddress) continue;
        this.#keepForGood(getAddress(named));
      }
      await this.#vettings(from, to);
    }
    return { wallets: this.#wallets.keys().length, codes: this.#codes.keys().length };
  }

  /**
   * Puts in the retry set what is due again: kept wallets (every wallet a home event named, `keepWallets`, and
   * contracts registered on the L2 while they hold the token) and vetted code hashes, at most
   * `maxResyncsPerRound`, the longest-waiting first.
   */
  async #scheduleResyncs(homeNow: bigint): Promise<void> {
    const remote = this.parameters.remote;
    const walletsAfter = BigInt(this.parameters.resyncWalletsAfter ?? DEFAULT_RESYNC_AFTER);
    if (remote) {
      const { contracts, next } = await readRegistrations(remote, this.#remoteNext);
      for (const c of contracts) this.#registered.add(c);
      this.#remoteNext = next;
      // Holdings are read when something new registered, else twice per re-sync interval, not every round: a
      // first deposit needs the contract vouched for already (by the depositor), so it stays fresh until then.
      if (contracts.length > 0 || this.#holdingsReadAt < 0n || homeNow - this.#holdingsReadAt >= walletsAfter / 2n) {
        this.#holdingsReadAt = homeNow;
        const holding = new Set(await holdingContracts(remote, [...this.#registered]));
        for (const c of this.#registered) {
          if (holding.has(c)) this.#wallets.keep(c);
          else if (!this.#keptForGood.has(c)) this.#wallets.forget(c);
        }
      }
    }
    let budget = this.parameters.maxResyncsPerRound ?? DEFAULT_MAX_RESYNCS_PER_ROUND;
    const codes = this.#codes.due(homeNow, BigInt(this.parameters.resyncCodeAfter ?? DEFAULT_RESYNC_AFTER), budget);
    for (const codeHash of codes) this.#add({ kind: "code", codeHash }, this.#next);
    budget -= codes.length;
    for (const w of this.#wallets.due(homeNow, walletsAfter, budget)) {
      this.#add({ kind: "wallet", wallet: w }, this.#next);
    }
  }

  /** Keeps `wallet` vouched for whatever it holds on the L2. */
  #keepForGood(wallet: Address): void {
    this.#keptForGood.add(wallet);
    this.#wallets.keep(wallet);
  }

  #add(target: KeeperTarget, since: bigint): void {
    if (target.kind === "wallet" && target.wallet === zeroAddress) return; // no word to send (the sender refuses it)
    const key = target.kind === "qualifier" ? `q:${target.id}` : target.kind === "code" ? `c:${target.codeHash}` : `w:${target.wallet}`;
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
        : target.kind === "code"
          ? await signer.writeContract({ address: sender, abi: credentialMirrorSenderAbi, functionName: "syncCode", args: [target.codeHash], value })
          : await signer.writeContract({ address: sender, abi: credentialMirrorSenderAbi, functionName: "sync", args: [target.wallet], value });
    await waitForSuccess(home, { hash, what: describeTarget(target) });
    return hash;
  }
}

const wallet = (address: Address): KeeperTarget => ({ kind: "wallet", wallet: getAddress(address) });

/** The wallet a credential registry event is about: a holder issued, renewed or revoked, a sanctions flag, a block. */
function walletNamedBy(e: { eventName: string; args: unknown }): Address | undefined {
  const args = e.args as Record<string, unknown>;
  switch (e.eventName) {
    case "CredentialIssued":
    case "CredentialRevoked":
      return args.holder as Address;
    case "CredentialRenewed":
      return getAddress(`0x${((args.tokenId as bigint) >> 96n).toString(16).padStart(40, "0")}`);
    case "SanctionsUpdated":
    case "BlockedUpdated":
      return args.account as Address;
  }
  return undefined;
}

const rank = (t: KeeperTarget) => (t.kind === "qualifier" ? 0 : 1);

/** `sync qualifier 1`, `sync code 0x…`, `sync 0x…`: what a failed transaction was for. */
export function describeTarget(t: KeeperTarget): string {
  return t.kind === "qualifier" ? `sync qualifier ${t.id}` : t.kind === "code" ? `sync code ${t.codeHash}` : `sync ${t.wallet}`;
}

function reason(error: unknown): string {
  const e = error as { shortMessage?: string; message?: string };
  return (e.shortMessage ?? e.message ?? String(error)).split("\n")[0];
}
