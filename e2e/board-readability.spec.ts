/**
 * The board read at a glance, at 1280 and 390 px, light and dark (axe-core on each, screenshots under
 * test-results/): figures in SI prefixes with no exponent anywhere, the headline column named by the track's metric
 * and the energy kind said once, "=1" ties with one note, the page's full width with sticky rank and model columns,
 * long names cut with the whole name on hover and focus, a column chooser kept in the address, the visitor's view
 * figure next to the model, the compact ranking first on a phone with the rules folded below it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { expect, test, type Page } from "@playwright/test";
import { createDatabaseClient } from "../db/client";
import { submissions } from "../db/schema";
import { checkPage, viewports } from "./accessibility";
import { seedLeaderboard, type SeededBoard } from "./fixtures/seed-board";
import { E2E_DATA_DIR } from "./mailbox";

// JavaScript's exponent forms always carry a sign ("1.54e-5", "7.31e+8"); a bare "9e0" is a random id's hex.
const EXPONENT = /\d(\.\d+)?e[+-]\d/i;
const LONG_NAME =
  "sst2-bag-d16-distilled-from-the-teacher-with-a-long-descriptive-name-that-once-pushed-every-number-off-screen";

let seeded: SeededBoard;
let boardUrl: string;

test.beforeAll(async () => {
  seeded = await seedLeaderboard();
  boardUrl = `/competitions/${seeded.competitionSlug}/tracks/${seeded.trackId}`;
  // A team that names its model at length, before any page has read the board.
  const client = createDatabaseClient(readFileSync(path.join(E2E_DATA_DIR, "database-url"), "utf8").trim(), { max: 1 });
  try {
    await client.db
      .update(submissions)
      .set({ name: LONG_NAME })
      .where(eq(submissions.id, seeded.models["sst2-bag-d16-distilled"]!));
  } finally {
    await client.close();
  }
});

const rows = (page: Page) => page.getByTestId("board-row");
const table = (page: Page) => page.getByTestId("board-table");

async function expectNoExponent(page: Page, selector: string): Promise<number> {
  const texts = await page.locator(selector).allTextContents();
  for (const text of texts) expect(text, `"${text}" is in exponent notation`).not.toMatch(EXPONENT);
  return texts.length;
}

for (const scheme of ["light", "dark"] as const) {
  test(`at 1280 px (${scheme}): readable figures, metric header, one tie note, full width, sticky columns, chooser, view figures`, async ({
    page,
  }, testInfo) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize(viewports.desktop);
    await page.goto(boardUrl);
    await expect(page.getByRole("button", { name: /^p90/ })).toBeEnabled();

    // Item 1: no exponent in any cell or header; energy's one prefix and unit named in its header.
    expect(
      await expectNoExponent(page, '[data-testid="board-table"] td, [data-testid="board-table"] th'),
    ).toBeGreaterThan(40);
    await expectNoExponent(page, '[data-testid="star-bands"]');
    await expect(page.getByTestId("star-bands")).toContainText(/[µm]?Wh per 1,000 inferences/);
    const energyHeader = table(page).locator('th[data-column="energyWhPerThousand"]');
    await expect(energyHeader).toContainText(/^Energy, estimated[µmnk]?Wh per 1,000 inferences/);
    // Latency too: one prefix per column, in its header ("p90" over "µs"), the cells plain figures in it.
    await expect(table(page).locator('th[data-column="latencyP90Ms"]')).toContainText(/^p90[mµn]?s/);

    // Item 2: the headline column is the track's metric; the kind is said once, no badge on rows of that kind.
    await expect(table(page).locator('th[data-column="quality"]')).toHaveText("Accuracy");
    await expect(table(page).getByRole("columnheader", { name: "Quality" })).toHaveCount(0);
    await expect(table(page).locator("tbody").getByText("estimated", { exact: true })).toHaveCount(0);

    // Item 3: "=1" on three rows, their reason once under the table and pointed at from each.
    await expect(page.getByTestId("rank").filter({ hasText: "=1" })).toHaveCount(3);
    await expect(page.getByTestId("tie-note")).toHaveCount(1);
    await expect(page.getByTestId("tie-note")).toContainText("intervals overlap");
    await expect(page.getByTestId("rank").filter({ hasText: "=1" }).first()).toHaveAttribute(
      "aria-describedby",
      "board-tie-note",
    );
    await expect(rows(page).filter({ hasText: "intervals overlap" })).toHaveCount(0);

    // Item 8: what "Each team's best" does with the baselines, said on the page.
    await expect(page.getByTestId("scope-note")).toContainText("baselines are each listed");

    // Item 4: the board is wider than the prose column, and the default columns fit without scrolling sideways.
    const mainWidth = await page.locator("main").evaluate((main) => main.getBoundingClientRect().width);
    expect(mainWidth).toBeGreaterThan(1100);
    const region = page.getByRole("region", { name: "Leaderboard table, scrolls sideways" });
    const fits = await region.evaluate((box) => box.scrollWidth <= box.clientWidth);
    expect(fits, "the default columns fit 1280 px").toBe(true);
    await expect(table(page).locator("thead th")).toHaveCount(7);

    // A long name is cut, whole on hover (title) and on keyboard focus.
    const longLink = page
      .getByTestId("model-link")
      .filter({ hasText: LONG_NAME.slice(0, 20) })
      .first();
    await expect(longLink).toHaveAttribute("title", new RegExp(`^${LONG_NAME}`));
    const cut = (link = longLink) =>
      link.getByTestId("model-name").evaluate((span) => span.scrollWidth > span.clientWidth);
    expect(await cut(), "the long name is truncated").toBe(true);
    await longLink.focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    expect(await cut(), "the focused name is shown whole").toBe(false);
    await checkPage(page, testInfo, `board-readable-${scheme}`, "desktop");

    // The chooser adds every column; the choice is in the address and survives a reload.
    await page.getByText(/^Columns \(/).click();
    const boxes = page.getByTestId("column-chooser").getByRole("checkbox");
    for (const box of await boxes.all()) await box.check();
    await expect(page).toHaveURL(/[?&]cols=team,quality,/);
    await page.reload();
    await expect(table(page).locator('th[data-column="macsPerExample"]')).toBeVisible();
    await expectNoExponent(page, '[data-testid="board-table"] td');
    // On a narrower screen every column no longer fits: scrolled to the far right, rank and model stay put.
    await page.setViewportSize({ width: 1024, height: 800 });
    const firstRow = rows(page).first();
    const before = await firstRow.locator("td").nth(1).boundingBox();
    await region.evaluate((box) => box.scrollTo({ left: box.scrollWidth }));
    expect(await region.evaluate((box) => box.scrollLeft)).toBeGreaterThan(0);
    const after = await firstRow.locator("td").nth(1).boundingBox();
    expect(after?.x).toBeCloseTo(before?.x ?? -1, 0);
    await expect(firstRow.locator("td").first()).toBeInViewport();
    await checkPage(page, testInfo, `board-all-columns-scrolled-${scheme}`, "desktop");
    await region.evaluate((box) => box.scrollTo({ left: 0 }));
    await page.setViewportSize(viewports.desktop);

    // Item 6: the composite score sits next to the model, and moving a weight visibly reorders the board.
    await page.getByLabel("Composite score (your weights)").check();
    await expect(table(page).locator("thead th").nth(2)).toContainText("Composite score");
    await expectNoExponent(page, '[data-testid="view-figure"]');
    for (const metric of ["quality", "latencyP90", "throughput", "memory"])
      await page.getByTestId(`weight-${metric}`).fill("0");
    await page.getByTestId("weight-energy").fill("1");
    await expect(rows(page).first().getByTestId("view-figure")).toHaveText("1.00");
    const energyFirst = await rows(page).first().getByTestId("model-name").textContent();
    await page.getByTestId("weight-energy").fill("0");
    await page.getByTestId("weight-quality").fill("1");
    await expect(rows(page).first().getByTestId("model-name")).not.toHaveText(energyFirst ?? "");
    // The lifetime view: its energy next to the model, in SI prefixes.
    await page.getByLabel("Lifetime energy (your deployment)").check();
    await expect(table(page).locator("thead th").nth(2)).toContainText("Lifetime energy");
    await expect(rows(page).first().getByTestId("view-figure")).toContainText(/\d [kMG]?Wh/);
    await expectNoExponent(page, '[data-testid="board-table"] td');
    await checkPage(page, testInfo, `board-lifetime-${scheme}`, "desktop");
  });

  test(`at 390 px (${scheme}): the ranking first as a compact list, the rules folded below it`, async ({
    page,
  }, testInfo) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize(viewports.phone);
    await page.goto(boardUrl);
    const compact = page.getByTestId("board-compact");
    await expect(compact).toBeVisible();
    await expect(table(page)).toBeHidden();
    await expect(page.getByTestId("board-compact-row")).toHaveCount(6);
    await expect(compact).toContainText("Accuracy");
    await expectNoExponent(page, '[data-testid="board-compact"]');
    // First row: rank, model, accuracy and energy all on screen.
    const first = page.getByTestId("board-compact-row").first();
    await expect(first).toContainText(/=1/);
    await expect(first).toContainText(/\d+\.\d%/);
    await expect(first).toBeInViewport();
    // The rules are a closed <details>, after the ranking.
    const rules = page.getByTestId("board-rules");
    await expect(rules).not.toHaveAttribute("open");
    const listTop = (await compact.boundingBox())!.y;
    const rulesTop = (await rules.boundingBox())!.y;
    expect(rulesTop).toBeGreaterThan(listTop);
    await checkPage(page, testInfo, `board-readable-${scheme}`, "phone");
    await page.getByText("How this board ranks").click();
    await expect(page.getByTestId("star-bands")).toBeVisible();
    await expectNoExponent(page, '[data-testid="star-bands"]');
  });
}

test("the badge and the exports' human columns print energy with SI prefixes", async ({ request }) => {
  const badge = await (await request.get(`/badges/${seeded.models["sst2-bag-d16"]}`)).text();
  expect(badge).toMatch(/\d [µmnk]?Wh\/1k est\./);
  expect(badge).not.toMatch(EXPONENT);
  const api = `/api/v1/competitions/${seeded.competitionSlug}/tracks/${seeded.trackId}`;
  const json = (await (await request.get(`${api}/leaderboard`)).json()) as {
    entries: { energy_joules_per_inference: number; energy_per_1000_text: string }[];
  };
  for (const entry of json.entries) {
    expect(entry.energy_per_1000_text).toMatch(/^\d[\d.,]* [µmnk]?Wh$/);
    expect(typeof entry.energy_joules_per_inference).toBe("number");
  }
  const csv = await (await request.get(`${api}/leaderboard.csv`)).text();
  expect(csv.split("\n")[0]).toContain("energy_per_1000_text");
});
