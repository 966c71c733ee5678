import { getAddress, parseEventLogs, type Address, type Hash } from "viem";
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
  /** First home block to read (default 0). */
  fromBlock?: bigint;
}

export interface KeeperRound {
  wallets: Address[];
  qualifiers: number[];
  transactions: Hash[];
}

/**
 * Pushes home changes to the mirror as soon as they appear: it reads the home credential registry's events
 * since its last round (issue, renew, revoke, sanctions flags, guardians' blocks, suspensions and
 * reinstatements) and calls the permissionless `sync` / `syncQualifier` once per changed wallet or qualifier.
 * What is sent is read from home state by the sender contract, so the keeper decides only when, never what.
 */
export class MirrorKeeper {
  #next: bigint;

  constructor(readonly parameters: MirrorKeeperParameters) {
    this.#next = parameters.fromBlock ?? 0n;
  }

  /** One round: read new events, sync what changed. */
  async poll(): Promise<KeeperRound> {
    const { home, credentials, sender, signer } = this.parameters;
    const head = await home.publicClient.getBlockNumber({ cacheTime: 0 });
    if (head < this.#next) return { wallets: [], qualifiers: [], transactions: [] };
    const logs = await home.publicClient.getLogs({ address: credentials, fromBlock: this.#next, toBlock: head });
    this.#next = head + 1n;
    const wallets = new Set<Address>();
    const qualifiers = new Set<number>();
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
    const fee = await home.publicClient.readContract({ address: sender, abi: credentialMirrorSenderAbi, functionName: "quoteSync" });
    const transactions: Hash[] = [];
    // Standing first: a wallet update is read with the standing it was sent under.
    for (const id of qualifiers) {
      const hash = await signer.writeContract({ address: sender, abi: credentialMirrorSenderAbi, functionName: "syncQualifier", args: [id], value: fee });
      await waitForSuccess(home, { hash: hash, what: `sync qualifier ${id}` });
      transactions.push(hash);
    }
    for (const wallet of wallets) {
      const hash = await signer.writeContract({ address: sender, abi: credentialMirrorSenderAbi, functionName: "sync", args: [wallet], value: fee });
      await waitForSuccess(home, { hash: hash, what: `sync ${wallet}` });
      transactions.push(hash);
    }
    return { wallets: [...wallets], qualifiers: [...qualifiers], transactions };
  }
}
