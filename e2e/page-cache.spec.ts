/**
 * The page cache (ops/web-server/page-cache.ts) on the real site: a signed-out visitor's second load of a board
 * comes from memory, compressed, with a nonce of its own that the page's scripts carry, so the page still works
 * under the CSP; a change to the board shows on the next load; a signed-in member's pages are always rendered.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { expect, type Page, type Response, test } from "@playwright/test";
import { createDatabaseClient } from "../db/client";
import { submissions } from "../db/schema";
import { newPerson, signUp } from "./flows";
import { seedLeaderboard } from "./fixtures/seed-board";
import { E2E_DATA_DIR } from "./mailbox";

const CACHE_HEADER = "x-joulebench-page-cache";

async function load(page: Page, url: string): Promise<{ response: Response; nonce: string }> {
  const response = await page.goto(url);
  expect(response).not.toBeNull();
  const policyNonce = /'nonce-([^']+)'/.exec((await response!.allHeaders())["content-security-policy"] ?? "")?.[1];
  const scriptNonce = await page
    .locator("script[src*='/_next/']")
    .first()
    .evaluate((script) => (script as HTMLScriptElement).nonce);
  expect(scriptNonce, "the page's scripts carry the answer's own nonce").toBe(policyNonce);
  return { response: response!, nonce: policyNonce ?? "" };
}

test("a signed-out visitor's board comes from the cache with a fresh nonce, and shows a change at once", async ({
  page,
}) => {
  const seeded = await seedLeaderboard();
  const boardUrl = `/competitions/${seeded.competitionSlug}/tracks/${seeded.trackId}`;
  const violations: string[] = [];
  await page.exposeFunction("reportViolation", (what: string) => violations.push(what));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      (window as unknown as { reportViolation: (what: string) => void }).reportViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      ),
    );
  });

  const first = await load(page, boardUrl);
  expect(first.response.headers()[CACHE_HEADER]).toBe("render");
  const second = await load(page, boardUrl);
  const headers = await second.response.allHeaders();
  expect(headers[CACHE_HEADER]).toBe("hit");
  expect(headers["content-encoding"], "the browser asked for gzip").toBe("gzip");
  expect(second.nonce).not.toBe(first.nonce);

  // The kept page is alive: its scripts ran under the policy, and the column chooser works.
  await page.getByText(/^Columns \(/).click();
  await page.getByTestId("column-chooser").getByRole("checkbox").last().check();
  await expect(page).toHaveURL(/[?&]cols=/);
  expect(violations).toEqual([]);

  // A team renames the model at the top of the board (its version moves): the next signed-out load renders and
  // shows the new name.
  const topModel = (await page.getByTestId("board-row").first().getByTestId("model-name").textContent())?.trim() ?? "";
  const topSubmission = seeded.models[topModel];
  expect(topSubmission, `"${topModel}" is one of the seeded models`).toBeDefined();
  const renamed = `renamed-${Date.now().toString(36)}`;
  const client = createDatabaseClient(readFileSync(path.join(E2E_DATA_DIR, "database-url"), "utf8").trim(), { max: 1 });
  try {
    await client.db.update(submissions).set({ name: renamed }).where(eq(submissions.id, topSubmission!));
  } finally {
    await client.close();
  }
  const third = await load(page, boardUrl);
  expect(third.response.headers()[CACHE_HEADER], "the stamp moved: the page is rendered again").toBe("render");
  // The web process's board cache reads its versions every 2 s, and a page rendered in that window is rendered
  // again once it has passed: the new name shows within a few seconds, as it did before the page cache.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("board-table").getByText(renamed)).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
});

test("a signed-in member's pages are rendered for them, never taken from the cache", async ({ page }) => {
  await page.goto("/competitions");
  await page.goto("/competitions");
  const person = newPerson("Cache");
  await signUp(page, person);
  await expect(page.getByTestId("account-link")).toHaveText(person.email);
  for (let i = 0; i < 2; i++) {
    const response = await page.goto("/competitions");
    expect(response?.headers()[CACHE_HEADER], "no cache header: the cache let the request through").toBeUndefined();
  }
});
