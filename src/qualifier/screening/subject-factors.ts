import { dateSpan } from "./list-dates.js";
import type { PartyKind } from "./ofac.js";
import type { ScreeningSubject } from "./types.js";

/** What a listed party says about itself beyond its names. */
export interface ListedFacts {
  kind?: PartyKind;
  datesOfBirth: string[];
  nationalities: string[];
}

/** How much each fact moves a name score (added; the result is kept in [0, 1]). */
export const FACTOR_WEIGHTS = {
  typeDiffers: -0.15,
  birthDateMatches: 0.05,
  birthYearMatches: 0.02,
  birthDateNear: -0.05,
  birthDateDiffers: -0.2,
  nationalityMatches: 0.03,
  nationalityDiffers: -0.1,
} as const;

/**
 * Facts the applicant declares (a date of birth, a nationality, the kind of party) are not evidence: they may
 * raise a score, or lower it for display, but a name that matches at or above the threshold on its own stays
 * at least at the threshold, so it is held for a reviewer whatever the applicant says about it.
 */
export function contradictionFloor(nameScore: number, threshold: number): number {
  return nameScore >= threshold ? threshold : 0;
}

const year = (date: string) => Number(date.slice(0, 4));

/**
 * Moves a name score by what the subject and the entry both state: a different kind of party (a company
 * against a listed person, a vessel), a date of birth that falls in or out of the listed dates (one year
 * either side is "near"), a nationality among or outside the listed ones. Unknown on either side: no move.
 * The factors say why, never what the subject's data is.
 */
export function applyFacts(score: number, subject: ScreeningSubject, listed: ListedFacts): { score: number; factors: string[] } {
  const factors: string[] = [];
  let s = score;
  if (subject.kind && listed.kind) {
    if (subject.kind === listed.kind) factors.push("type matches");
    else {
      s += FACTOR_WEIGHTS.typeDiffers;
      factors.push("type differs");
    }
  }
  const dob = subject.dateOfBirth;
  if (dob && /^\d{4}-\d{2}-\d{2}$/.test(dob) && listed.datesOfBirth.length > 0 && subject.kind !== "entity") {
    let exact = false;
    let within = false;
    let nearest = Infinity;
    for (const d of listed.datesOfBirth) {
      const [from, to] = dateSpan(d);
      if (d === dob) exact = true;
      if (from <= dob && dob <= to) within = true;
      nearest = Math.min(nearest, Math.abs(year(dob) - year(from)), Math.abs(year(dob) - year(to)));
    }
    if (exact) {
      s += FACTOR_WEIGHTS.birthDateMatches;
      factors.push("date of birth matches");
    } else if (within) {
      s += FACTOR_WEIGHTS.birthYearMatches;
      factors.push("date of birth within the listed dates");
    } else if (nearest <= 1) {
      s += FACTOR_WEIGHTS.birthDateNear;
      factors.push("date of birth near a listed one");
    } else {
      s += FACTOR_WEIGHTS.birthDateDiffers;
      factors.push("date of birth differs");
    }
  }
  const nationality = subject.nationality?.toUpperCase();
  if (nationality && listed.nationalities.length > 0) {
    if (listed.nationalities.includes(nationality)) {
      s += FACTOR_WEIGHTS.nationalityMatches;
      factors.push("nationality matches");
    } else {
      s += FACTOR_WEIGHTS.nationalityDiffers;
      factors.push("nationality differs");
    }
  }
  return { score: Math.min(1, Math.max(0, s)), factors };
}
