// Writes a stress report to a directory as report.json (the exact data) and report.html (the page).
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { StressReport } from "../types.js";
import { renderStressReportHtml } from "./html.js";

/** Writes `report.json` and `report.html` into `outDir` (created if missing); returns their paths. */
export async function writeStressReport(report: StressReport, outDir: string): Promise<{ json: string; html: string }> {
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true });
  const json = join(dir, "report.json");
  const html = join(dir, "report.html");
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`, "utf8");
  await writeFile(html, renderStressReportHtml(report), "utf8");
  return { json, html };
}
