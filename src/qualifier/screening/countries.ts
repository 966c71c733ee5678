/**
 * Country names as the SDN list writes them ("Korea, North", "Burma", "Russia") to ISO 3166-1 alpha-2 codes.
 * English names come from CLDR through the runtime's Intl data; the list's own spellings that CLDR does not
 * use are added below.
 */

const LIST_SPELLINGS: Record<string, string> = {
  "korea north": "KP",
  "korea south": "KR",
  burma: "MM",
  "congo democratic republic of the": "CD",
  "congo republic of the": "CG",
  "north macedonia the republic of": "MK",
  "the gambia": "GM",
  palestinian: "PS",
  "possibly palestinian": "PS",
  "region gaza": "PS",
  "west bank": "PS",
  "czech republic": "CZ",
  turkey: "TR",
  "cabo verde": "CV",
  "cote d ivoire": "CI",
  "hong kong": "HK",
  macau: "MO",
  "united states": "US",
  "united kingdom": "GB",
  "united arab emirates": "AE",
  "bosnia and herzegovina": "BA",
  "saint kitts and nevis": "KN",
  "trinidad and tobago": "TT",
  taiwan: "TW",
  kosovo: "XK",
};

const NOT_COUNTRIES = /^(AA|Q[M-Z]|X[A-JL-Z]|ZZ|EU|UN|EZ)$/;

const key = (name: string) =>
  name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z]+/g, " ")
    .trim();

let byName: Map<string, string> | undefined;

function table(): Map<string, string> {
  if (byName) return byName;
  const map = new Map<string, string>();
  const names = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const given = String.fromCharCode(a, b);
      // Groupings and private-use codes are not countries; retired codes (SU, BU, YU) stand for their successors.
      if (NOT_COUNTRIES.test(given)) continue;
      const name = names.of(given);
      if (!name || name === given) continue;
      const code = Intl.getCanonicalLocales(`und-${given}`)[0].slice(4);
      map.set(key(name), code);
      // "Myanmar (Burma)", "Congo - Kinshasa": the part before the qualifier is a name too when unambiguous.
      const short = key(name.replace(/\s*\(.*\)$/, ""));
      if (!map.has(short)) map.set(short, code);
    }
  }
  for (const [name, code] of Object.entries(LIST_SPELLINGS)) map.set(name, code);
  byName = map;
  return map;
}

/** The ISO 3166-1 alpha-2 code of a country named as the SDN list names it, or undefined. */
export function countryCode(name: string): string | undefined {
  return table().get(key(name));
}
