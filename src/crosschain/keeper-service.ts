import { setTimeout as sleep } from "node:timers/promises";
import type { Address } from "viem";
import type { Connection, Signer } from "../sdk/clients.js";
import { readKeeperCursor, writeKeeperCursor } from "./keeper-cursor.js";
import { MirrorKeeper, describeTarget, type KeeperRemote, type KeeperRound, type KeeperTarget } from "./mirror-keeper.js";

export interface RunKeeperParameters {
  home: Connection;
  credentials: Address;
  sender: Address;
  signer: Signer;
  /** The cursor file: read at start, written after each round. */
  stateFile: string;
  /** First home block when no cursor was saved (default: the chain head). */
  fromBlock?: bigint;
  /** Seconds between rounds (default 5). */
  intervalSeconds?: number;
  /**
   * Longest wait, in seconds (default 300): between rounds while home cannot be read (doubling with each
   * failed read), and between retries of one sync that keeps failing (the others go on meanwhile).
   */
  maxBackoffSeconds?: number;
  /** Stop after one round. */
  once?: boolean;
  /** The home contract registry (its vetted code hashes are mirrored and kept fresh). */
  contracts?: Address;
  /** The L2's contract registry and token: registered contracts that hold the token are kept vouched for. */
  remote?: KeeperRemote;
  /** Wallets kept vouched for besides those home events name (routers and other spenders on the L2). */
  keepWallets?: Address[];
  /** Aborted on SIGINT/SIGTERM: the round under way finishes, its cursor is saved, then the keeper stops. */
  signal?: AbortSignal;
  log: (line: string) => void;
}

export interface RunKeeperReturnType {
  rounds: number;
  /** The saved cursor at the stop. */
  nextBlock: bigint;
  /** Targets still waiting for a successful sync at the stop. */
  pending: KeeperTarget[];
}

/**
 * Runs the mirror keeper until stopped: one round every interval, the cursor saved after each round (and only
 * up to what was carried), failures retried with exponential backoff, a progress line per round.
 */
export async function runKeeper(p: RunKeeperParameters): Promise<RunKeeperReturnType> {
  const identity = { chainId: p.home.chain.id, credentials: p.credentials, sender: p.sender };
  const saved = readKeeperCursor(p.stateFile, identity);
  const fromBlock = saved ?? p.fromBlock ?? (await p.home.publicClient.getBlockNumber({ cacheTime: 0 }));
  p.log(
    saved === undefined
      ? `keeper: no saved cursor in ${p.stateFile}: starting at home block ${fromBlock}`
      : `keeper: resuming at home block ${fromBlock} (from ${p.stateFile})`,
  );
  const interval = (p.intervalSeconds ?? 5) * 1000;
  const maxBackoff = (p.maxBackoffSeconds ?? 300) * 1000;
  const keeper = new MirrorKeeper({
    home: p.home,
    credentials: p.credentials,
    sender: p.sender,
    signer: p.signer,
    fromBlock,
    retryBaseMs: interval,
    retryMaxMs: maxBackoff,
    contracts: p.contracts,
    remote: p.remote,
    keepWallets: p.keepWallets,
  });
  // What earlier runs named must stay vouched for too: the mirror refuses a wallet no update renewed.
  const seeded = await keeper.seedFromHistory();
  p.log(`keeper: keeping ${seeded.wallets} wallet(s) and ${seeded.codes} vetted code hash(es) from the history before block ${fromBlock}`);
  let rounds = 0;
  let failures = 0;
  let nextBlock = fromBlock;
  let caughtUp = true;
  while (!p.signal?.aborted) {
    rounds++;
    caughtUp = true;
    try {
      const round = await keeper.poll();
      writeKeeperCursor(p.stateFile, { ...identity, nextBlock: `${round.cursor}` });
      nextBlock = round.cursor;
      p.log(describe(rounds, round));
      failures = 0;
      caughtUp = round.caughtUp;
    } catch (error) {
      failures++;
      p.log(`round ${rounds}: could not read home (${reason(error)}); cursor stays at ${nextBlock}`);
    }
    if (p.once) break;
    if (!caughtUp) continue; // catching up: read the next range at once
    const wait = failures === 0 ? interval : Math.min(interval * 2 ** failures, maxBackoff);
    if (failures > 0) p.log(`retrying in ${Math.round(wait / 1000)} s`);
    await sleep(wait, undefined, { signal: p.signal }).catch(() => undefined);
  }
  p.log(
    `keeper stopped: cursor ${nextBlock} saved in ${p.stateFile}${keeper.pending.length ? `; ${keeper.pending.length} change(s) to carry on restart` : ""}`,
  );
  return { rounds, nextBlock, pending: keeper.pending };
}

function describe(n: number, round: KeeperRound): string {
  const parts = [`round ${n}: synced ${round.qualifiers.length} qualifier(s), ${round.wallets.length} wallet(s), ${round.codes.length} code hash(es)`];
  if (round.qualifiers.length) parts.push(`qualifiers ${round.qualifiers.join(", ")}`);
  if (round.wallets.length) parts.push(`wallets ${round.wallets.join(", ")}`);
  for (const f of round.failed) parts.push(`FAILED ${describeTarget(f.target)}: ${f.error}`);
  if (round.waiting) parts.push(`${round.waiting} waiting to retry`);
  parts.push(`cursor ${round.cursor}`);
  return parts.join("; ");
}

function reason(error: unknown): string {
  const e = error as { shortMessage?: string; message?: string };
  return (e.shortMessage ?? e.message ?? String(error)).split("\n")[0];
}
