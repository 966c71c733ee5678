import { align, nameScore, toWords, type Word } from "./name-score.js";
import type { SanctionsEntry, SanctionsList } from "./ofac.js";
import { applyFacts, type ListedFacts } from "./subject-factors.js";
import { nameWords } from "./tokens.js";
import { DEFAULT_NAME_THRESHOLD, type NameHit, type ScreeningSubject } from "./types.js";

/** Joining words of names ("al", "bin", "van"): they count for a quarter of an ordinary word of the same rarity. */
const PARTICLES = new Set(["al", "el", "ul", "bin", "ibn", "bint", "ben", "abd", "de", "da", "di", "do", "du", "del", "della", "der", "den", "dos", "das", "van", "von", "la", "le", "los", "las"]);
const PARTICLE_SHARE = 0.25;

/**
 * A candidate is scored only when the listed words its blocking keys reached could cover at least this share
 * of the listed name (and at least the threshold less the margin, which leaves room for words reached by no
 * key, such as two typos in one word): the rest cannot come near the threshold.
 */
const MIN_CANDIDATE_BOUND = 0.5;
const CANDIDATE_MARGIN = 0.25;
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
  private readonly units: Unit[] = [];
  private readonly keys = new Map<string, number[]>();
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
    for (let n = 0; n < names.length; n++) this.addName(n);
    this.bound = new Float64Array(names.length);
    this.stamp = new Int32Array(names.length);
    this.unitStamp = new Int32Array(this.units.length);
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
    }));
    const facts = list.entries.map((e) => ({ kind: e.kind, datesOfBirth: e.datesOfBirth ?? [], nationalities: e.nationalities ?? [] }));
    return new SanctionsIndex(list.entries, names, frequency, facts);
  }

  /** How many names and aliases are indexed. */
  get size(): number {
    return this.names.length;
  }

  private key(k: string, unit: number): void {
    const list = this.keys.get(k);
    if (list === undefined) this.keys.set(k, [unit]);
    else if (list[list.length - 1] !== unit) list.push(unit);
  }

  private addName(n: number): void {
    const words = this.names[n].words;
    const total = words.reduce((s, w) => s + w.weight, 0);
    words.forEach((w, i) => {
      const unit = this.units.push({ name: n, share: w.weight / total }) - 1;
      this.key(`w:${w.text}`, unit);
      this.key(`k:${w.key}`, unit);
      this.key(`f:${w.folded}`, unit);
      if (w.text.length >= 4) for (const d of deletions(w.text)) this.key(`d:${d}`, unit);
      this.key(`d:${w.text}`, unit);
      if (w.joined !== undefined) {
        const pair = this.units.push({ name: n, share: (w.weight + words[i + 1].weight) / total }) - 1;
        this.key(`w:${w.joined}`, pair);
        this.key(`k:${w.joinedKey}`, pair);
      }
    });
  }

  private queryWords(name: string): Word[] {
    const total = this.names.length;
    return toWords(nameWords(name).words, (w) => wordWeight(w, this.frequency.get(w) ?? 0, total));
  }

  /** Names that blocking keys reach, with an upper bound of the share of each name the subject could cover. */
  private candidates(words: Word[], threshold: number): number[] {
    const stampValue = ++this.screenings;
    const touched: number[] = [];
    const visit = (k: string) => {
      const list = this.keys.get(k);
      if (!list) return;
      for (const unit of list) {
        if (this.unitStamp[unit] === stampValue) continue;
        this.unitStamp[unit] = stampValue;
        const { name, share } = this.units[unit];
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
    const least = Math.max(MIN_CANDIDATE_BOUND, threshold - CANDIDATE_MARGIN) - 1e-9;
    return touched.filter((n) => this.bound[n] >= least);
  }

  /** Entries matching `subject` at or above `threshold`, best first, one hit per entry (its best name). */
  screen(subject: ScreeningSubject, threshold = DEFAULT_NAME_THRESHOLD): NameHit[] {
    const words = this.queryWords(subject.name);
    if (words.length === 0) return [];
    const best = new Map<number, NameHit>();
    for (const n of this.candidates(words, threshold)) {
      const listed = this.names[n];
      const alignment = align(words, listed.words);
      const byName = nameScore(alignment, listed.weak);
      // Facts move a score by at most +0.1; a name further below the threshold cannot reach it.
      if (byName < threshold - 0.1 - EPSILON) continue;
      const entry = this.entries[listed.entry];
      const { score, factors } = applyFacts(byName, subject, this.facts[listed.entry]);
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

/** A word's weight: rarer on the list weighs more (inverse document frequency); particles weigh a quarter. */
function wordWeight(word: string, frequency: number, names: number): number {
  const idf = Math.log(1 + names / Math.max(1, frequency));
  return PARTICLES.has(word) ? idf * PARTICLE_SHARE : idf;
}
