import type { SanctionsList } from "./ofac.js";

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
  /** The name score alone, before type, date of birth and nationality moved it. */
  nameScore?: number;
}

/**
 * The default threshold: a score at or above it puts an application on hold for review. Chosen on the
 * screening benchmark against the real list (bench/README.md): the highest threshold that still finds at
 * least 99% of variants of listed names; at it, about 0.2% of unlisted names are held.
 */
export const DEFAULT_NAME_THRESHOLD = 0.85;

/** What is loaded into a pool. */
export interface LoadedPublication {
  source: SanctionsList["source"];
  publishedAt: string;
  parties: number;
  names: number;
}
