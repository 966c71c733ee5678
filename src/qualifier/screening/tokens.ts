import anyAscii from "any-ascii";

/**
 * Words that name a legal form, not a party: dropped before names are compared, so "Acme GmbH" and
 * "ACME LLC" compare as "acme". Spelled-out Russian forms (OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU)
 * are common on the list and kept: their weight is low because they are frequent.
 */
export const LEGAL_FORMS = new Set([
  "ltd",
  "limited",
  "llc",
  "llp",
  "lp",
  "inc",
  "incorporated",
  "corp",
  "corporation",
  "co",
  "company",
  "liability",
  "gmbh",
  "ag",
  "kg",
  "ohg",
  "ug",
  "mbh",
  "ev",
  "sa",
  "sas",
  "sarl",
  "sl",
  "srl",
  "spa",
  "sp",
  "zoo",
  "bv",
  "nv",
  "plc",
  "pty",
  "pte",
  "pvt",
  "jsc",
  "ojsc",
  "cjsc",
  "pjsc",
  "pao",
  "oao",
  "zao",
  "ooo",
  "tov",
  "fze",
  "fzco",
  "fzc",
  "fzllc",
  "est",
  "lda",
  "ltda",
  "cv",
  "sab",
  "kft",
  "zrt",
  "doo",
  "ad",
  "ead",
  "ood",
  "dd",
  "as",
  "asa",
  "ab",
  "oy",
  "oyj",
  "aps",
  "sro",
  "spol",
  "sdn",
  "bhd",
  "tbk",
  "pt",
  "cia",
  "sc",
]);

/** Words that join a name's parts and say nothing by themselves. */
export const STOP_WORDS = new Set(["the", "of", "and", "for", "y", "et", "und", "an"]);

/**
 * Longest name the engine screens, in UTF-16 code units as given: a longer name is refused, never cut (the
 * service refuses it at its API first, with a sentence). No listed name comes near it.
 */
export const MAX_NAME_CHARS = 300;
/** Most words (as `nameWords` counts them) of a name the engine screens: a longer name is refused, never cut. */
export const MAX_NAME_WORDS = 24;

export interface NameWords {
  /** The words that identify the party, in order: Latin letters and digits, lower case. */
  words: string[];
  /** Whether the name carried a legal form (it names an organisation). */
  legalForm: boolean;
}

/** Why a name is too long to screen, or undefined when the engine takes it whole. */
export function overLongName(name: string): string | undefined {
  if (name.length > MAX_NAME_CHARS) return `a name may have at most ${MAX_NAME_CHARS} characters, not ${name.length}`;
  const count = nameWords(name).words.length;
  if (count > MAX_NAME_WORDS) return `a name may have at most ${MAX_NAME_WORDS} words, not ${count}`;
  return undefined;
}

/**
 * A name in any script as comparable words: transliterated to Latin (any-ascii: Cyrillic, Arabic, Greek,
 * Chinese...), accents removed, lower case; apostrophes and dots inside words removed ("O'Brien" is
 * "obrien", "S.A." is "sa"), other punctuation splits words; a run of two or more one-letter words is one
 * word ("P u t i n", "P_u_t_i_n" are "putin"; digits are not joined); legal forms and stop words dropped.
 * Every word is kept: callers bound the length (`overLongName`).
 */
export function nameWords(name: string): NameWords {
  const ascii = anyAscii(name.normalize("NFKC"))
    .toLowerCase()
    .replace(/['`.]+/g, "")
    .replace(/[^a-z0-9]+/g, " ");
  const words: string[] = [];
  let legalForm = false;
  for (const w of joinSpelledLetters(ascii.split(" ").filter((w) => w.length > 0))) {
    if (LEGAL_FORMS.has(w)) legalForm = true;
    else if (!STOP_WORDS.has(w)) words.push(w);
  }
  return { words, legalForm };
}

/** Joins each run of two or more one-letter words into one word ("s 7" stays two words); other words unchanged. */
function joinSpelledLetters(words: string[]): string[] {
  const out: string[] = [];
  let run = "";
  const flush = () => {
    if (run.length > 0) out.push(run);
    run = "";
  };
  for (const w of words) {
    if (w.length === 1 && w >= "a" && w <= "z") run += w;
    else {
      flush();
      out.push(w);
    }
  }
  flush();
  return out;
}
