import { getAddress, type Address } from "viem";
import { credentialIdParts } from "../sdk/credentials.js";
import type { IndexedEvent } from "./events.js";

const ZERO = "0x0000000000000000000000000000000000000000";

export interface HeldCredential {
  qualifierId: number;
  /** Unix seconds. */
  expiresAt: number;
}

/**
 * What the indexed events say about the system at a point of the chain: sanctioned wallets, token balances, live
 * credentials, suspended qualifiers, registered and blocked contracts, qualifier names. Built by applying events in
 * chain order; the alert rules read it after each event, and analytics reads it after the last.
 */
export class ChainState {
  readonly sanctioned = new Set<Address>();
  /** token -> holder -> balance (base units). */
  readonly balances = new Map<Address, Map<Address, bigint>>();
  /** holder -> credential id -> credential; revoked credentials are removed, expired ones stay. */
  readonly credentials = new Map<Address, Map<string, HeldCredential>>();
  readonly suspended = new Set<number>();
  /** Every contract ever registered in the contract registry (contracts hold no credentials). */
  readonly everRegistered = new Set<Address>();
  /** Contracts registered now (deregistered ones removed). */
  readonly registered = new Set<Address>();
  readonly blocked = new Set<Address>();
  /** Qualifier id -> the name it was admitted under. */
  readonly qualifierNames = new Map<number, string>();

  /** Updates the state with one event (events must come in chain order). */
  apply(e: IndexedEvent): void {
    const args = e.args;
    const address = (key: string) => getAddress(String(args[key]));
    switch (e.name) {
      case "Transfer": {
        if (e.kind !== "token") break;
        const from = address("from");
        const to = address("to");
        const amount = BigInt(String(args.value));
        const perHolder = this.balances.get(e.address) ?? new Map<Address, bigint>();
        this.balances.set(e.address, perHolder);
        if (from !== ZERO) perHolder.set(from, (perHolder.get(from) ?? 0n) - amount);
        if (to !== ZERO) perHolder.set(to, (perHolder.get(to) ?? 0n) + amount);
        break;
      }
      case "SanctionsUpdated":
        if (args.sanctioned) this.sanctioned.add(address("account"));
        else this.sanctioned.delete(address("account"));
        break;
      case "ContractRegistered":
        this.everRegistered.add(address("target"));
        this.registered.add(address("target"));
        break;
      case "ContractDeregistered":
        this.registered.delete(address("target"));
        break;
      case "ContractBlocked":
        this.blocked.add(address("target"));
        break;
      case "ContractUnblocked":
        this.blocked.delete(address("target"));
        break;
      case "QualifierAdmitted":
        this.qualifierNames.set(Number(args.id), String(args.name));
        break;
      case "CredentialIssued": {
        const holder = address("holder");
        const held = this.credentials.get(holder) ?? new Map<string, HeldCredential>();
        held.set(String(args.tokenId), { qualifierId: Number(args.qualifierId), expiresAt: Number(args.expiresAt) });
        this.credentials.set(holder, held);
        break;
      }
      case "CredentialRenewed": {
        // The credential id carries its holder (the event does not).
        const { holder } = credentialIdParts(BigInt(String(args.tokenId)));
        const c = this.credentials.get(holder)?.get(String(args.tokenId));
        if (c) c.expiresAt = Number(args.expiresAt);
        break;
      }
      case "CredentialRevoked":
        this.credentials.get(address("holder"))?.delete(String(args.tokenId));
        break;
      case "QualifierSuspended":
        this.suspended.add(Number(args.id));
        break;
      case "QualifierReinstated":
        this.suspended.delete(Number(args.id));
        break;
    }
  }

  /** Whether `holder` has a positive balance of any token. */
  holdsAnything(holder: Address): boolean {
    for (const perHolder of this.balances.values()) if ((perHolder.get(holder) ?? 0n) > 0n) return true;
    return false;
  }

  /** Whether `holder` has a credential from an unsuspended qualifier that has not expired at `at` (block time). */
  hasLiveCredential(holder: Address, at: number): boolean {
    for (const c of this.credentials.get(holder)?.values() ?? []) if (!this.suspended.has(c.qualifierId) && c.expiresAt > at) return true;
    return false;
  }

  /** The ids of the qualifiers whose unrevoked credentials `holder` holds (expiry and suspension aside). */
  qualifiersOf(holder: Address): number[] {
    return [...new Set([...(this.credentials.get(holder)?.values() ?? [])].map((c) => c.qualifierId))];
  }
}
