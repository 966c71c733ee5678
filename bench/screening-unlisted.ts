/**
 * Realistic names of people and companies from @faker-js/faker in several locales and scripts (English,
 * German, French, Spanish, Italian, Turkish, Russian, Arabic, Persian, Chinese...), seeded, each checked
 * not to be a listed name (same words, any order).
 */
import {
  fakerAR,
  fakerDE,
  fakerEN_US,
  fakerES_MX,
  fakerFA,
  fakerFR,
  fakerIT,
  fakerPL,
  fakerRU,
  fakerTR,
  fakerUK,
  fakerZH_CN,
  type Faker,
} from "@faker-js/faker";
import { nameWords } from "../src/qualifier/screening/tokens.js";

const LOCALES: Faker[] = [fakerEN_US, fakerDE, fakerFR, fakerES_MX, fakerIT, fakerPL, fakerTR, fakerRU, fakerUK, fakerAR, fakerFA, fakerZH_CN];

const signature = (name: string) => [...nameWords(name).words].sort().join(" ");

/** `count` unlisted names, half people and half companies, from the given seed. */
export function unlistedNames(count: number, seed: number, listedNames: string[]): { name: string; kind: "individual" | "entity" }[] {
  const listed = new Set(listedNames.map(signature));
  const out: { name: string; kind: "individual" | "entity" }[] = [];
  const seen = new Set<string>();
  for (const [i, f] of LOCALES.entries()) f.seed(seed + i);
  for (let i = 0; out.length < count; i++) {
    const f = LOCALES[i % LOCALES.length];
    const kind = i % 2 === 0 ? "individual" : "entity";
    const name = kind === "individual" ? f.person.fullName() : f.company.name();
    const sig = signature(name);
    if (sig === "" || listed.has(sig) || seen.has(name)) continue;
    seen.add(name);
    out.push({ name, kind });
  }
  return out;
}
