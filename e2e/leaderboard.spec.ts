/**
 * The leaderboard in Chromium, on real runner output (e2e/fixtures/board-results.json): ranks with shared ranks
 * from overlapping intervals, stars with their bands, the Pareto chart, sorting, composite weights, the every-
 * submission toggle, a model page with its lifetime cost, the methodology page, the exports and the badge; axe-core
 * on each page at desktop and phone width and in dark mode, with screenshots saved as test artifacts.
 */
import { expect, test, type Page } from "@playwright/test";
import { checkPage, viewports } from "./accessibility";
import { addFinishedRerun, seedLeaderboard, type SeededBoard } from "./fixtures/seed-board";

let seeded: SeededBoard;
let boardUrl: string;

test.beforeAll(async () => {
  seeded = await seedLeaderboard();
  boardUrl = `/competitions/${seeded.competitionSlug}/tracks/${seeded.trackId}`;
});

const rows = (page: Page) => page.getByTestId("board-row");
const leader = (page: Page) => page.getByTestId("board-leader");

test("a board ranks real submissions with shared ranks, stars and the Pareto chart", async ({ page }, testInfo) => {
  await page.setViewportSize(viewports.desktop);
  await page.goto(boardUrl);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("SST-2 sentiment");
  // Each team's best: six teams (the baseline included), the failed upload not shown to a visitor.
  await expect(rows(page)).toHaveCount(6);
  await expect(page.getByText("broken-upload")).toHaveCount(0);
  const ranked = rows(page).and(page.locator('[data-section="ranked"]'));
  await expect(ranked).toHaveCount(5);
  // The three cheapest share rank 1: their energy intervals overlap the leader's.
  await expect(page.getByTestId("rank").filter({ hasText: "=1" })).toHaveCount(3);
  // Their reason once, under the table.
  await expect(page.getByTestId("tie-note")).toContainText("intervals overlap");
  await expect(rows(page).and(page.locator('[data-section="below-threshold"]'))).toContainText("sst2-bag-d64-pruned90");
  await expect(page.getByTestId("star-bands")).toContainText("5★");
  await expect(page.getByTestId("stars").first()).toHaveAttribute("aria-label", /of 5 stars/);
  // Every entry's energy is estimated, the kind the track ranks: said once, in the energy column's header.
  await expect(page.getByTestId("board-table").locator('th[data-column="energyWhPerThousand"]')).toContainText(
    "estimated",
  );
  // Both charts drawn, each point a link to its model page.
  await expect(page.getByTestId("chart-energy").getByTestId("chart-point")).toHaveCount(6);
  await expect(
    page.getByTestId("chart-energy").locator(".recharts-scatter-line path, .recharts-scatter-line").first(),
  ).toBeAttached();
  await expect(page.getByTestId("chart-latency").getByTestId("chart-point")).toHaveCount(6);
  await checkPage(page, testInfo, "board", "desktop");
  await page.setViewportSize(viewports.phone);
  await checkPage(page, testInfo, "board", "phone");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize(viewports.desktop);
  await checkPage(page, testInfo, "board-dark", "desktop");
});

test("the page's entries carry only what a visitor may see; if they cannot load, the first rows stay and the page says why", async ({
  page,
  request,
}) => {
  const entries = (await (await request.get(`${boardUrl}/entries.json`, { headers: { cookie: "" } })).json()) as {
    modelName: string;
  }[];
  expect(entries).toHaveLength(6);
  expect(entries.map((entry) => entry.modelName)).not.toContain("broken-upload");

  await page.route("**/entries.json*", (route) => route.fulfill({ status: 503, body: "" }));
  await page.goto(boardUrl);
  await expect(page.getByRole("alert").filter({ hasText: "could not be loaded" })).toContainText("503");
  await expect(rows(page)).toHaveCount(6);
  await expect(page.getByRole("radio", { name: "Composite score (your weights)" })).toBeDisabled();
  await expect(page.getByRole("button", { name: /^p90/ })).toBeDisabled();
  await expect(page.getByTestId("charts-loading")).toContainText("did not load");
});

test("sorting, composite weights and the every-submission toggle re-rank in the browser", async ({
  page,
}, testInfo) => {
  await page.goto(boardUrl);
  // Sort by p90 latency, both ways, with the keyboard.
  const p90 = page.getByRole("button", { name: /^p90/ });
  // The headers sort once every entry has loaded (entries.json); until then they are disabled.
  await expect(p90).toBeEnabled();
  await p90.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("columnheader", { name: /^p90/ })).toHaveAttribute("aria-sort", "ascending");
  const p90Values = async () =>
    (
      await rows(page).evaluateAll((trs) =>
        trs.map((tr) => tr.querySelector('td[data-column="latencyP90Ms"]')?.textContent ?? ""),
      )
    ).map((text) => Number.parseFloat(text));
  const ascending = await p90Values();
  expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("columnheader", { name: /^p90/ })).toHaveAttribute("aria-sort", "descending");
  const descending = await p90Values();
  expect(descending).toEqual([...descending].sort((a, b) => b - a));

  // Composite: all weight on energy, then all on quality.
  await page.getByLabel("Composite score (your weights)").check();
  for (const metric of ["quality", "latencyP90", "throughput", "memory"])
    await page.getByTestId(`weight-${metric}`).fill("0");
  await page.getByTestId("weight-energy").fill("1");
  await expect(leader(page)).toHaveText("First: Organizers, sst2-bag-d16");
  await page.getByTestId("weight-energy").fill("0");
  await page.getByTestId("weight-quality").fill("1");
  await expect(leader(page)).toHaveText("First: Amps, sst2-ngram-mlp-teacher");
  await checkPage(page, testInfo, "board-composite", "desktop");

  // Lifetime view: a deployment the visitor describes.
  await page.getByLabel("Lifetime energy (your deployment)").check();
  await page.getByTestId("deployment-queriesPerDay").fill("1000");
  await expect(page.getByRole("columnheader", { name: /Lifetime energy/ })).toBeVisible();
  await expect(rows(page).first()).toContainText(/after|from the first query|never|unknown|is the baseline/);
  await checkPage(page, testInfo, "board-lifetime", "desktop");

  await page.getByRole("link", { name: "Every submission" }).click();
  await expect(rows(page)).toHaveCount(7);
});

test("a model page shows its measurements, trials curve and lifetime cost", async ({ page }, testInfo) => {
  await page.goto(boardUrl);
  await page.getByRole("link", { name: "sst2-ngram-mlp-teacher" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/models/${seeded.models["sst2-ngram-mlp-teacher"]}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("sst2-ngram-mlp-teacher");
  await expect(page.getByTestId("measurements")).toContainText("Energy per 1,000 inferences");
  await expect(page.getByTestId("quality-per-split")).toContainText("ood:amazon");
  await expect(page.getByTestId("quality-per-split")).not.toContainText("private");
  await expect(page.getByTestId("host")).toContainText(/\d+ cores?\b/);
  await expect(page.getByTestId("trials-chart").getByRole("application")).toBeVisible();
  const before = await page.getByTestId("lifetime-inference-kwh").textContent();
  await page.getByTestId("lifetime-queriesPerDay").fill("5000");
  await expect(page.getByTestId("lifetime-inference-kwh")).not.toHaveText(before ?? "");
  await expect(page.getByTestId("break-even")).toContainText("sst2-bag-d16");
  await checkPage(page, testInfo, "model", "desktop");
  await page.setViewportSize(viewports.phone);
  await checkPage(page, testInfo, "model", "phone");

  const hidden = await page.goto(`/models/${seeded.failedSubmissionId}`);
  expect(hidden?.status()).toBe(404);
});

test("exports, badge and methodology", async ({ page, request }, testInfo) => {
  const api = `/api/v1/competitions/${seeded.competitionSlug}/tracks/${seeded.trackId}`;
  const json = await request.get(`${api}/leaderboard`);
  expect(json.status()).toBe(200);
  const body = (await json.json()) as { split: string; entries: { rank: number | null; model: string }[] };
  expect(body.split).toBe("public");
  expect(body.entries.filter((entry) => entry.rank === 1)).toHaveLength(3);
  const csv = await request.get(`${api}/leaderboard.csv?view=all`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect((await csv.text()).trim().split("\n")).toHaveLength(8);
  expect((await request.get(`${api}/leaderboard?split=private`)).status()).toBe(403);
  expect((await request.get(`${api}/leaderboard?view=everything`)).status()).toBe(400);

  const badge = await request.get(`/badges/${seeded.models["sst2-bag-d16"]}`);
  expect(badge.headers()["content-type"]).toContain("image/svg+xml");
  expect(await badge.text()).toContain("★★★★★");
  expect((await request.get(`/badges/${seeded.failedSubmissionId}`)).status()).toBe(404);

  await page.goto("/methodology");
  await expect(page.getByRole("heading", { name: "How the boards rank" })).toBeVisible();
  await checkPage(page, testInfo, "methodology", "desktop");
});

test("a model below the quality bar wears no stars on the board, its page and its badge, and the badge says why", async ({
  page,
  request,
}) => {
  const pruned = seeded.models["sst2-bag-d64-pruned90"]!;
  await page.goto(boardUrl);
  const belowBar = rows(page)
    .and(page.locator('[data-section="below-threshold"]'))
    .filter({ hasText: "sst2-bag-d64-pruned90" });
  await expect(belowBar).toHaveCount(1);
  await expect(belowBar.getByTestId("stars")).toHaveCount(0);
  await expect(belowBar.getByTestId("no-stars")).toHaveText("no rating: not ranked");
  // Every ranked row still has its stars.
  await expect(rows(page).and(page.locator('[data-section="ranked"]')).getByTestId("stars")).toHaveCount(5);

  await page.goto(`/models/${pruned}`);
  await expect(page.getByTestId("model-standing")).toContainText("Below the quality threshold");
  await expect(page.getByTestId("model-standing").getByTestId("stars")).toHaveCount(0);
  await expect(page.getByTestId("model-standing").getByTestId("no-stars")).toHaveText("no rating: not ranked");

  const badge = await (await request.get(`/badges/${pruned}`)).text();
  expect(badge).not.toContain("★");
  expect(badge).toContain("unranked: below accuracy bar 0.8");
  const json = (await (
    await request.get(`/api/v1/competitions/${seeded.competitionSlug}/tracks/${seeded.trackId}/leaderboard`)
  ).json()) as { entries: { model: string; stars: number | null }[] };
  expect(json.entries.find((entry) => entry.model === "sst2-bag-d64-pruned90")!.stars).toBeNull();
});

test("organizers' re-runs: the board shows the median of the runs, and the model page lists each", async ({
  page,
  request,
}, testInfo) => {
  const teacher = seeded.models["sst2-ngram-mlp-teacher"]!;
  const api = `/api/v1/competitions/${seeded.competitionSlug}/tracks/${seeded.trackId}/leaderboard?view=all`;
  type Record = { submission_id: string; energy_joules_per_inference: number; measurement_count: number };
  const recordOf = async () =>
    ((await (await request.get(api)).json()) as { entries: Record[] }).entries.find(
      (entry) => entry.submission_id === teacher,
    )!;
  const first = await recordOf();
  // One run far cheaper, one far dearer: the median stays the first run's figure, not the cheaper one.
  await addFinishedRerun(teacher, 0.5);
  await addFinishedRerun(teacher, 1.5);
  await expect.poll(async () => (await recordOf()).measurement_count).toBe(3);
  expect((await recordOf()).energy_joules_per_inference).toBeCloseTo(first.energy_joules_per_inference, 12);

  await page.goto(`/models/${teacher}`);
  await expect(page.getByTestId("each-measurement").locator("tbody tr")).toHaveCount(3);
  await expect(page.getByTestId("each-measurement").locator('tbody tr[data-counted="true"]')).toHaveCount(3);
  await expect(page.getByTestId("combined-measurement")).toContainText("The board counts 3 measurements");
  await checkPage(page, testInfo, "model-remeasured", "desktop");
});
