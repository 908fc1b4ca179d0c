/**
 * The board's charts and the model page they lead to, in Chromium on real runner output, at desktop and phone
 * width, light and dark: hovering or focusing a point names the model and team with its figures, a click (or
 * Enter) opens the model page, the axes carry nice SI ticks that enclose every point, the legend sits clear of
 * the plot, the marks stand out from the page in both colour schemes, and no figure is in exponent notation.
 */
import { expect, test, type Locator, type Page } from "@playwright/test";
import { checkPage, viewports, type ViewportName } from "./accessibility";
import { seedLeaderboard, type SeededBoard } from "./fixtures/seed-board";

let seeded: SeededBoard;
let boardUrl: string;

test.beforeAll(async () => {
  seeded = await seedLeaderboard();
  boardUrl = `/competitions/${seeded.competitionSlug}/tracks/${seeded.trackId}`;
});

/** "7.31e+8", "1.5E-5": a figure in exponent notation. */
// JavaScript's exponent forms always carry a sign ("1.54e-5", "7.31e+8"); a bare "9e0" is a random id's hex.
const EXPONENT = /\d(\.\d+)?e[+-]\d/i;

const energyChart = (page: Page) => page.getByTestId("chart-energy");

/** Centre x of each box, for comparing ticks with points. */
async function centresX(locator: Locator): Promise<number[]> {
  return locator.evaluateAll((elements) =>
    elements.map((element) => {
      const box = element.getBoundingClientRect();
      return box.left + box.width / 2;
    }),
  );
}

/** WCAG contrast ratio of an SVG mark's fill against the page background, painted on a canvas to read oklch() as sRGB. */
async function contrastAgainstPage(mark: Locator): Promise<number> {
  return mark.evaluate((element) => {
    const canvas = document.createElement("canvas");
    canvas.width = 1;
    canvas.height = 1;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    if (!context) throw new Error("no 2d canvas");
    const channel = (value: number) => {
      const srgb = value / 255;
      return srgb <= 0.04045 ? srgb / 12.92 : ((srgb + 0.055) / 1.055) ** 2.4;
    };
    const luminance = (color: string) => {
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, 1, 1);
      context.fillStyle = color;
      context.fillRect(0, 0, 1, 1);
      const [red = 0, green = 0, blue = 0] = context.getImageData(0, 0, 1, 1).data;
      return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue);
    };
    const mark = luminance(getComputedStyle(element).fill);
    const page = luminance(getComputedStyle(document.body).backgroundColor);
    return (Math.max(mark, page) + 0.05) / (Math.min(mark, page) + 0.05);
  });
}

for (const scheme of ["light", "dark"] as const) {
  for (const viewport of Object.keys(viewports) as ViewportName[]) {
    test(`the charts name each point, link it, and read plainly (${scheme}, ${viewport})`, async ({
      page,
    }, testInfo) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize(viewports[viewport]);
      await page.goto(boardUrl);
      const chart = energyChart(page);
      const points = chart.getByTestId("chart-point");
      // Every ranked or below-threshold entry with an energy figure: the five teams' best and the baseline.
      await expect(points).toHaveCount(6);

      // Ticks: SI units, no exponents, and the first and last enclose every point.
      await chart.scrollIntoViewIfNeeded();
      const ticks = chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value");
      // Recharts draws the axes once it has measured its box, after the points.
      await expect(ticks.first()).toBeVisible();
      const tickTexts = await ticks.allTextContents();
      expect(tickTexts.length).toBeGreaterThanOrEqual(2);
      for (const text of tickTexts) expect(text).toMatch(/^\d+(\.\d+)? [pnµm]?Wh$/);
      const tickX = await centresX(ticks);
      const pointX = await centresX(points.locator("[data-mark]"));
      expect(Math.min(...tickX)).toBeLessThanOrEqual(Math.min(...pointX) + 0.5);
      expect(Math.max(...tickX)).toBeGreaterThanOrEqual(Math.max(...pointX) - 0.5);
      for (const text of await chart
        .locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value")
        .allTextContents())
        expect(text).toMatch(/^\d+(\.\d+)?%$/);
      const latencyTicks = await page
        .getByTestId("chart-latency")
        .locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value")
        .allTextContents();
      for (const text of latencyTicks) expect(text).toMatch(/^\d+(\.\d+)? [pnµm]?s$/);

      // The legend is below the plot, never over it.
      const plot = await chart.locator(".recharts-cartesian-grid").boundingBox();
      const legend = await chart.getByTestId("chart-legend").boundingBox();
      expect(plot && legend).toBeTruthy();
      expect(legend!.y).toBeGreaterThanOrEqual(plot!.y + plot!.height);
      await expect(chart.getByTestId("chart-legend")).toContainText("Baselines");

      // The baseline's diamond and a submission's dot stand out from the page (WCAG 1.4.11 asks 3:1).
      expect(await contrastAgainstPage(chart.locator('[data-mark="baseline"]'))).toBeGreaterThanOrEqual(3);
      expect(await contrastAgainstPage(chart.locator('[data-mark="submission"]').first())).toBeGreaterThanOrEqual(3);

      // Hover: the model, its team and its figures in the site's units.
      const baseline = points.and(page.locator("[data-baseline]"));
      await baseline.hover();
      const tooltip = chart.getByTestId("chart-tooltip");
      await expect(tooltip).toBeVisible();
      await expect(tooltip).toContainText("sst2-bag-d16");
      await expect(tooltip).toContainText("Organizers");
      await expect(tooltip).toContainText(/Energy \d+(\.\d+)? [pnµm]?Wh per 1,000 inferences/);
      await expect(tooltip).toContainText(/Latency p90 \d+(\.\d+)? [pnµm]?s/);
      await expect(tooltip).toContainText("baseline");
      expect(await tooltip.textContent()).not.toMatch(EXPONENT);
      await chart.screenshot({ path: testInfo.outputPath(`chart-energy-hover-${scheme}-${viewport}.png`) });
      await page
        .getByTestId("chart-latency")
        .screenshot({ path: testInfo.outputPath(`chart-latency-${scheme}-${viewport}.png`) });
      await checkPage(page, testInfo, `board-charts-${scheme}`, viewport);

      // A click opens the model page, where no figure is in exponent notation.
      await baseline.click();
      await expect(page).toHaveURL(new RegExp(`/models/${seeded.models["sst2-bag-d16"]}$`));
      await expect(page.getByRole("heading", { level: 1 })).toContainText("sst2-bag-d16");
      await expect(page.getByTestId("measurements")).toContainText(/\d+(\.\d+)? [pnµm]?Wh/);
      expect(await page.locator("main").innerText()).not.toMatch(EXPONENT);
      await checkPage(page, testInfo, `model-figures-${scheme}`, viewport);
    });
  }
}

test("a point is reached with the keyboard: focus shows its figures and Enter opens its model page", async ({
  page,
}) => {
  await page.goto(boardUrl);
  const point = energyChart(page)
    .getByTestId("chart-point")
    .filter({ has: page.locator("[data-mark]") })
    .and(page.locator(`[href="/models/${seeded.models["sst2-ngram-mlp-teacher"]}"]`));
  await point.focus();
  await expect(point).toBeFocused();
  await expect(point).toHaveAccessibleName(
    /sst2-ngram-mlp-teacher by Amps.*Energy .* per 1,000 inferences.*Opens the model page/,
  );
  const tooltip = energyChart(page).getByTestId("chart-tooltip");
  await expect(tooltip).toContainText("sst2-ngram-mlp-teacher");
  await expect(tooltip).toContainText("Amps");
  await page.keyboard.press("Escape");
  await expect(tooltip).toHaveCount(0);
  await point.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/models/${seeded.models["sst2-ngram-mlp-teacher"]}$`));
});

test("the model page writes every figure in the site's units, the lifetime panel's totals included", async ({
  page,
}) => {
  await page.goto(`/models/${seeded.models["sst2-ngram-mlp-teacher"]}`);
  const measurements = page.getByTestId("measurements");
  await expect(measurements.getByRole("row", { name: /Energy per 1,000 inferences/ }).first()).toContainText(
    /\d+(\.\d+)? [pnµm]?Wh/,
  );
  // The interval shares its prefix and writes the unit once: "18.1–20.3 µWh".
  await expect(measurements.getByRole("row", { name: /Energy per 1,000 inferences/ }).first()).toContainText(
    /\d+(\.\d+)?–\d+(\.\d+)? [pnµm]?Wh/,
  );
  await expect(measurements).not.toContainText("(J)");
  await expect(page.getByTestId("lifetime-queries")).toHaveText("731 million");
  await expect(page.getByTestId("lifetime-inference-kwh")).toHaveText(/^\d+(\.\d+)? [kMmµ]?Wh$/);
  await expect(page.getByTestId("lifetime-carbon")).toHaveText(/^\d+(\.\d+)? [kMmµ]?g CO2e$/);
  await page.getByTestId("lifetime-queriesPerDay").fill("50000000000");
  await expect(page.getByTestId("lifetime-queries")).toHaveText("36.5 trillion");
  await expect(page.getByTestId("host")).toContainText(/\b1 core\b|\d+ cores/);
  expect(await page.locator("main").innerText()).not.toMatch(EXPONENT);
  // The badge on the page says the same figure the same way.
  const badge = await (await page.request.get(`/badges/${seeded.models["sst2-ngram-mlp-teacher"]}`)).text();
  expect(badge).toMatch(/\d+(\.\d+)? µWh\/1k est\./);
  expect(badge).not.toMatch(/\de[+-]?\d+ ?[pnµm]?Wh/i);
});

test("the home page's flagship chart names its points and leads to their model pages", async ({ page }) => {
  await page.goto("/");
  const chart = page.getByTestId("flagship-board").getByTestId("chart-energy");
  const point = chart.getByTestId("chart-point").first();
  await expect(point).toBeVisible();
  const href = await point.getAttribute("href");
  expect(href).toMatch(/^\/models\/[0-9a-f-]+$/);
  await point.hover();
  await expect(chart.getByTestId("chart-tooltip")).toContainText(/Energy \d+(\.\d+)? [pnµm]?Wh per 1,000 inferences/);
  for (const text of await chart
    .locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value")
    .allTextContents())
    expect(text).toMatch(/^\d+(\.\d+)? [pnµm]?Wh$/);
  await point.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
});
