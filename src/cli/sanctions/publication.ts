import { readFileSync, statSync } from "node:fs";
import { QualifiedError } from "../../sdk/index.js";
import { parseSdnAdvancedXml, parseSdnCsv, parseSdnXml, type SanctionsList } from "../../qualifier/screening/ofac.js";

/** The largest publication read: SDN_ADVANCED.XML is about 100 MB today. */
const MAX_BYTES = 512 * 1024 * 1024;

/**
 * Reads an OFAC publication in any of its three formats, told apart by their content: SDN.XML (`<sdnList>`),
 * SDN_ADVANCED.XML (`<Sanctions>`), else SDN.CSV, which carries no date, so `published` (YYYY-MM-DD) is needed.
 */
export function readPublication(path: string, published?: string): SanctionsList {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new QualifiedError(`no file at ${path}: give an OFAC publication (SDN.XML, SDN_ADVANCED.XML or SDN.CSV)`);
  }
  if (size > MAX_BYTES)
    throw new QualifiedError(`${path} is ${Math.round(size / 1048576)} MB: larger than any OFAC publication (${MAX_BYTES / 1048576} MB at most)`);
  const content = readFileSync(path, "utf8");
  const head = content.slice(0, 4096);
  try {
    if (/<sdnList[\s>]/.test(head)) return withDate(parseSdnXml(content), published);
    if (/<Sanctions[\s>]/.test(head)) return withDate(parseSdnAdvancedXml(content), published);
  } catch (error) {
    throw new QualifiedError(`${path} could not be read as an OFAC publication: ${(error as Error).message}`);
  }
  if (published === undefined)
    throw new QualifiedError(`${path} reads as SDN.CSV, which carries no date: give --published YYYY-MM-DD (the date OFAC published it)`);
  try {
    return parseSdnCsv(content, published);
  } catch (error) {
    throw new QualifiedError(`${path} is not an OFAC publication (SDN.XML, SDN_ADVANCED.XML or SDN.CSV): ${(error as Error).message}`);
  }
}

/** An XML publication carries its own date; a --published that disagrees is a mistake worth stopping on. */
function withDate(list: SanctionsList, published?: string): SanctionsList {
  if (published !== undefined && published !== list.publishedAt) {
    throw new QualifiedError(`the publication says it was published on ${list.publishedAt}, not ${published}: leave out --published for ${list.source}`);
  }
  return list;
}
