/**
 * Every page at desktop and phone sizes: axe-core finds no serious or critical WCAG 2.1 AA violation, the page
 * does not scroll sideways on a phone, and screenshots of both sizes are saved under test-results/.
 *
 * To check a new page, add its path to `publicPages` or `signedInPages` (or, for a page that needs data, a step
 * in `signedInPagesWithData`).
 */
import { expect, type Page, test } from "@playwright/test";
import { checkPage, viewports, type ViewportName } from "./accessibility";
import { createTeam, newPerson, signUp, type Person } from "./flows";

/** Pages anyone can open, by name (used in screenshot file names). */
const publicPages: Record<string, string> = {
  home: "/",
  competitions: "/competitions",
  methodology: "/methodology",
  signin: "/signin",
  signup: "/signup",
  "forgot-password": "/forgot-password",
  "reset-password-bad-link": "/reset-password/not-a-real-token",
  "verify-email": "/verify-email/not-a-real-token",
  "not-found": "/no-such-page",
  "invite-not-found": "/invite/not-a-real-token",
};

/** Pages for a signed-in user with no particular data. */
const signedInPages: Record<string, string> = {
  teams: "/teams",
  account: "/account",
  signout: "/signout",
};

/** Pages that need something created first; each returns the path to check. */
const signedInPagesWithData: Record<string, (page: Page, person: Person) => Promise<string>> = {
  team: async (page) => {
    // A long team name and an open invite, as the review's phone found them.
    await createTeam(page, `Extraordinarily Long Team Name ${Date.now().toString(36)}`);
    await page.getByRole("button", { name: "Create invite link" }).click();
    await expect(page.getByTestId("invite-link")).toBeVisible();
    return new URL(page.url()).pathname;
  },
  "invite-for-member": async (page) => {
    await createTeam(page, `Invite Check ${Date.now().toString(36)}`);
    await page.getByRole("button", { name: "Create invite link" }).click();
    return new URL((await page.getByTestId("invite-link").textContent())!.trim()).pathname;
  },
};

for (const viewport of Object.keys(viewports) as ViewportName[]) {
  test.describe(`at ${viewport} size`, () => {
    test.use({ viewport: viewports[viewport] });
    // A dozen pages, each with a full-page screenshot and an axe run: a budget for a loaded 2-core machine, not a
    // speed target.
    test.describe.configure({ timeout: 300_000 });

    test("public pages", async ({ page }, testInfo) => {
      for (const [name, path] of Object.entries(publicPages)) {
        await page.goto(path);
        await checkPage(page, testInfo, name, viewport);
      }
    });

    test("signed-in pages", async ({ page }, testInfo) => {
      // A long address: the review's header pushed the page to 403 px with one.
      const person = newPerson("Maximiliana-Alexandrina");
      await signUp(page, person);
      await expect(page.getByTestId("account-link")).toHaveText(person.email);
      for (const [name, path] of Object.entries(signedInPages)) {
        await page.goto(path);
        await checkPage(page, testInfo, name, viewport);
      }
      for (const [name, prepare] of Object.entries(signedInPagesWithData)) {
        const path = await prepare(page, person);
        await page.goto(path);
        await checkPage(page, testInfo, name, viewport);
      }
    });

    test("form errors", async ({ page }, testInfo) => {
      await signUp(page, { ...newPerson("Err"), password: "password" });
      await expect(page.getByTestId("form-error")).toBeVisible();
      await checkPage(page, testInfo, "signup-error", viewport);
    });
  });
}

test("a skip link leads keyboard users past the header", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
});
