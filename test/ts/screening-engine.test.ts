import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_NAME_THRESHOLD, SanctionsIndex, type ScreeningSubject } from "../../src/qualifier/screening/engine.js";
import { editDistance } from "../../src/qualifier/screening/edit-distance.js";
import type { SanctionsEntry, SanctionsList } from "../../src/qualifier/screening/ofac.js";
import { foldSpelling, soundKey } from "../../src/qualifier/screening/phonetic.js";
import { MAX_NAME_CHARS, MAX_NAME_WORDS, nameWords, overLongName } from "../../src/qualifier/screening/tokens.js";

const entry = (uid: string, name: string, kind: SanctionsEntry["kind"], extra: Partial<SanctionsEntry> = {}): SanctionsEntry => ({
  uid,
  name,
  type: kind ?? "Entity",
  aliases: [],
  programs: ["TEST"],
  addresses: [],
  kind,
  ...extra,
});

// A small synthetic publication: people with dates of birth and nationalities, companies, a vessel, weak aliases.
const LIST: SanctionsList = {
  source: "SDN.CSV",
  publishedAt: "2026-11-01",
  entries: [
    entry("1", "PETROV, Ivan Sergeyevich", "individual", { datesOfBirth: ["1970-03-15"], nationalities: ["RU"], aliases: ["VANYA"] }),
    entry("2", "NORTHWIND DIGITAL ASSETS LTD", "entity"),
    entry("3", "AL-RASHID, Khalid Yusuf", "individual", { datesOfBirth: ["1965/1967"], nationalities: ["SY"] }),
    entry("4", "SABRINA", "vessel"),
    entry("5", "KIM, Jong Un", "individual", { datesOfBirth: ["1984-01-08"], nationalities: ["KP"] }),
    entry("6", "ORION MARITIME TRADING GMBH", "entity", { aliases: ["ORION MARITIME"] }),
  ],
};
const index = SanctionsIndex.build(LIST);
const uids = (subject: ScreeningSubject | string, threshold = DEFAULT_NAME_THRESHOLD) =>
  index.screen(typeof subject === "string" ? { name: subject } : subject, threshold).map((h) => h.entry.uid);

describe("screening engine on a synthetic list", () => {
  it("names: any script to Latin words, accents, apostrophes and legal forms away", () => {
    assert.deepEqual(nameWords("Müller-Lüdenscheidt GmbH & Co. KG").words, ["muller", "ludenscheidt"]);
    assert.equal(nameWords("Northwind S.A. de C.V.").legalForm, true);
    assert.deepEqual(nameWords("O'Brien").words, ["obrien"]);
    assert.deepEqual(nameWords("Иван Петров").words, ["ivan", "petrov"]);
    // Every word is kept, never cut; the engine refuses a name longer than it screens whole.
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(" ");
    assert.equal(nameWords(words(500)).words.length, 500);
    assert.equal(overLongName(words(MAX_NAME_WORDS)), undefined);
    assert.match(overLongName(words(MAX_NAME_WORDS + 1)) ?? "", /at most 24 words, not 25/);
    assert.match(overLongName("x".repeat(MAX_NAME_CHARS + 1)) ?? "", /at most 300 characters/);
    // A run of one-letter words is one word, however it is spaced.
    assert.deepEqual(nameWords("Vladimir P u t i n").words, ["vladimir", "putin"]);
    assert.deepEqual(nameWords("P_u_t_i_n Vladimir").words, ["putin", "vladimir"]);
    assert.deepEqual(nameWords("J. P. Morgan").words, ["jp", "morgan"]);
    assert.deepEqual(nameWords("Ivan K Petrov").words, ["ivan", "k", "petrov"]);
    assert.deepEqual(nameWords("S 7 Engineering").words, ["s", "7", "engineering"]);
  });

  it("spelling: edit distance with a limit, folded romanisations, sound keys", () => {
    assert.equal(editDistance("jong", "jomg", 2), 1);
    assert.equal(editDistance("borisovich", "borisovihc", 2), 1);
    assert.equal(editDistance("abcdef", "uvwxyz", 2), 3);
    assert.equal(foldSpelling("alkhassan"), foldSpelling("alhassan"));
    assert.equal(foldSpelling("prodzhekt"), foldSpelling("project"));
    assert.notEqual(foldSpelling("hassan"), foldSpelling("husayn"));
    assert.equal(soundKey("muhammad"), soundKey("mohammed"));
  });

  it("finds reordered, accented, transliterated, mistyped, joined and split forms of a listed name", () => {
    for (const name of [
      "Ivan Sergeyevich Petrov",
      "Petrov Ivan Sergeyevich",
      "Ívan Sergéyevich Petróv",
      "Иван Сергеевич Петров",
      "Ivan Sergeyevich Petrow",
      "Kim Jongun",
      "KimJong Un",
      "Khalid Yusuf Al Rashid",
      "Khalid Yusuf Alrashid",
      "Northwind Digitalassets",
      "North Wind Digital Assets",
    ]) {
      assert.ok(uids(name).length > 0, name);
    }
    assert.deepEqual(uids("Khalid Yusuf Al Rashid"), ["3"]);
  });

  it("drops legal forms and tolerates padding words around a full name", () => {
    assert.deepEqual(uids("Northwind Digital Assets LLC"), ["2"]);
    assert.deepEqual(uids("Northwind Digital Assets Global Holdings Prime Partners"), ["2"]);
    assert.deepEqual(uids("Orion Maritime Trading AG"), ["6"]);
  });

  it("does not flag a name that covers only part of a listed name, or a weak alias among other words", () => {
    assert.deepEqual(uids("Digital Assets AG"), []);
    assert.deepEqual(uids("Ivan Sergeyevich"), []);
    assert.deepEqual(uids("Maritime Trading GmbH"), []);
    assert.deepEqual(uids("Vanya Smirnova"), [], "one-word alias among other words");
    assert.deepEqual(uids("Sabrina Caiazzo"), [], "a vessel's name is not a person's");
    assert.deepEqual(uids("Vanya"), ["1"], "the weak alias alone is still found");
  });

  it("returns hits best first, one per entry, at or above the threshold, with the matched name and why", () => {
    const hits = index.screen({ name: "Orion Maritime" }, 0.5);
    assert.deepEqual(new Set(hits.map((h) => h.entry.uid)).size, hits.length);
    for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1].score >= hits[i].score);
    for (const h of hits) assert.ok(h.score >= 0.5 && h.score <= 1);
    assert.equal(hits[0].entry.uid, "6");
    assert.equal(hits[0].matchedName, "ORION MARITIME");
    assert.ok(hits[0].factors.includes("name matches exactly (alias)"));
    assert.deepEqual(
      index.screen({ name: "Orion Maritime" }, 1).map((h) => h.entry.uid),
      ["6"],
    );
  });

  it("type, date of birth and nationality move the score in the right direction", () => {
    const score = (s: ScreeningSubject, uid: string) => index.screen(s, 0.01).find((h) => h.entry.uid === uid)?.score ?? 0;
    const name = "Ivan Sergeyevich Petrow";
    const base = score({ name }, "1");
    assert.ok(base < 1);
    assert.ok(score({ name, kind: "individual", dateOfBirth: "1970-03-15" }, "1") > base);
    assert.ok(score({ name, kind: "individual", dateOfBirth: "1971-03-15" }, "1") < base);
    assert.ok(score({ name, kind: "individual", dateOfBirth: "1990-03-15" }, "1") < score({ name, kind: "individual", dateOfBirth: "1971-03-15" }, "1"));
    assert.ok(score({ name, kind: "entity" }, "1") < base);
    assert.ok(score({ name, nationality: "RU" }, "1") > base);
    assert.ok(score({ name, nationality: "FR" }, "1") < base);
    // A listed range of years: a date inside it supports, one outside it contradicts.
    const khalid = "Khalid Yusuf Al Rashyd";
    assert.ok(score({ name: khalid, dateOfBirth: "1966-07-01" }, "3") > score({ name: khalid }, "3"));
    assert.ok(score({ name: khalid, dateOfBirth: "1980-07-01" }, "3") < score({ name: khalid }, "3"));
    // Declared facts are not evidence: they lower a name under the threshold only when the name alone misses it.
    assert.deepEqual(
      uids({ name: "Ivan Petrow", kind: "individual", dateOfBirth: "1990-01-01", nationality: "FR" }),
      [],
      "part of the name, another birth date",
    );
    const exact = index.screen({ name: "Ivan Sergeyevich Petrov", kind: "individual", dateOfBirth: "1990-01-01", nationality: "FR" });
    assert.deepEqual(
      exact.map((h) => [h.entry.uid, h.score, h.nameScore]),
      [["1", DEFAULT_NAME_THRESHOLD, 1]],
    );
    assert.ok(exact[0].factors.includes("date of birth differs") && exact[0].factors.includes("name match too strong for the declared facts to clear"));
    // Nor does the kind: an exact company name given as a person's is held.
    assert.deepEqual(uids({ name: "Northwind Digital Assets", kind: "individual" }), ["2"]);
  });

  it("holds a listed person's surname with the exact listed date of birth when most of the name is given", () => {
    // PETROV, Ivan Sergeyevich: surname and given name without the patronymic, at a threshold the name alone misses.
    const ivan = { name: "Ivan Petrov", kind: "individual" as const };
    assert.deepEqual(uids(ivan, 0.99), []);
    assert.deepEqual(uids({ ...ivan, dateOfBirth: "1970-03-15" }, 0.99), ["1"]);
    assert.ok(index.screen({ ...ivan, dateOfBirth: "1970-03-15" }, 0.99)[0].factors.includes("surname and date of birth match"));
    assert.deepEqual(uids({ ...ivan, dateOfBirth: "1970-03-16" }, 0.99), [], "another date of birth");
    assert.deepEqual(uids({ name: "Petrov", kind: "individual", dateOfBirth: "1970-03-15" }, 0.99), [], "the surname alone");
    assert.deepEqual(uids({ name: "Ivan Sergeyevich", kind: "individual", dateOfBirth: "1970-03-15" }, 0.99), [], "without the surname");
  });

  it("answers an empty and a punctuation-only name, and refuses an enormous one rather than screen part of it", () => {
    assert.deepEqual(uids(""), []);
    assert.deepEqual(uids(" ,.;-- "), []);
    assert.throws(() => uids("zz ".repeat(200_000)), /at most 300 characters/);
    assert.throws(() => uids(`Kim Jong Un ${"x".repeat(1_000_000)}`), RangeError);
    assert.throws(() => uids(`${"zq ".repeat(30)}Kim Jong Un`), /at most 24 words, not 33/);
    assert.deepEqual(uids(`${"zq ".repeat(21)}Kim Jong Un`), ["5"], "the last words of the longest name screened are screened");
  });
});
