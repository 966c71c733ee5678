/**
 * The previous name scorer (every name against every entry, Jaro-Winkler over sorted words). Screening uses
 * the engine (engine.ts); this stays so the screening benchmark can set its figures beside the engine's.
 */
import type { SanctionsEntry } from "./ofac.js";

/** Legal-form words that say nothing about who a party is. */
const LEGAL_FORMS = new Set([
  "ltd",
  "llc",
  "inc",
  "gmbh",
  "ag",
  "sa",
  "ou",
  "oy",
  "bv",
  "nv",
  "plc",
  "co",
  "corp",
  "company",
  "limited",
  "sarl",
  "srl",
  "spa",
  "the",
  "of",
]);

/** Lower case, accents removed, punctuation to spaces, legal forms dropped, words sorted: order no longer matters. */
export function normalizeName(name: string): string[] {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .split(" ")
    .filter((w) => w.length > 0 && !LEGAL_FORMS.has(w))
    .sort();
}

/** Jaro-Winkler similarity of two strings, in [0, 1]. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j < Math.min(b.length, i + window + 1); j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[j]) j++;
    if (a[i] !== b[j]) transpositions++;
    j++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * How alike two names are, in [0, 1]: every word of the shorter name is paired with its closest word in the
 * other (Jaro-Winkler), weighted by length, and scaled down when the longer name has words left unpaired.
 */
export function nameSimilarity(a: string, b: string): number {
  const x = normalizeName(a);
  const y = normalizeName(b);
  if (x.length === 0 || y.length === 0) return 0;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  let weighted = 0;
  let weight = 0;
  for (const w of short) {
    const best = Math.max(...long.map((v) => jaroWinkler(w, v)));
    weighted += best * w.length;
    weight += w.length;
  }
  const coverage = short.length / long.length;
  return (weighted / weight) * (0.8 + 0.2 * coverage);
}

export interface NameMatch {
  entry: SanctionsEntry;
  matchedName: string;
  score: number;
}

/** The list entries whose name or alias is at least `threshold` alike to `name`, best first. */
export function screenName(name: string, entries: SanctionsEntry[], threshold = 0.9): NameMatch[] {
  const matches: NameMatch[] = [];
  for (const entry of entries) {
    let best: NameMatch | undefined;
    for (const candidate of [entry.name, ...entry.aliases]) {
      const score = nameSimilarity(name, candidate);
      if (score >= threshold && (!best || score > best.score)) best = { entry, matchedName: candidate, score };
    }
    if (best) matches.push(best);
  }
  return matches.sort((p, q) => q.score - p.score);
}
