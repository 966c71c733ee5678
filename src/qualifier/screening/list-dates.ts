const MONTHS: Record<string, string> = {
  jan: "01",
  feb: "02",
  mar: "03",
  apr: "04",
  may: "05",
  jun: "06",
  jul: "07",
  aug: "08",
  sep: "09",
  oct: "10",
  nov: "11",
  dec: "12",
};

/** "31 Jan 1962", "Jan 1962", "1962" or "1962-01-31" to "1962-01-31", "1962-01", "1962"; undefined otherwise. */
function oneDate(value: string): string | undefined {
  const v = value.trim();
  let m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(v);
  if (m) return [m[1], m[2], m[3]].filter(Boolean).join("-");
  m = /^(?:(\d{1,2})\s+)?([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$/.exec(v);
  if (m && MONTHS[m[2].toLowerCase()]) return m[1] ? `${m[3]}-${MONTHS[m[2].toLowerCase()]}-${m[1].padStart(2, "0")}` : `${m[3]}-${MONTHS[m[2].toLowerCase()]}`;
  return undefined;
}

/**
 * A date as the list writes dates of birth, normalized: "YYYY-MM-DD", "YYYY-MM", "YYYY", or a range
 * "from/to" ("1960 to 1962", "circa 1962" as one year either side). Undefined when unreadable.
 */
export function listDate(value: string): string | undefined {
  const v = value.trim();
  const circa = /^circa\s+(\d{4})$/i.exec(v);
  if (circa) return `${Number(circa[1]) - 1}/${Number(circa[1]) + 1}`;
  const range = /^(.+?)\s+to\s+(.+)$/i.exec(v);
  if (range) {
    const from = oneDate(range[1]);
    const to = oneDate(range[2]);
    return from && to ? `${from}/${to}` : undefined;
  }
  return oneDate(v);
}

/** The first and last day a listed date (or range) covers, as "YYYY-MM-DD". */
export function dateSpan(listed: string): [string, string] {
  const [from, to = from] = listed.split("/");
  const start = from.length === 4 ? `${from}-01-01` : from.length === 7 ? `${from}-01` : from;
  const end = to.length === 4 ? `${to}-12-31` : to.length === 7 ? `${to}-31` : to;
  return [start, end];
}
