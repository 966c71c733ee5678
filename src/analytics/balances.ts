import type { Address } from "viem";
import { zeroAddress } from "viem";
import type { Movement } from "./types.js";

/** Balances after replaying `movements` (in chain order) up to and including `until` (unix seconds). */
export function balancesAt(movements: Movement[], until = Number.POSITIVE_INFINITY): Map<Address, bigint> {
  const balances = new Map<Address, bigint>();
  for (const m of movements) {
    if (m.timestamp > until) break;
    if (m.from !== zeroAddress) balances.set(m.from, (balances.get(m.from) ?? 0n) - m.amount);
    if (m.to !== zeroAddress) balances.set(m.to, (balances.get(m.to) ?? 0n) + m.amount);
  }
  return balances;
}

/** The UTC day (YYYY-MM-DD) of a unix timestamp. */
export const dayOf = (timestamp: number) => new Date(timestamp * 1000).toISOString().slice(0, 10);

/** Holder count at the end of each day that saw a movement. */
export function holdersOverTime(movements: Movement[]): { day: string; holders: number }[] {
  const balances = new Map<Address, bigint>();
  const out: { day: string; holders: number }[] = [];
  let holders = 0;
  const add = (a: Address, delta: bigint) => {
    if (a === zeroAddress) return;
    const before = balances.get(a) ?? 0n;
    const after = before + delta;
    balances.set(a, after);
    if (before === 0n && after > 0n) holders++;
    if (before > 0n && after === 0n) holders--;
  };
  for (const m of movements) {
    add(m.from, -m.amount);
    add(m.to, m.amount);
    const day = dayOf(m.timestamp);
    if (out.length > 0 && out[out.length - 1].day === day) out[out.length - 1].holders = holders;
    else out.push({ day, holders });
  }
  return out;
}

/** Distinct wallets that sent or received (mints and burns count their holder side) per day. */
export function activeWalletsPerDay(movements: Movement[]): { day: string; active: number }[] {
  const days = new Map<string, Set<Address>>();
  for (const m of movements) {
    const set = days.get(dayOf(m.timestamp)) ?? new Set<Address>();
    if (m.from !== zeroAddress) set.add(m.from);
    if (m.to !== zeroAddress) set.add(m.to);
    days.set(dayOf(m.timestamp), set);
  }
  return [...days.entries()].map(([day, set]) => ({ day, active: set.size }));
}
