import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { newPerson, signOut, signUp } from "./flows";
import { E2E_DATA_DIR } from "./mailbox";

/** Grants site admin the way an operator does: `npm run admin -- grant <email>` against the site's database. */
function grantSiteAdmin(email: string) {
  const databaseUrl = readFileSync(path.join(E2E_DATA_DIR, "database-url"), "utf8").trim();
  execFileSync("npx", ["tsx", "ops/admin.ts", "grant", email], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: "pipe",
  });
}

test("the runners page is for site admins only", async ({ page }) => {
  const visitor = newPerson("Rita");
  await signUp(page, visitor);
  await expect(page.getByTestId("account-link")).toHaveText(visitor.email);

  const denied = await page.goto("/runners");
  expect(denied?.status()).toBe(404);

  grantSiteAdmin(visitor.email);
  await page.goto("/runners");
  await expect(page.getByRole("heading", { name: "Runners" })).toBeVisible();
  await signOut(page);

  await page.goto("/runners");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Frunners/);
});
