import { XMLParser } from "fast-xml-parser";
import { getAddress, isAddress, type Address } from "viem";
import { advancedFacts } from "./advanced-facts.js";
import { countryCode } from "./countries.js";
import type { XmlNode } from "./xml-node.js";
import { listDate } from "./list-dates.js";

/** What a listed party is. */
export type PartyKind = "individual" | "entity" | "vessel" | "aircraft";

/** One listed party, whichever official format it came from. */
export interface SanctionsEntry {
  uid: string;
  name: string;
  type: string; // Individual, Entity, Vessel, Aircraft
  aliases: string[];
  programs: string[];
  /** Ethereum addresses ("Digital Currency Address - ETH"). */
  addresses: Address[];
  /** What the party is, when the publication says so. */
  kind?: PartyKind;
  /** Dates of birth as listed: "YYYY-MM-DD", "YYYY-MM", "YYYY", or a range "from/to" of those. */
  datesOfBirth?: string[];
  /** Nationalities and citizenships, ISO 3166-1 alpha-2. */
  nationalities?: string[];
}

/** The party kind named by a publication's type field ("individual", "Entity", "-0-" for an entity in SDN.CSV). */
export function partyKind(type: string): PartyKind | undefined {
  const t = type.trim().toLowerCase();
  return t === "individual" || t === "entity" || t === "vessel" || t === "aircraft" ? t : undefined;
}

const codes = (names: string[]): string[] => [...new Set(names.map(countryCode).filter((c): c is string => c !== undefined))];
const dates = (values: string[]): string[] => [...new Set(values.map(listDate).filter((d): d is string => d !== undefined))];

/** A publication of the list: when it was published, in which format, and its entries. */
export interface SanctionsList {
  source: "SDN.XML" | "SDN_ADVANCED.XML" | "SDN.CSV";
  publishedAt: string; // ISO date, YYYY-MM-DD
  entries: SanctionsEntry[];
}

const ETH_FEATURE = "Digital Currency Address - ETH";
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const text = (v: unknown): string =>
  (v === undefined || v === null ? "" : typeof v === "object" ? String((v as { "#text"?: unknown })["#text"] ?? "") : String(v)).trim();
const ethAddress = (v: string): Address | undefined => (isAddress(v.trim(), { strict: false }) ? getAddress(v.trim()) : undefined);

/** MM/DD/YYYY (SDN.XML's Publish_Date) to YYYY-MM-DD. */
function usDate(value: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  if (!m) throw new Error(`publication date "${value}" is not MM/DD/YYYY`);
  return `${m[3]}-${m[1].padStart(2, "0")}-${m[2].padStart(2, "0")}`;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", removeNSPrefix: true, parseTagValue: false, trimValues: true });

/** Parses SDN.XML (the classic `sdnList` publication). */
export function parseSdnXml(xml: string): SanctionsList {
  const doc = parser.parse(xml);
  const list = doc.sdnList;
  if (!list) throw new Error("not an SDN.XML publication: no <sdnList>");
  const publishedAt = usDate(text(list.publshInformation?.Publish_Date));
  const entries = asArray(list.sdnEntry).map((e: XmlNode) => ({
    uid: text(e.uid),
    name: [text(e.firstName), text(e.lastName)].filter(Boolean).join(" "),
    type: text(e.sdnType),
    aliases: asArray(e.akaList?.aka).map((a: Record<string, unknown>) => [text(a.firstName), text(a.lastName)].filter(Boolean).join(" ")),
    programs: asArray(e.programList?.program).map(text),
    addresses: asArray(e.idList?.id)
      .filter((id: Record<string, unknown>) => text(id.idType) === ETH_FEATURE)
      .map((id: Record<string, unknown>) => ethAddress(text(id.idNumber)))
      .filter((a): a is Address => a !== undefined),
    kind: partyKind(text(e.sdnType)),
    datesOfBirth: dates(asArray(e.dateOfBirthList?.dateOfBirthItem).map((d: Record<string, unknown>) => text(d.dateOfBirth))),
    nationalities: codes([
      ...asArray(e.nationalityList?.nationality).map((n: Record<string, unknown>) => text(n.country)),
      ...asArray(e.citizenshipList?.citizenship).map((n: Record<string, unknown>) => text(n.country)),
    ]),
  }));
  return { source: "SDN.XML", publishedAt, entries };
}

/** Parses SDN_ADVANCED.XML: names from the primary alias's documented name, addresses from the ETH feature type. */
export function parseSdnAdvancedXml(xml: string): SanctionsList {
  const doc = parser.parse(xml);
  const root = doc.Sanctions;
  if (!root) throw new Error("not an SDN_ADVANCED.XML publication: no <Sanctions>");
  const issued = root.DateOfIssue;
  const publishedAt = `${text(issued?.Year)}-${text(issued?.Month).padStart(2, "0")}-${text(issued?.Day).padStart(2, "0")}`;
  const featureTypes = asArray(root.ReferenceValueSets?.FeatureTypeValues?.FeatureType);
  const ethTypeIds = new Set(featureTypes.filter((f: unknown) => text(f) === ETH_FEATURE).map((f: Record<string, string>) => f["@ID"]));
  const factsOf = advancedFacts(root);
  const nameOf = (alias: XmlNode) =>
    asArray(asArray(alias.DocumentedName)[0]?.DocumentedNamePart)
      .map((part: Record<string, unknown>) => text(part.NamePartValue))
      .filter(Boolean)
      .join(" ");
  const entries = asArray(root.DistinctParties?.DistinctParty).map((party: XmlNode) => {
    const profile = asArray(party.Profile)[0] ?? {};
    const aliases = asArray(asArray(profile.Identity)[0]?.Alias);
    const primary = aliases.find((a: Record<string, string>) => a["@Primary"] === "true") ?? aliases[0];
    const addresses = asArray(profile.Feature)
      .filter((f: Record<string, string>) => ethTypeIds.has(f["@FeatureTypeID"]))
      .flatMap((f: XmlNode) => asArray(f.FeatureVersion).map((v: Record<string, unknown>) => ethAddress(text(v.VersionDetail))))
      .filter((a): a is Address => a !== undefined);
    const facts = factsOf(profile);
    return {
      uid: String(party["@FixedRef"] ?? profile["@ID"] ?? ""),
      name: primary ? nameOf(primary) : "",
      type: facts.type,
      aliases: aliases
        .filter((a) => a !== primary)
        .map(nameOf)
        .filter(Boolean),
      programs: [],
      addresses,
      kind: partyKind(facts.type),
      datesOfBirth: facts.datesOfBirth,
      nationalities: facts.nationalities,
    };
  });
  return { source: "SDN_ADVANCED.XML", publishedAt, entries };
}

/** Splits one CSV line, honouring double quotes. */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      out.push(field);
      field = "";
    } else field += c;
  }
  out.push(field);
  return out;
}

/** Aliases in SDN.CSV remarks: "a.k.a. 'NAME'", also former ("f.k.a.") and new ("n.k.a.") names. */
function csvAliases(remarks: string): string[] {
  // A name may itself hold an apostrophe (AL-MU'TAMAR): it ends at a quote followed by ";", "." at the end, or the end.
  return [...remarks.matchAll(/\b[afn]\.k\.a\.\s+'(.+?)'(?=\s*;|\.?\s*$)/g)].map((m) => m[1].trim()).filter(Boolean);
}

/**
 * Parses SDN.CSV (no header; ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
 * Vess_flag, Vess_owner, Remarks; "-0-" for empty). Addresses sit in Remarks as
 * "Digital Currency Address - ETH 0x...;". The CSV carries no publication date, so the caller gives it.
 */
export function parseSdnCsv(csv: string, publishedAt: string): SanctionsList {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(publishedAt)) throw new Error(`publication date "${publishedAt}" is not YYYY-MM-DD`);
  const empty = (v: string | undefined) => (v === undefined || v.trim() === "-0-" ? "" : v.trim());
  const entries: SanctionsEntry[] = [];
  for (const line of csv.split(/\r?\n/)) {
    if (line.trim() === "" || line.startsWith("\u001a")) continue;
    const f = csvFields(line);
    if (f.length < 12 || !/^\d+$/.test(f[0].trim())) throw new Error(`not an SDN.CSV row: ${line.slice(0, 60)}`);
    const remarks = empty(f[11]);
    const addresses = [...remarks.matchAll(/Digital Currency Address - ETH\s+(0x[0-9a-fA-F]{40})/g)].map((m) => getAddress(m[1]));
    const type = empty(f[2]) || "Entity";
    entries.push({
      uid: f[0].trim(),
      name: empty(f[1]),
      type,
      aliases: csvAliases(remarks),
      programs: empty(f[3])
        .split(/\]\s*\[|;/)
        .map((p) => p.replace(/[[\]]/g, "").trim())
        .filter(Boolean),
      addresses,
      kind: partyKind(type),
      datesOfBirth: dates([...remarks.matchAll(/(?:^|;\s*)(?:alt\.\s+)?DOB\s+([^;]+?)\s*(?=;|\.?$)/g)].map((m) => m[1])),
      nationalities: codes([...remarks.matchAll(/(?:^|;\s*)(?:alt\.\s+)?(?:nationality|citizen)\s+([^;]+?)\s*(?=;|\.?$)/g)].map((m) => m[1])),
    });
  }
  return { source: "SDN.CSV", publishedAt, entries };
}

export interface ListDiff {
  added: SanctionsEntry[];
  removed: SanctionsEntry[];
  addressesAdded: Address[];
  addressesRemoved: Address[];
}

/** What changed from one publication to the next: parties and Ethereum addresses added and removed. */
export function diffLists(previous: SanctionsList | undefined, next: SanctionsList): ListDiff {
  const before = new Map((previous?.entries ?? []).map((e) => [e.uid, e]));
  const after = new Map(next.entries.map((e) => [e.uid, e]));
  const addressesBefore = new Set((previous?.entries ?? []).flatMap((e) => e.addresses));
  const addressesAfter = new Set(next.entries.flatMap((e) => e.addresses));
  return {
    added: next.entries.filter((e) => !before.has(e.uid)),
    removed: (previous?.entries ?? []).filter((e) => !after.has(e.uid)),
    addressesAdded: [...addressesAfter].filter((a) => !addressesBefore.has(a)),
    addressesRemoved: [...addressesBefore].filter((a) => !addressesAfter.has(a)),
  };
}
