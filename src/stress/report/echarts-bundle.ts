// The ECharts minified bundle, read once from the installed package and inlined into every report so the
// page draws its charts with no network.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

let bundle: string | undefined;

/** The source of echarts/dist/echarts.min.js, safe to place inside a <script> element. */
export function echartsBundle(): string {
  if (bundle === undefined) {
    const path = createRequire(import.meta.url).resolve("echarts/dist/echarts.min.js");
    // A literal "</script" inside the bundle would end the element early; escape it if a release ever has one.
    bundle = readFileSync(path, "utf8").replace(/<\/script/gi, "<\\/script");
  }
  return bundle;
}
