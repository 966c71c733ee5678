import { align, nameScore, toWords, type Word } from "./name-score.js";
import type { SanctionsEntry, SanctionsList } from "./ofac.js";
import { applyFacts, contradictionFloor, type ListedFacts } from "./subject-factors.js";
import { MAX_NAME_CHARS, MAX_NAME_WORDS, nameWords } from "./tokens.js";
import { DEFAULT_NAME_THRESHOLD, type NameHit, type ScreeningSubject } from "./types.js";

/** Joining words of names ("al", "bin", "van"): they count for a quarter of an ordinary word of the same rarity. */
const PARTICLES = new Set([
  "al",
  "el",
  "ul",
  "bin",
  "ibn",
  "bint",
  "ben",
  "abd",
  "de",
  "da",
  "di",
  "do",
  "du",
  "del",
  "della",
  "der",
  "den",
  "dos",
  "das",
  "van",
  "von",
  "la",
  "le",
  "los",
  "las",
]);
const PARTICLE_SHARE = 0.25;
/**
 * Patronymics ("Vladimirovich", "Ivanovna", "Aliyevich", "Mammad oglu"): often left out of the name a person
 * gives, so they count for a part of an ordinary word of the same rarity.
 */
const PATRONYMIC = /^[a-z]{3,}(ovich|evich|ovych|evych|ovna|evna|ivna|ogly|oglu)$/;
const PATRONYMIC_SHARE = 0.4;

/**
 * A candidate is scored only when the listed words its blocking keys reached could cover at least this share
 * of the listed name (and at least the threshold less the margin, which leaves room for words reached by no
 * key, such as two typos in one word): the rest cannot come near the threshold.
 */
const MIN_CANDIDATE_BOUND = 0.5;
const CANDIDATE_MARGIN = 0.25;
/**
 * A subject whose words pair with every word of a listed person's surname (each at least SURNAME_SIMILARITY
 * alike), cover at least this share of the listed name, and whose date of birth is a listed one exactly, is
 * held whatever the name score ("Vladimir Putin" born 1952-10-07).
 */
const SURNAME_BIRTH_COVERAGE = 0.7;
const SURNAME_SIMILARITY = 0.9;
/** Scores are sums of products of weights: a score meant to equal the threshold may fall a hair below it. */
const EPSILON = 1e-9;

/**
 * A listed name that alone does not identify a party among other words: one word ("OMAR", an alias;
 * "SOLANGE"), only particles, or the name of a vessel or an aircraft (given names: "NOLAN", "SABRINA").
 * Extra words of the subject weigh heavily against it.
 */
function isWeak(words: string[], kind: string | undefined): boolean {
  return words.length === 1 || words.every((w) => PARTICLES.has(w)) || kind === "vessel" || kind === "aircraft";
}

interface ListedName {
  entry: number;
  text: string;
  words: Word[];
  /** Not enough to identify a party alone: see `isWeak`. */
  weak: boolean;
  /** How many of the first words are a person's surname ("PUTIN, Vladimir Vladimirovich": 1); 0 when not known. */
  surnameWords: number;
}

/** Listing of a blocking key: which listed unit (a word, or two adjacent words joined) and the share of its name it covers. */
interface Unit {
  name: number;
  share: number;
}

/** Every one-letter deletion of a word (symmetric-deletion blocking: one edit meets one edit). */
function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/**
 * A publication indexed once, screened many times (synchronous; runs inside a worker). Every name and alias
 * is cut into words with weights (rare on the list: heavy); candidates come from blocking keys (the word,
 * its sound key, its folded spelling, its one-letter deletions, two adjacent words joined), and only candidates that could cover
 * enough of a listed name are scored.
 */
export class SanctionsIndex {
  /** Blocking key to its position in `offsets`; its units are postings[offsets[i]] up to postings[offsets[i + 1]]. */
  private readonly keys = new Map<string, number>();
  private readonly offsets: Int32Array;
  private readonly postings: Int32Array;
  private readonly unitName: Int32Array;
  private readonly unitShare: Float64Array;
  private readonly bound: Float64Array;
  private readonly stamp: Int32Array;
  private readonly unitStamp: Int32Array;
  private screenings = 0;

  private constructor(
    private readonly entries: SanctionsEntry[],
    private readonly names: ListedName[],
    private readonly frequency: Map<string, number>,
    private readonly facts: ListedFacts[],
  ) {
    // Built in plain arrays, then packed into typed arrays: a few large objects instead of hundreds of
    // thousands of small ones, which keeps garbage collection in the worker short.
    const units: Unit[] = [];
    const lists = new Map<string, number[]>();
    for (let n = 0; n < names.length; n++) addName(names[n].words, n, units, lists);
    this.unitName = Int32Array.from(units, (u) => u.name);
    this.unitShare = Float64Array.from(units, (u) => u.share);
    this.offsets = new Int32Array(lists.size + 1);
    let total = 0;
    for (const list of lists.values()) total += list.length;
    this.postings = new Int32Array(total);
    let i = 0;
    let at = 0;
    for (const [k, list] of lists) {
      this.keys.set(k, i);
      this.offsets[i] = at;
      this.postings.set(list, at);
      at += list.length;
      i++;
    }
    this.offsets[i] = at;
    this.bound = new Float64Array(names.length);
    this.stamp = new Int32Array(names.length);
    this.unitStamp = new Int32Array(units.length);
  }

  static build(list: SanctionsList): SanctionsIndex {
    const raw: { entry: number; text: string; words: string[] }[] = [];
    const frequency = new Map<string, number>();
    list.entries.forEach((entry, e) => {
      const seen = new Set<string>();
      for (const text of [entry.name, ...entry.aliases]) {
        const words = nameWords(text).words;
        const k = words.join(" ");
        if (words.length === 0 || seen.has(k)) continue;
        seen.add(k);
        raw.push({ entry: e, text, words });
        for (const w of new Set(words)) frequency.set(w, (frequency.get(w) ?? 0) + 1);
      }
    });
    const total = raw.length;
    const weigh = (w: string) => wordWeight(w, frequency.get(w) ?? 0, total);
    const names: ListedName[] = raw.map((r) => ({
      entry: r.entry,
      text: r.text,
      words: toWords(r.words, weigh),
      weak: isWeak(r.words, list.entries[r.entry].kind),
      surnameWords: list.entries[r.entry].kind === "individual" ? surnameLength(r.text, r.words) : 0,
    }));
    const facts = list.entries.map((e) => ({ kind: e.kind, datesOfBirth: e.datesOfBirth ?? [], nationalities: e.nationalities ?? [] }));
    return new SanctionsIndex(list.entries, names, frequency, facts);
  }

  /** How many names and aliases are indexed. */
  get size(): number {
    return this.names.length;
  }

  /** The subject's words with their weights; refuses a name longer than the engine screens whole. */
  private queryWords(name: string): Word[] {
    if (name.length > MAX_NAME_CHARS) throw new RangeError(`a name may have at most ${MAX_NAME_CHARS} characters, not ${name.length}`);
    const texts = nameWords(name).words;
    if (texts.length > MAX_NAME_WORDS) throw new RangeError(`a name may have at most ${MAX_NAME_WORDS} words, not ${texts.length}`);
    const total = this.names.length;
    return toWords(texts, (w) => wordWeight(w, this.frequency.get(w) ?? 0, total));
  }

  /** Names that blocking keys reach, with an upper bound of the share of each name the subject could cover. */
  private candidates(words: Word[], least: number): number[] {
    const stampValue = ++this.screenings;
    const touched: number[] = [];
    const visit = (k: string) => {
      const i = this.keys.get(k);
      if (i === undefined) return;
      for (let p = this.offsets[i]; p < this.offsets[i + 1]; p++) {
        const unit = this.postings[p];
        if (this.unitStamp[unit] === stampValue) continue;
        this.unitStamp[unit] = stampValue;
        const name = this.unitName[unit];
        const share = this.unitShare[unit];
        if (this.stamp[name] !== stampValue) {
          this.stamp[name] = stampValue;
          this.bound[name] = 0;
          touched.push(name);
        }
        this.bound[name] += share;
      }
    };
    words.forEach((w) => {
      visit(`w:${w.text}`);
      visit(`k:${w.key}`);
      visit(`f:${w.folded}`);
      visit(`d:${w.text}`);
      if (w.text.length >= 4) for (const d of deletions(w.text)) visit(`d:${d}`);
      if (w.joined !== undefined) {
        visit(`w:${w.joined}`);
        visit(`k:${w.joinedKey}`);
      }
    });
    return touched.filter((n) => this.bound[n] >= least - EPSILON);
  }

  /**
   * Entries matching `subject` at or above `threshold`, best first, one hit per entry (its best name). Throws
   * a RangeError for a name longer than MAX_NAME_CHARS or MAX_NAME_WORDS: a name is screened whole or not at all.
   */
  screen(subject: ScreeningSubject, threshold = DEFAULT_NAME_THRESHOLD): NameHit[] {
    const words = this.queryWords(subject.name);
    if (words.length === 0) return [];
    const byBirth = subject.dateOfBirth !== undefined && subject.kind !== "entity";
    const least = Math.max(MIN_CANDIDATE_BOUND, threshold - CANDIDATE_MARGIN);
    const best = new Map<number, NameHit>();
    for (const n of this.candidates(words, byBirth ? Math.min(least, SURNAME_BIRTH_COVERAGE) : least)) {
      const listed = this.names[n];
      const alignment = align(words, listed.words);
      const byName = nameScore(alignment, listed.weak);
      const surname = byBirth && surnameCovered(listed, alignment.listedSimilarity) && alignment.coverage >= SURNAME_BIRTH_COVERAGE - EPSILON;
      // Facts move a score by at most +0.1; a name further below the threshold cannot reach it.
      if (byName < threshold - 0.1 - EPSILON && !surname) continue;
      const entry = this.entries[listed.entry];
      const moved = applyFacts(byName, subject, this.facts[listed.entry]);
      const factors = moved.factors;
      let score = Math.max(moved.score, contradictionFloor(byName, threshold));
      if (score > moved.score) factors.push("name match too strong for the declared facts to clear");
      if (surname && factors.includes("date of birth matches") && score < threshold) {
        score = threshold;
        factors.push("surname and date of birth match");
      }
      if (score < threshold - EPSILON) continue;
      const previous = best.get(listed.entry);
      if (previous && previous.score >= score) continue;
      const how = alignment.exact ? "name matches exactly" : alignment.fuzzy ? "name matches with spelling differences" : "name matches";
      best.set(listed.entry, {
        score: Math.round(score * 1e4) / 1e4,
        nameScore: Math.round(byName * 1e4) / 1e4,
        matchedName: listed.text,
        entry: { uid: entry.uid, name: entry.name, type: entry.type, programs: entry.programs },
        factors: [listed.text === entry.name ? how : `${how} (alias)`, ...(alignment.extra > 0 ? ["subject name has further words"] : []), ...factors],
      });
    }
    return [...best.values()].sort((a, b) => b.score - a.score);
  }
}

/** How many of a listed person's first words are the surname, written before a comma ("PUTIN, Vladimir"); 0 when not so written. */
function surnameLength(text: string, words: string[]): number {
  const comma = text.indexOf(",");
  if (comma < 0) return 0;
  const surname = nameWords(text.slice(0, comma)).words;
  return surname.length > 0 && surname.length < words.length && surname.every((w, i) => words[i] === w) ? surname.length : 0;
}

/** Whether every word of a listed person's surname is paired with a subject word that is alike enough. */
function surnameCovered(listed: ListedName, similarity: number[]): boolean {
  if (listed.surnameWords === 0) return false;
  for (let j = 0; j < listed.surnameWords; j++) if (similarity[j] < SURNAME_SIMILARITY) return false;
  return true;
}

/** Adds a listed name's blocking keys: per word its text, sound key, folded spelling and one-letter deletions; per pair of adjacent words their join. */
function addName(words: Word[], n: number, units: Unit[], lists: Map<string, number[]>): void {
  const key = (k: string, unit: number) => {
    const list = lists.get(k);
    if (list === undefined) lists.set(k, [unit]);
    else if (list[list.length - 1] !== unit) list.push(unit);
  };
  const total = words.reduce((s, w) => s + w.weight, 0);
  words.forEach((w, i) => {
    const unit = units.push({ name: n, share: w.weight / total }) - 1;
    key(`w:${w.text}`, unit);
    key(`k:${w.key}`, unit);
    key(`f:${w.folded}`, unit);
    if (w.text.length >= 4) for (const d of deletions(w.text)) key(`d:${d}`, unit);
    key(`d:${w.text}`, unit);
    if (w.joined !== undefined) {
      const pair = units.push({ name: n, share: (w.weight + words[i + 1].weight) / total }) - 1;
      key(`w:${w.joined}`, pair);
      key(`k:${w.joinedKey}`, pair);
    }
  });
}

/** A word's weight: rarer on the list weighs more (inverse document frequency); particles and patronymics weigh less. */
function wordWeight(word: string, frequency: number, names: number): number {
  const idf = Math.log(1 + names / Math.max(1, frequency));
  return PARTICLES.has(word) ? idf * PARTICLE_SHARE : PATRONYMIC.test(word) ? idf * PATRONYMIC_SHARE : idf;
}
