/**
 * A visitor finds the competitions, the boards and the guides without guessing addresses: the home page leads
 * with the open competitions and the flagship board; the competition page has sections with a board preview per
 * track; the guides (submitting, runners, organizing, security) are site pages linked from the footer, the submit
 * page and the rules; the tokens page is linked from the team and account pages; a signed-out visitor who follows
 * a data link is sent to sign in and back. Screenshots at 1280 and 390 px, axe-core on each page.
 */
import { expect, test } from "@playwright/test";
import { checkPage, viewports, type ViewportName } from "./accessibility";
import { seedLeaderboard, type SeededBoard } from "./fixtures/seed-board";
import { createTeam, newPerson, signUp } from "./flows";

let seeded: SeededBoard;

test.beforeAll(async () => {
  seeded = await seedLeaderboard();
});

for (const viewport of Object.keys(viewports) as ViewportName[]) {
  test(`home page leads with open competitions and the flagship board (${viewport})`, async ({ page }, testInfo) => {
    await page.setViewportSize(viewports[viewport]);
    await page.goto("/");
    const flagship = page.getByTestId("flagship-board");
    await expect(flagship).toBeVisible();
    await expect(flagship.getByTestId("top-entries").locator("tbody tr").first()).toBeVisible();
    await expect(flagship.getByTestId("chart-energy")).toBeVisible();
    const card = page.getByTestId("competition-card").filter({ hasText: seeded.competitionSlug.replace("board-", "") });
    await expect(card).toBeVisible();
    await expect(card).toContainText("SST-2 sentiment");
    await expect(card).toContainText("Deadline");
    await expect(card).toContainText(/\d+ registered/);
    await expect(card.getByTestId("track-leader")).toContainText("leader");
    // Energy reads with a unit prefix, never in exponent notation.
    await expect(card.getByTestId("track-leader")).toContainText(/Wh per 1,000 inferences/);
    expect(await page.locator("main").innerText()).not.toMatch(/\d\.?\d*e[+-]\d/);
    await checkPage(page, testInfo, "home", viewport);
  });

  test(`competition page has sections and a preview of each board (${viewport})`, async ({ page }, testInfo) => {
    await page.setViewportSize(viewports[viewport]);
    await page.goto(`/competitions/${seeded.competitionSlug}`);
    const sections = page.getByRole("navigation", { name: "Sections" });
    for (const name of ["Overview", "Leaderboards", "Data", "Rules", "Submit"]) {
      await expect(sections.getByRole("link", { name })).toBeVisible();
    }
    const preview = page.getByTestId("track-preview").first();
    await expect(preview.getByTestId("top-entries").locator("tbody tr")).toHaveCount(3);
    await expect(preview.locator("thead")).toContainText("Accuracy");
    await sections.getByRole("link", { name: "Submit" }).click();
    await expect(page).toHaveURL(/#submit$/);
    await expect(page.locator("#submit").getByRole("link", { name: "The submitting guide" })).toHaveAttribute(
      "href",
      "/docs/submitting",
    );
    await checkPage(page, testInfo, "competition", viewport);
  });

  test(`the submitting guide is a site page with contents and anchors (${viewport})`, async ({ page }, testInfo) => {
    await page.setViewportSize(viewports[viewport]);
    await page.goto("/");
    await page.getByRole("contentinfo").getByRole("link", { name: "Submitting a model" }).click();
    await expect(page).toHaveURL(/\/docs\/submitting$/);
    const contents = page.getByTestId("document-contents");
    await expect(contents.getByRole("link").first()).toBeVisible();
    const first = contents.getByRole("link").first();
    const anchor = (await first.getAttribute("href")) ?? "";
    expect(anchor).toMatch(/^#[a-z0-9-]+$/);
    await expect(page.locator(anchor)).toHaveCount(1);
    // Markdown headings are styled as headings, not body text.
    const sizes = await page.getByTestId("document").evaluate((article) => ({
      heading: Number.parseFloat(getComputedStyle(article.querySelector("h2") as Element).fontSize),
      body: Number.parseFloat(getComputedStyle(article.querySelector("p") as Element).fontSize),
    }));
    expect(sizes.heading).toBeGreaterThan(sizes.body * 1.2);
    await checkPage(page, testInfo, "docs-submitting", viewport);
  });
}

test("every guide in the footer opens, and links between guides stay on the site", async ({ page }) => {
  await page.goto("/");
  const footerLinks = page.getByRole("contentinfo").getByRole("link");
  const hrefs = await footerLinks.evaluateAll((links) => links.map((link) => link.getAttribute("href")));
  expect(hrefs).toEqual(
    expect.arrayContaining(["/docs/submitting", "/methodology", "/docs/runners", "/docs/organizing", "/docs/security"]),
  );
  for (const href of hrefs) {
    const response = await page.goto(href ?? "/");
    expect(response?.status(), href ?? "").toBe(200);
    await expect(page.getByTestId("document")).toBeVisible();
  }
  // Links between the guides go to their pages, not to Markdown files the site does not serve.
  for (const guide of ["/docs/submitting", "/methodology", "/docs/baselines"]) {
    await page.goto(guide);
    expect(await page.getByTestId("document").locator('a[href$=".md"], a[href*=".md#"]').count(), guide).toBe(0);
  }
  expect((await page.goto("/docs/no-such-guide"))?.status()).toBe(404);
  expect((await page.goto("/docs/..%2Fpackage"))?.status()).toBe(404);
});

test("the methodology has a contents list, and the board's link lands on the ranking section", async ({ page }) => {
  await page.goto(`/competitions/${seeded.competitionSlug}/tracks/${seeded.trackId}`);
  await page.locator("main").getByRole("link", { name: "How we measure" }).click();
  await expect(page).toHaveURL(/\/methodology#how-the-boards-rank$/);
  await expect(page.locator("#how-the-boards-rank")).toBeVisible();
  await expect(page.getByTestId("document-contents").getByRole("link", { name: "Energy", exact: true })).toBeVisible();
});

test("visitors see that a track waits for a runner, never the operators' commands", async ({ page }) => {
  await page.goto(`/competitions/${seeded.competitionSlug}`);
  const main = await page.locator("main").innerText();
  expect(main).not.toContain("npm run runner");
  expect(main).not.toContain("`");
});

test("a signed-out visitor following a data link is sent to sign in and back", async ({ page }) => {
  await page.goto(`/competitions/${seeded.competitionSlug}`);
  const dataPath =
    (await page
      .getByRole("link", { name: /development data/ })
      .first()
      .getAttribute("href")) ?? "";
  expect(dataPath).toMatch(/\/data\//);
  await page.goto(dataPath);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe(dataPath);
  // A script without a browser's Accept header still gets the API's JSON answer.
  const response = await page.request.get(dataPath, { headers: { accept: "application/json" } });
  expect(response.status()).toBe(401);
});

test("the tokens page is linked from the team, the account and the submit page", async ({ page }) => {
  const person = newPerson("Tokens");
  await signUp(page, person);
  await expect(page.getByTestId("account-link")).toHaveText(person.email);
  await createTeam(page, `Token finders ${Date.now().toString(36)}`);
  const teamUrl = page.url();
  await page.getByTestId("team-tokens-link").click();
  await expect(page).toHaveURL(`${teamUrl}/tokens`);
  await page.goto("/account");
  await page.getByTestId("account-teams").getByRole("link", { name: "API tokens" }).click();
  await expect(page).toHaveURL(`${teamUrl}/tokens`);
  await page.goto(`/competitions/${seeded.competitionSlug}/submit`);
  await expect(page.getByRole("link", { name: /tokens page/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "the submitting guide" })).toHaveAttribute("href", "/docs/submitting");
});
