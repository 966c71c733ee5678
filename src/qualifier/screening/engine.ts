import type { SanctionsEntry, SanctionsList } from "./ofac.js";
import { screenName } from "./names.js";

/**
 * The contract between the screening engine and the qualifier service.
 * INTERIM: this file's implementation is a placeholder over the old scorer; the screening engine replaces
 * the implementation (index built once per publication, worker threads, candidate blocking) and keeps
 * these exported names and shapes.
 */

/** Who is screened: a legal entity or a person, with what the applicant told about them. */
export interface ScreeningSubject {
  name: string;
  /** "entity" for a company, "individual" for a person; unknown when absent. */
  kind?: "individual" | "entity";
  /** YYYY-MM-DD, when known (individuals). */
  dateOfBirth?: string;
  /** ISO 3166-1 alpha-2, when known. */
  nationality?: string;
}

/** One list entry that a subject matches at or above the threshold. */
export interface NameHit {
  /** In [0, 1]; at or above the threshold. */
  score: number;
  /** The entry's name or alias that matched. */
  matchedName: string;
  entry: { uid: string; name: string; type: string; programs: string[] };
  /** Why the score is what it is, e.g. "date of birth matches", "type differs". No personal data of the subject. */
  factors: string[];
}

/** The default threshold: a score at or above it puts an application on hold for review. */
export const DEFAULT_NAME_THRESHOLD = 0.9;

/** What is loaded into a pool. */
export interface LoadedPublication {
  source: SanctionsList["source"];
  publishedAt: string;
  parties: number;
  names: number;
}

/** A publication indexed once, screened many times (synchronous; runs inside a worker). */
export class SanctionsIndex {
  private constructor(private readonly entries: SanctionsEntry[]) {}

  static build(list: SanctionsList): SanctionsIndex {
    return new SanctionsIndex(list.entries);
  }

  /** Entries matching `subject` at or above `threshold`, best first. */
  screen(subject: ScreeningSubject, threshold = DEFAULT_NAME_THRESHOLD): NameHit[] {
    return screenName(subject.name, this.entries, threshold).map((m) => ({
      score: m.score,
      matchedName: m.matchedName,
      entry: { uid: m.entry.uid, name: m.entry.name, type: m.entry.type, programs: m.entry.programs },
      factors: [],
    }));
  }
}

/** Screens off the event loop: the index lives in worker threads; `screen` never blocks the caller's loop. */
export class ScreeningPool {
  private index: SanctionsIndex | undefined;
  private info: LoadedPublication | undefined;

  constructor(_options: { threads?: number } = {}) {}

  /** Indexes `list` (once) and makes it the publication screened against. */
  async load(list: SanctionsList): Promise<LoadedPublication> {
    this.index = SanctionsIndex.build(list);
    this.info = { source: list.source, publishedAt: list.publishedAt, parties: list.entries.length, names: list.entries.reduce((n, e) => n + 1 + e.aliases.length, 0) };
    return this.info;
  }

  /** The loaded publication, or undefined before the first load. */
  get loaded(): LoadedPublication | undefined {
    return this.info;
  }

  /** One result array per subject, in order. Throws when no publication is loaded. */
  async screen(subjects: ScreeningSubject[], threshold = DEFAULT_NAME_THRESHOLD): Promise<NameHit[][]> {
    const index = this.index;
    if (!index) throw new Error("no sanctions publication is loaded: load one before screening");
    return subjects.map((s) => index.screen(s, threshold));
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {}
}
