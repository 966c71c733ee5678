import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { writeStressReport } from "../../src/stress/report/write.js";
import { escapeHtml, jsonForScript } from "../../src/stress/report/escape.js";
import { HOSTILE, sampleReport } from "../support/stress-sample.js";

const CHROMIUM = process.env.QUALIFIED_CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"];

describe("The stress report (JSON and self-contained HTML)", () => {
  let dir: string;
  let paths: { json: string; html: string };
  let html: string;
  let browser: Browser;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "stress-report-"));
    paths = await writeStressReport(sampleReport(), join(dir, "out"));
    html = await readFile(paths.html, "utf8");
    assert.ok(existsSync(CHROMIUM), `the HTML test needs Chromium at ${CHROMIUM} (Debian package chromium)`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  });
  after(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the report as exact JSON", async () => {
    assert.deepEqual(JSON.parse(await readFile(paths.json, "utf8")), sampleReport());
  });

  it("escapes text and script-embedded JSON", () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    const embedded = jsonForScript({ name: "</script><!--\u2028" });
    assert.ok(!/[<>&\u2028]/.test(embedded));
    assert.deepEqual(JSON.parse(embedded), { name: "</script><!--\u2028" });
  });

  it("has no external URL and never writes a hostile name unescaped", () => {
    const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, "$1</script>");
    const tags = markup.match(/<[a-z][^>]*>/gi) ?? [];
    for (const tag of tags) assert.ok(!/\b(src|href|action|srcset)\s*=/i.test(tag), `tag loads a resource: ${tag}`);
    assert.ok(!/<link\b|@import|url\(\s*['"]?https?:/i.test(markup), "no stylesheet or font from the network");
    assert.equal(html.split("<script>window.__pwned").length, 1, "the hostile <script> appears only escaped");
    assert.ok(html.includes(escapeHtml(HOSTILE)));
    assert.equal((html.match(/<script\b/g) ?? []).length, 3, "the data, the ECharts bundle and the drawing script");
  });

  it("parses in a browser, loads nothing, runs no injected script and draws every chart", async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(pathToFileURL(paths.html).href, { waitUntil: "load" });
    assert.deepEqual(requests, [pathToFileURL(paths.html).href], "the page requests nothing but itself");
    assert.deepEqual(errors, [], "no script error and no Content-Security-Policy violation");
    assert.equal(await page.evaluate<number | undefined>("window.__pwned"), undefined);
    assert.equal(await page.evaluate<number>(`document.querySelectorAll("img").length`), 0, "the hostile <img> stayed text");
    const title = await page.title();
    assert.ok(title.includes(HOSTILE), "the hostile scenario name shows as text");

    const text = await page.evaluate<string>("document.body.innerText");
    for (const figure of [
      "1234.5",
      "25000",
      "31415",
      "987.65",
      "600.5",
      "4870.25",
      "246.5",
      "0.1250",
      "no-qualified-liquidator",
      "0x3333333333333333333333333333333333333333",
    ]) {
      assert.ok(text.includes(figure), `the page shows ${figure}`);
    }
    const charts = await page.evaluate<{ id: string; canvas: boolean }[]>(
      `[...document.querySelectorAll(".chart")].map((el) => ({ id: el.id, canvas: el.querySelector("canvas") !== null }))`,
    );
    assert.deepEqual(
      charts.map((c) => c.id),
      ["chart-capacity", "chart-rounds", "chart-bad-debt", "chart-losses", "chart-network-0-rounds", "chart-network-0-ranking"],
    );
    assert.ok(
      charts.every((c) => c.canvas),
      "ECharts drew a canvas in every chart",
    );
    await page.close();
  });
});
