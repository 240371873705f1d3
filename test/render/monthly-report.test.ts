import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/run-funnel.js";
import { runMain } from "../helpers/run-main.js";

// Debian's Chromium (.ci/run installs it when missing); flags for a machine with no network.
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const chromiumFlags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const artifacts = join(repoRoot, "test", "artifacts");
// CI installs Chromium and must run this test; on a machine without it, it is skipped, saying so.
const hasChromium = existsSync(chromiumPath);
if (!hasChromium && process.env.CI === "true")
  throw new Error(
    `no Chromium at ${chromiumPath}: apt-get install chromium (or set CHROMIUM_PATH)`,
  );
if (!hasChromium)
  console.warn(
    `skipping the browser test: no Chromium at ${chromiumPath} (apt-get install chromium)`,
  );

const dir = mkdtempSync(join(tmpdir(), "funnel-html-"));
const db = join(dir, "funnel.db");
const funnel = (...args: string[]) => runMain(["--db", db, ...args]);
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  for (const args of [
    ["import", "fixtures/reps.csv", "--type", "reps"],
    ["import", "fixtures/leads.csv"],
    ["import", "fixtures/deals.csv", "--type", "deals"],
    ["import", "fixtures/quotas.csv", "--type", "quotas"],
  ]) {
    expect((await funnel(...args)).code).toBe(0);
  }
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(hasChromium)("the monthly report as HTML, in a real browser", () => {
  it("draws its charts, with the figures of the JSON form, from one self-contained file", async () => {
    const period = ["--period", "2026-10", "--as-of", "2026-11-27"];
    const written = await funnel(
      "report",
      "monthly",
      ...period,
      "--out",
      join(dir, "monthly-{period}.html"),
    );
    expect(written.stderr).toBe("");
    expect(written.code).toBe(0);
    const file = join(dir, "monthly-2026-10.html");
    const data = JSON.parse((await funnel("report", "monthly", ...period, "--json")).stdout);

    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href);
    // Nothing but the file itself: no network, no external asset.
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(await page.title()).toBe("Monthly report 2026-10");

    // Three charts, each drawn with a real size.
    const charts = page.locator("figure svg");
    expect(await charts.count()).toBe(3);
    for (let index = 0; index < 3; index++) {
      const box = await charts.nth(index).boundingBox();
      expect(box?.width).toBeGreaterThan(300);
      expect(box?.height).toBeGreaterThan(100);
    }

    // The funnel chart: a bar per stage, as wide as its count, the counts of the JSON form.
    const bars = page.locator('[data-section^="Funnel"] rect.bar');
    const drawn = await bars.evaluateAll((rects) =>
      rects.map((rect) => ({
        stage: rect.getAttribute("data-label"),
        leads: Number(rect.getAttribute("data-value")),
        width: rect.getBoundingClientRect().width,
      })),
    );
    expect(drawn.map((bar) => [bar.stage, bar.leads])).toEqual(
      data.funnel.map((row: { stage: string; leads: number }) => [row.stage, row.leads]),
    );
    const top = drawn[0]?.width ?? 0;
    expect(top).toBeGreaterThan(100);
    for (const bar of drawn) {
      if (bar.leads > 0) expect(bar.width / top).toBeCloseTo(bar.leads / (drawn[0]?.leads ?? 1), 1);
    }

    // Attainment: a bar per rep with the achieved amount, and the table shows the same figures.
    const achieved = await page
      .locator('[data-section^="Quota"] rect.bar')
      .evaluateAll((rects) =>
        rects.map((rect) => [
          rect.getAttribute("data-label"),
          Number(rect.getAttribute("data-value")),
        ]),
      );
    const reps = data.quota.filter((row: { rep: string }) => row.rep !== "total");
    expect(achieved.map(([rep]) => rep)).toEqual(reps.map((row: { rep: string }) => row.rep));
    const cells = await page
      .locator('[data-section^="Quota"] td[data-key="achieved"]')
      .allTextContents();
    expect(cells.map((text) => Number(text.replace(/,/g, "")))).toEqual(
      data.quota.map((row: { achieved: number }) => row.achieved),
    );

    // The MQL trend: a point per source and month.
    const points = await page.locator('[data-section^="MQLs"] circle.point').count();
    expect(points).toBe(data.mql_trend.length * 6);

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, "monthly-report.png"), fullPage: true });
    await page.close();
  });
});
