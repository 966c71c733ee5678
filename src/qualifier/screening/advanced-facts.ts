import { countryCode } from "./countries.js";
import type { XmlNode } from "./xml-node.js";

type Node = XmlNode;

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const text = (v: unknown): string =>
  (v === undefined || v === null ? "" : typeof v === "object" ? String((v as { "#text"?: unknown })["#text"] ?? "") : String(v)).trim();

/** A From or To of an SDN_ADVANCED.XML date period as "YYYY", "YYYY-MM" or "YYYY-MM-DD". */
function datePart(node: Node | undefined): string | undefined {
  const year = text(node?.Year);
  if (!/^\d{4}$/.test(year)) return undefined;
  const month = text(node?.Month);
  const day = text(node?.Day);
  if (!/^\d{1,2}$/.test(month)) return year;
  return /^\d{1,2}$/.test(day) ? `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}` : `${year}-${month.padStart(2, "0")}`;
}

/**
 * Reads, for each profile of an SDN_ADVANCED.XML publication, what the screening uses beyond names: the
 * party type (through its subtype's party type), dates of birth ("Birthdate" features: a date, or a range
 * "from/to"), and nationalities and citizenships ("Nationality Country", "Citizenship Country" features,
 * through their location's country).
 */
export function advancedFacts(root: Node): (profile: Node) => { type: string; datesOfBirth: string[]; nationalities: string[] } {
  const sets = root.ReferenceValueSets ?? {};
  const partyTypes = new Map(asArray(sets.PartyTypeValues?.PartyType).map((p: Node) => [p["@ID"], text(p)]));
  const subTypes = new Map(asArray(sets.PartySubTypeValues?.PartySubType).map((p: Node) => [p["@ID"], p]));
  const featureNames = new Map(asArray(sets.FeatureTypeValues?.FeatureType).map((f: Node) => [f["@ID"], text(f)]));
  const countries = new Map(
    asArray(sets.CountryValues?.Country).map((c: Node) => [c["@ID"], (c["@ISO2"] as string | undefined)?.toUpperCase() || countryCode(text(c))]),
  );
  const locations = new Map(
    asArray(root.Locations?.Location).map((l: Node) => [
      l["@ID"],
      asArray(l.LocationCountry)
        .map((c: Node) => countries.get(c["@CountryID"]))
        .find(Boolean),
    ]),
  );
  return (profile) => {
    const subType = subTypes.get(profile["@PartySubTypeID"]);
    const subTypeName = subType ? text(subType) : "";
    // Individuals and entities carry the subtype "Unknown"; their kind is the party type's.
    const type = subTypeName && subTypeName !== "Unknown" ? subTypeName : (partyTypes.get(subType?.["@PartyTypeID"]) ?? subTypeName);
    const datesOfBirth: string[] = [];
    const nationalities: string[] = [];
    for (const feature of asArray(profile.Feature) as Node[]) {
      const name = featureNames.get(feature["@FeatureTypeID"]);
      for (const version of asArray(feature.FeatureVersion) as Node[]) {
        if (name === "Birthdate") {
          const period = asArray(version.DatePeriod)[0] as Node | undefined;
          const from = datePart(period?.Start?.From);
          const to = datePart(period?.End?.To) ?? datePart(period?.Start?.To);
          if (from) datesOfBirth.push(to && to !== from ? `${from}/${to}` : from);
        } else if (name === "Nationality Country" || name === "Citizenship Country") {
          for (const at of asArray(version.VersionLocation) as Node[]) {
            const code = locations.get(at["@LocationID"]);
            if (code) nationalities.push(code);
          }
        }
      }
    }
    return { type, datesOfBirth: [...new Set(datesOfBirth)], nationalities: [...new Set(nationalities)] };
  };
}
