import { editDistance } from "./edit-distance.js";
import { foldSpelling, soundKey } from "./phonetic.js";

/** One word of a name with its sound key and its weight (rare words weigh more). */
export interface Word {
  text: string;
  /** The spelling with romanisation differences folded away. */
  folded: string;
  key: string;
  weight: number;
  /** This word joined with the next one, and its sound key (absent on the last word). */
  joined?: string;
  joinedKey?: string;
}

/** Words with their weights and the joins of adjacent words, keys computed once. */
export function toWords(texts: string[], weigh: (word: string) => number): Word[] {
  return texts.map((text, i) => {
    const word: Word = { text, folded: foldSpelling(text), key: soundKey(text), weight: weigh(text) };
    if (i + 1 < texts.length) {
      word.joined = text + texts[i + 1];
      word.joinedKey = soundKey(word.joined);
    }
    return word;
  });
}

/** How a subject's name lines up with one listed name. */
export interface Alignment {
  /** Share of the listed name's weight that the subject's words cover, scaled by how alike the paired words are. */
  coverage: number;
  /** Share of the subject's weight left unpaired (padding words, other names). */
  extra: number;
  /** Every listed word paired with an identical subject word and no subject word left over. */
  exact: boolean;
  /** Some words paired only by spelling differences, sound or joining. */
  fuzzy: boolean;
  /** Per listed word, the similarity of the subject word paired with it (0 when unpaired). */
  listedSimilarity: number[];
}

/** Edits tolerated between two words, by the longer one's length: none up to 3 letters, one up to 6, two beyond. */
export const allowedEdits = (length: number): number => (length <= 3 ? 0 : length <= 6 ? 1 : 2);

/**
 * Similarity of two words in [0, 1]: 1 identical, SAME_ROMANISATION when their folded spellings are equal,
 * 1 - EDIT_COST x edits / length for tolerated edits between the spellings. Sounding alike is not enough
 * ("hassan" and "husayn" are two names): sound keys only find candidates.
 */
export function wordSimilarity(a: string, b: string, aFolded = a, bFolded = b): number {
  if (a === b) return 1;
  if (aFolded === bFolded) return SAME_ROMANISATION;
  // Edits count on the spelling as written: folding first brings unrelated names closer ("zhang", "wang").
  const longer = Math.max(a.length, b.length);
  const limit = allowedEdits(longer);
  if (limit === 0) return 0;
  const d = editDistance(a, b, limit);
  return d <= limit ? 1 - (EDIT_COST * d) / longer : 0;
}

/** Share of a word's length one edit costs: one edit in four letters ("wang", "zhang" folded "jang") is 0.85. */
export const EDIT_COST = 0.6;

/** Similarity of two spellings of one romanised name ("alkhassan", "alhassan"). */
export const SAME_ROMANISATION = 0.95;

interface Pairing {
  q0: number;
  q1: number;
  l0: number;
  l1: number;
  sim: number;
}

const MIN_WORD_SIMILARITY = 0.8;

/**
 * Pairs the subject's words with a listed name's words, one to one, best pairs first. A word may also pair
 * with two adjacent words of the other name joined ("jongun" with "jong un", "al tikriti" with "altikriti").
 * Word order does not matter.
 */
export function align(query: Word[], listed: Word[]): Alignment {
  const pairs: Pairing[] = [];
  const consider = (q0: number, q1: number, l0: number, l1: number, a: string, b: string, af = a, bf = b) => {
    const sim = wordSimilarity(a, b, af, bf);
    if (sim >= MIN_WORD_SIMILARITY) pairs.push({ q0, q1, l0, l1, sim });
  };
  for (let i = 0; i < query.length; i++) {
    const q = query[i];
    for (let j = 0; j < listed.length; j++) {
      const l = listed[j];
      consider(i, i, j, j, q.text, l.text, q.folded, l.folded);
      // Joined words are compared as written: folding and joining together reach too far.
      if (l.joined !== undefined && q.text.length >= 4 && Math.abs(l.joined.length - q.text.length) <= 2) consider(i, i, j, j + 1, q.text, l.joined);
      if (q.joined !== undefined && l.text.length >= 4 && Math.abs(q.joined.length - l.text.length) <= 2) consider(i, i + 1, j, j, q.joined, l.text);
    }
  }
  // Best similarity first; on a tie the pairing that covers more words.
  pairs.sort((x, y) => y.sim - x.sim || y.q1 - y.q0 + y.l1 - y.l0 - (x.q1 - x.q0 + x.l1 - x.l0));
  const qUsed = new Array<boolean>(query.length).fill(false);
  const lSim = new Array<number>(listed.length).fill(0);
  let fuzzy = false;
  for (const p of pairs) {
    if (qUsed[p.q0] || qUsed[p.q1] || lSim[p.l0] > 0 || lSim[p.l1] > 0) continue;
    qUsed[p.q0] = qUsed[p.q1] = true;
    lSim[p.l0] = lSim[p.l1] = p.sim;
    if (p.sim < 1 || p.q0 !== p.q1 || p.l0 !== p.l1) fuzzy = true;
  }
  let covered = 0;
  let listedWeight = 0;
  for (let j = 0; j < listed.length; j++) {
    covered += listed[j].weight * lSim[j];
    listedWeight += listed[j].weight;
  }
  let unpaired = 0;
  let queryWeight = 0;
  for (let i = 0; i < query.length; i++) {
    if (!qUsed[i]) unpaired += query[i].weight;
    queryWeight += query[i].weight;
  }
  const coverage = listedWeight > 0 ? covered / listedWeight : 0;
  const extra = queryWeight > 0 ? unpaired / queryWeight : 0;
  return { coverage, extra, exact: coverage === 1 && extra === 0 && !fuzzy, fuzzy, listedSimilarity: lSim };
}

/** Penalty per share of unpaired subject weight: padding words cost little against a full listed name... */
export const EXTRA_WORDS_PENALTY = 0.1;
/** ...and much against a weak listed name (one word, a vessel's name), which alone does not identify a party. */
export const EXTRA_WORDS_PENALTY_WEAK = 0.4;

/** The name score in [0, 1]: coverage of the listed name, less a penalty for the subject's unpaired words. */
export function nameScore(alignment: Alignment, weakListedName: boolean): number {
  const penalty = weakListedName ? EXTRA_WORDS_PENALTY_WEAK : EXTRA_WORDS_PENALTY;
  return Math.max(0, alignment.coverage - penalty * alignment.extra);
}
