import { getAddress, parseEventLogs, type Address, type Hash, type Hex } from "viem";
import { contractRegistryAbi, credentialMirrorSenderAbi, credentialRegistryAbi, mirroredContractRegistryAbi } from "../sdk/abi/contracts.js";
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
  /** First home block to read (default 0). */
  fromBlock?: bigint;
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
  /** The L2's contract registry, whose registered contracts are kept vouched for too (they hold no credential). */
  remote?: { connection: Connection; contractRegistry: Address; fromBlock?: bigint };
  /**
   * Home seconds after which a kept wallet is synced again, so its mirrored word never lapses; keep it below the
   * mirror's `maxStaleness` (default 43,200: half of a day).
   */
  resyncWalletsAfter?: number;
}

export interface KeeperRound {
  wallets: Address[];
  qualifiers: number[];
  /** Code hashes synced: vetted or withdrawn since the last round, or due for a re-sync. */
  codes: Hex[];
  transactions: Hash[];
}

/** Half of the demo's one-day staleness bound. */
export const DEFAULT_RESYNC_CODE_AFTER = 43_200;

/**
 * Pushes home changes to the mirror as soon as they appear: it reads the home credential registry's events
 * since its last round (issue, renew, revoke, sanctions flags, guardians' blocks, suspensions and
 * reinstatements) and the home contract registry's `CodeVetted`, and calls the permissionless `sync` /
 * `syncQualifier` / `syncCode` once per changed wallet, qualifier or code hash. Vetted code hashes it knows
 * of are synced again every `resyncCodeAfter` seconds, so their mirrored vetting does not lapse. Every wallet it
 * synced, every contract registered on the L2 (`remote`) and every wallet in `keepWallets` is synced again every
 * `resyncWalletsAfter` seconds: the mirror refuses a wallet no update vouched for within its bound, so without
 * this a holder's credential, a registered contract or a router would lapse on the L2 while home still holds it.
 * What is sent is read from home state by the sender contract, so the keeper decides only when, never what.
 */
export class MirrorKeeper {
  #next: bigint;
  /** Vetted code hashes and the home time each was last synced (0n: not yet). */
  readonly #vetted = new Map<Hex, bigint>();
  /** Wallets kept vouched for on the mirror and the home time each was last synced (0n: not yet). */
  readonly #kept = new Map<Address, bigint>();
  #remoteNext: bigint;

  constructor(readonly parameters: MirrorKeeperParameters) {
    this.#next = parameters.fromBlock ?? 0n;
    this.#remoteNext = parameters.remote?.fromBlock ?? 0n;
    for (const codeHash of parameters.codeHashes ?? []) this.#vetted.set(codeHash, 0n);
    for (const wallet of parameters.keepWallets ?? []) this.#kept.set(getAddress(wallet), 0n);
  }

  /** The wallets this keeper keeps vouched for on the mirror. */
  get keptWallets(): Address[] {
    return [...this.#kept.keys()];
  }

  /** Contracts registered on the L2 since the last round join the kept wallets. */
  async #readRemoteRegistrations(): Promise<void> {
    const remote = this.parameters.remote;
    if (!remote) return;
    const head = await remote.connection.publicClient.getBlockNumber({ cacheTime: 0 });
    if (head < this.#remoteNext) return;
    const logs = await remote.connection.publicClient.getLogs({ address: remote.contractRegistry, fromBlock: this.#remoteNext, toBlock: head });
    for (const e of parseEventLogs({ abi: mirroredContractRegistryAbi, eventName: "ContractRegistered", logs })) {
      const target = getAddress(e.args.target);
      if (!this.#kept.has(target)) this.#kept.set(target, 0n);
    }
    this.#remoteNext = head + 1n;
  }

  /** One round: read new events, sync what changed, and re-sync vetted code hashes before they lapse. */
  async poll(): Promise<KeeperRound> {
    const { home, credentials, contracts, sender, signer } = this.parameters;
    const head = await home.publicClient.getBlock({ blockTag: "latest" });
    const wallets = new Set<Address>();
    const qualifiers = new Set<number>();
    const codes = new Set<Hex>();
    if (head.number >= this.#next) {
      const range = { fromBlock: this.#next, toBlock: head.number };
      const logs = await home.publicClient.getLogs({ address: credentials, ...range });
      for (const e of parseEventLogs({ abi: credentialRegistryAbi, logs })) {
        const args = e.args as Record<string, unknown>;
        switch (e.eventName) {
          case "CredentialIssued":
          case "CredentialRevoked":
            wallets.add(getAddress(args.holder as Address));
            break;
          case "CredentialRenewed":
            wallets.add(getAddress(`0x${((args.tokenId as bigint) >> 96n).toString(16).padStart(40, "0")}`));
            break;
          case "SanctionsUpdated":
          case "BlockedUpdated":
            wallets.add(getAddress(args.account as Address));
            break;
          case "QualifierSuspended":
          case "QualifierReinstated":
            qualifiers.add(Number(args.id));
            break;
        }
      }
      if (contracts) {
        const vettings = parseEventLogs({
          abi: contractRegistryAbi,
          eventName: "CodeVetted",
          logs: await home.publicClient.getLogs({ address: contracts, ...range }),
        });
        for (const e of vettings) {
          codes.add(e.args.codeHash);
          if (e.args.vetted) this.#vetted.set(e.args.codeHash, 0n);
          else this.#vetted.delete(e.args.codeHash);
        }
      }
      this.#next = head.number + 1n;
    }
    await this.#readRemoteRegistrations();
    for (const wallet of wallets) this.#kept.set(wallet, 0n);
    const resyncWalletsAfter = BigInt(this.parameters.resyncWalletsAfter ?? DEFAULT_RESYNC_CODE_AFTER);
    for (const [wallet, syncedAt] of this.#kept) {
      if (syncedAt === 0n || head.timestamp - syncedAt >= resyncWalletsAfter) wallets.add(wallet);
    }
    const resyncAfter = BigInt(this.parameters.resyncCodeAfter ?? DEFAULT_RESYNC_CODE_AFTER);
    for (const [codeHash, syncedAt] of this.#vetted) {
      if (syncedAt === 0n || head.timestamp - syncedAt >= resyncAfter) codes.add(codeHash);
    }
    if (wallets.size + qualifiers.size + codes.size === 0) return { wallets: [], qualifiers: [], codes: [], transactions: [] };

    const fee = await home.publicClient.readContract({ address: sender, abi: credentialMirrorSenderAbi, functionName: "quoteSync" });
    const transactions: Hash[] = [];
    const send = async (functionName: "sync" | "syncQualifier" | "syncCode", arg: Address | number | Hex, what: string) => {
      const hash = await signer.writeContract({ address: sender, abi: credentialMirrorSenderAbi, functionName, args: [arg] as never, value: fee });
      await waitForSuccess(home, { hash, what });
      transactions.push(hash);
    };
    // Standing first: a wallet update is read with the standing it was sent under.
    for (const id of qualifiers) await send("syncQualifier", id, `sync qualifier ${id}`);
    for (const wallet of wallets) {
      await send("sync", wallet, `sync ${wallet}`);
      this.#kept.set(wallet, head.timestamp);
    }
    for (const codeHash of codes) {
      await send("syncCode", codeHash, `sync code ${codeHash}`);
      if (this.#vetted.has(codeHash)) this.#vetted.set(codeHash, head.timestamp);
    }
    return { wallets: [...wallets], qualifiers: [...qualifiers], codes: [...codes], transactions };
  }
}
