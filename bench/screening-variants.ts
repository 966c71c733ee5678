/**
 * Variants of listed names, as an applicant might write them: words reordered, diacritics, one or two
 * typos, words joined or split, an extra legal form (entities), four padding words, and a transliteration
 * into Cyrillic (the script of most names on the list written in another one). Deterministic for a seed.
 */
import { LEGAL_FORMS } from "../src/qualifier/screening/tokens.js";

export type VariantKind = "reordered" | "diacritics" | "typo1" | "typo2" | "joined" | "split" | "legalForm" | "padding" | "transliterated";
export const VARIANT_KINDS: VariantKind[] = ["reordered", "diacritics", "typo1", "typo2", "joined", "split", "legalForm", "padding", "transliterated"];

/** mulberry32: a small seeded generator, so every run makes the same variants. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACCENTS: Record<string, string[]> = {
  a: ["á", "à", "ä", "â"],
  e: ["é", "è", "ë"],
  i: ["í", "ï"],
  o: ["ó", "ö", "ô"],
  u: ["ú", "ü"],
  c: ["ç"],
  n: ["ñ"],
  s: ["ş"],
  z: ["ž"],
};
const CYRILLIC: [string, string][] = [
  ["shch", "щ"],
  ["kh", "х"],
  ["zh", "ж"],
  ["ch", "ч"],
  ["sh", "ш"],
  ["ts", "ц"],
  ["yu", "ю"],
  ["ya", "я"],
  ["a", "а"],
  ["b", "б"],
  ["v", "в"],
  ["w", "в"],
  ["g", "г"],
  ["d", "д"],
  ["e", "е"],
  ["z", "з"],
  ["i", "и"],
  ["y", "и"],
  ["k", "к"],
  ["q", "к"],
  ["ce", "се"],
  ["ci", "си"],
  ["c", "к"],
  ["l", "л"],
  ["m", "м"],
  ["n", "н"],
  ["o", "о"],
  ["p", "п"],
  ["r", "р"],
  ["s", "с"],
  ["t", "т"],
  ["u", "у"],
  ["f", "ф"],
  ["h", "х"],
  ["j", "дж"],
  ["x", "кс"],
];
const LEGAL = ["LLC", "GmbH", "Ltd.", "S.A.", "JSC", "Inc.", "B.V.", "AG", "PLC", "OOO"];
const PADDING = [
  "Global",
  "Holdings",
  "Services",
  "Solutions",
  "Partners",
  "Family",
  "Office",
  "Capital",
  "Group",
  "Brothers",
  "North",
  "United",
  "Prime",
  "Atlas",
  "Crescent",
  "Horizon",
  "Sterling",
  "Summit",
  "Harbor",
  "Meridian",
];

/** The words of a name as written (punctuation between words kept out). */
const wordsOf = (name: string) => name.split(/[\s,]+/).filter(Boolean);

function transliterate(word: string, table: [string, string][]): string {
  let out = "";
  const w = word.toLowerCase();
  for (let i = 0; i < w.length; ) {
    const hit = table.find(([latin]) => w.startsWith(latin, i));
    if (hit) {
      out += hit[1];
      i += hit[0].length;
    } else {
      out += w[i];
      i++;
    }
  }
  return out;
}

function typo(word: string, random: () => number): string {
  const i = 1 + Math.floor(random() * (word.length - 1));
  const letter = "abcdefghijklmnoprstuvwyz"[Math.floor(random() * 24)];
  switch (Math.floor(random() * 4)) {
    case 0:
      return word.slice(0, i) + letter + word.slice(i + 1); // substitution
    case 1:
      return word.slice(0, i) + word.slice(i + 1); // deletion
    case 2:
      return word.slice(0, i) + letter + word.slice(i); // insertion
    default:
      return i + 1 < word.length ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : word.slice(0, i) + letter; // transposition
  }
}

/** One variant of `name` of the given kind, or undefined when that kind does not apply to this name. */
export function variant(name: string, kind: VariantKind, entity: boolean, random: () => number): string | undefined {
  const words = wordsOf(name);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const significant = words.map((w, i) => [w, i] as const).filter(([w]) => /^[A-Za-z]{4,}$/.test(w) && !LEGAL_FORMS.has(w.toLowerCase()));
  switch (kind) {
    case "reordered": {
      if (words.length < 2) return undefined;
      const shuffled = [...words];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      if (shuffled.join(" ") === words.join(" ")) shuffled.reverse();
      return shuffled.join(" ");
    }
    case "diacritics": {
      const out = [...name];
      let changed = 0;
      for (let i = 0; i < out.length && changed < 3; i++) {
        const options = ACCENTS[out[i].toLowerCase()];
        if (options && random() < 0.5) {
          out[i] = pick(options);
          changed++;
        }
      }
      return changed > 0 ? out.join("") : undefined;
    }
    case "typo1": {
      if (significant.length === 0) return undefined;
      const [w, i] = pick(significant);
      const out = [...words];
      out[i] = typo(w, random);
      return out.join(" ");
    }
    case "typo2": {
      const out = [...words];
      if (significant.length >= 2) {
        const a = Math.floor(random() * significant.length);
        const b = (a + 1 + Math.floor(random() * (significant.length - 1))) % significant.length;
        for (const k of [a, b]) out[significant[k][1]] = typo(significant[k][0], random);
        return out.join(" ");
      }
      const long = significant.find(([w]) => w.length >= 8);
      if (!long) return undefined;
      out[long[1]] = typo(typo(long[0], random), random);
      return out.join(" ");
    }
    case "joined": {
      // Two adjacent words of the name proper (a legal form glued to a word is not a way names are written).
      const proper = (w: string) =>
        /[A-Za-z]{2,}/.test(w) && !LEGAL_FORMS.has(w.toLowerCase().replace(/[.,]/g, "")) && !["the", "of", "and"].includes(w.toLowerCase());
      const at = words.map((_, i) => i).filter((i) => i + 1 < words.length && proper(words[i]) && proper(words[i + 1]));
      if (at.length === 0) return undefined;
      const i = pick(at);
      return [...words.slice(0, i), words[i].replace(/,$/, "") + words[i + 1].toLowerCase(), ...words.slice(i + 2)].join(" ");
    }
    case "split": {
      const long = significant.filter(([w]) => w.length >= 6);
      if (long.length === 0) return undefined;
      const [w, i] = pick(long);
      const at = 3 + Math.floor(random() * (w.length - 5));
      return [...words.slice(0, i), w.slice(0, at), w.slice(at), ...words.slice(i + 1)].join(" ");
    }
    case "legalForm":
      return entity ? `${name} ${pick(LEGAL)}` : undefined;
    case "padding": {
      // A name that identifies a party among other words: two words besides legal forms.
      const proper = words.filter((w) => !LEGAL_FORMS.has(w.toLowerCase().replace(/[.,]/g, "")));
      if (proper.length < 2) return undefined;
      const extra = [pick(PADDING), pick(PADDING), pick(PADDING), pick(PADDING)];
      return random() < 0.5 ? `${name} ${extra.join(" ")}` : `${extra.slice(0, 2).join(" ")} ${name} ${extra.slice(2).join(" ")}`;
    }
    case "transliterated": {
      if (!/^[A-Za-z ,.'-]+$/.test(name)) return undefined;
      // Legal forms stay as written (a Russian company writes its own: ООО, АО).
      return words.map((w) => (LEGAL_FORMS.has(w.toLowerCase().replace(/[.,]/g, "")) ? w : transliterate(w.replace(/[^A-Za-z]/g, ""), CYRILLIC))).join(" ");
    }
  }
}
