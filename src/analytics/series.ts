import { dayOf } from "./balances.js";
import { sideCategory, type Labels } from "./flows.js";
import { zeroAddress } from "viem";
import type { Category, Movement } from "./types.js";

/**
 * The supply at the end of each day with a movement (mints add, burns take away). Bridge legs are neither: across
 * chains, tokens in flight or in escrow are still part of the asset's supply.
 */
export function supplyOverTime(movements: Movement[]): { day: string; supply: bigint }[] {
  const out: { day: string; supply: bigint }[] = [];
  let supply = 0n;
  for (const m of movements) {
    if (m.from === zeroAddress && !m.bridge) supply += m.amount;
    if (m.to === zeroAddress && !m.bridge) supply -= m.amount;
    const day = dayOf(m.timestamp);
    if (out.length > 0 && out[out.length - 1].day === day) out[out.length - 1].supply = supply;
    else out.push({ day, supply });
  }
  return out;
}

export type Period = "day" | "week" | "month";

/** The first day of the period `timestamp` falls in (weeks start on Monday, as ISO weeks do). */
export function periodOf(timestamp: number, period: Period): string {
  const day = dayOf(timestamp);
  if (period === "day") return day;
  if (period === "month") return `${day.slice(0, 7)}-01`;
  const date = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return dayOf(date.getTime() / 1000 - sinceMonday * 86_400);
}

/**
 * Net flow per counterparty category in each period with a movement: what moved into the category's wallets
 * from other categories minus what moved out to them (movements within one category are not flows). The nets of
 * a period sum to zero; only categories with a flow in the period appear.
 */
export function netFlowsOverTime(movements: Movement[], labels: Labels, period: Period): { period: string; net: Partial<Record<Category, bigint>> }[] {
  const out: { period: string; net: Partial<Record<Category, bigint>> }[] = [];
  for (const m of movements) {
    const source = sideCategory(m, "from", labels);
    const target = sideCategory(m, "to", labels);
    const p = periodOf(m.timestamp, period);
    if (out.length === 0 || out[out.length - 1].period !== p) out.push({ period: p, net: {} });
    if (source === target) continue;
    const net = out[out.length - 1].net;
    net[source] = (net[source] ?? 0n) - m.amount;
    net[target] = (net[target] ?? 0n) + m.amount;
  }
  return out;
}
