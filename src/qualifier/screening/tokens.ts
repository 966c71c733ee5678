import anyAscii from "any-ascii";

/**
 * Words that name a legal form, not a party: dropped before names are compared, so "Acme GmbH" and
 * "ACME LLC" compare as "acme". Spelled-out Russian forms (OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU)
 * are common on the list and kept: their weight is low because they are frequent.
 */
export const LEGAL_FORMS = new Set([
  "ltd", "limited", "llc", "llp", "lp", "inc", "incorporated", "corp", "corporation", "co", "company", "liability",
  "gmbh", "ag", "kg", "ohg", "ug", "mbh", "ev", "sa", "sas", "sarl", "sl", "srl", "spa", "sp", "zoo", "bv", "nv", "plc",
  "pty", "pte", "pvt", "jsc", "ojsc", "cjsc", "pjsc", "pao", "oao", "zao", "ooo", "tov", "fze", "fzco", "fzc", "fzllc",
  "est", "lda", "ltda", "cv", "sab", "kft", "zrt", "doo", "ad", "ead", "ood", "dd", "as", "asa", "ab", "oy", "oyj",
  "aps", "sro", "spol", "sdn", "bhd", "tbk", "pt", "cia", "sc",
]);

/** Words that join a name's parts and say nothing by themselves. */
export const STOP_WORDS = new Set(["the", "of", "and", "for", "y", "et", "und", "an"]);

/** Longest name text looked at; longer input is cut (a name is never this long). */
export const MAX_NAME_CHARS = 300;
/** Most words of a name compared; further words are ignored. */
export const MAX_NAME_WORDS = 12;

export interface NameWords {
  /** The words that identify the party, in order: Latin letters and digits, lower case. */
  words: string[];
  /** Whether the name carried a legal form (it names an organisation). */
  legalForm: boolean;
}

/**
 * A name in any script as comparable words: transliterated to Latin (any-ascii: Cyrillic, Arabic, Greek,
 * Chinese...), accents removed, lower case; apostrophes and dots inside words removed ("O'Brien" is
 * "obrien", "S.A." is "sa"), other punctuation splits words; legal forms and stop words dropped.
 */
export function nameWords(name: string): NameWords {
  const ascii = anyAscii(name.slice(0, MAX_NAME_CHARS).normalize("NFKC"))
    .toLowerCase()
    .replace(/['`.]+/g, "")
    .replace(/[^a-z0-9]+/g, " ");
  const words: string[] = [];
  let legalForm = false;
  for (const w of ascii.split(" ")) {
    if (w.length === 0) continue;
    if (LEGAL_FORMS.has(w)) legalForm = true;
    else if (!STOP_WORDS.has(w) && words.length < MAX_NAME_WORDS) words.push(w);
  }
  return { words, legalForm };
}
