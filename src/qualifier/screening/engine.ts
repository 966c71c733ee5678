/**
 * The screening engine: a publication indexed once per load (`SanctionsIndex`), screened in worker threads
 * (`ScreeningPool`), names scored with entity type, date of birth and nationality when the subject gives them.
 */
export { DEFAULT_NAME_THRESHOLD, type LoadedPublication, type NameHit, type ScreeningSubject } from "./types.js";
export { SanctionsIndex } from "./sanctions-index.js";
export { MAX_SUBJECTS_PER_CALL, ScreeningPool } from "./pool.js";
