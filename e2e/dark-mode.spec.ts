/**
 * The site in the dark colour scheme (prefers-color-scheme: dark, which Tailwind's `dark:` variant follows): on a
 * page of every kind the page itself is dark with light text, and axe-core finds no serious or critical WCAG 2.1
 * AA violation, contrast included, at desktop and phone sizes. Screenshots are saved under test-results/ with a
 * "-dark" suffix, beside the light ones of accessibility.spec.ts.
 */
import { expect, type Page, test, type TestInfo } from "@playwright/test";
import { checkPage, viewports, type ViewportName } from "./accessibility";
import { seedLeaderboard, type SeededBoard } from "./fixtures/seed-board";
import { createTeam, grantSiteAdmin, newPerson, signUp } from "./flows";

test.use({ colorScheme: "dark" });

let seeded: SeededBoard;

test.beforeAll(async () => {
  seeded = await seedLeaderboard();
});

/** Pages anyone can open, by name (used in screenshot file names). */
function publicPages(): Record<string, string> {
  const board = `/competitions/${seeded.competitionSlug}/tracks/${seeded.trackId}`;
  return {
    home: "/",
    competitions: "/competitions",
    competition: `/competitions/${seeded.competitionSlug}`,
    board,
    model: `/models/${seeded.models["sst2-ngram-mlp-teacher"]}`,
    methodology: "/methodology",
    signin: "/signin",
    signup: "/signup",
    "forgot-password": "/forgot-password",
    "reset-password-bad-link": "/reset-password/not-a-real-token",
    "verify-email": "/verify-email/not-a-real-token",
    "not-found": "/no-such-page",
  };
}

/** Pages of a signed-in site admin (so the organizer pages open too), on the seeded competition. */
function signedInPages(): Record<string, string> {
  return {
    account: "/account",
    teams: "/teams",
    submissions: "/submissions",
    organize: "/organize",
    "organize-competition": `/organize/${seeded.competitionSlug}`,
    "organize-track": `/organize/${seeded.competitionSlug}/tracks/${seeded.trackId}`,
    runners: "/runners",
    signout: "/signout",
  };
}

/**
 * The page's own background and text as the visitor sees them: each colour painted over white on a canvas (which
 * also turns Tailwind's oklch() into sRGB), then its WCAG relative luminance. A transparent body reads as white.
 */
async function bodyLuminance(page: Page): Promise<{ background: number; text: number }> {
  return page.evaluate(() => {
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
    const style = getComputedStyle(document.body);
    return { background: luminance(style.backgroundColor), text: luminance(style.color) };
  });
}

async function checkDarkPage(page: Page, testInfo: TestInfo, name: string, viewport: ViewportName) {
  const { background, text } = await bodyLuminance(page);
  // stone-950 is about 0.004 and stone-100 about 0.91; the light scheme's stone-50 body is about 0.96.
  expect(background, `${name}: the page background is dark`).toBeLessThan(0.02);
  expect(text, `${name}: the page text is light`).toBeGreaterThan(0.7);
  await checkPage(page, testInfo, `${name}-dark`, viewport);
}

for (const viewport of Object.keys(viewports) as ViewportName[]) {
  test.describe(`dark, at ${viewport} size`, () => {
    test.use({ viewport: viewports[viewport] });
    // A dozen pages, each with a full-page screenshot and an axe run: a budget for a loaded 2-core machine, not a
    // speed target.
    test.describe.configure({ timeout: 300_000 });

    test("public pages", async ({ page }, testInfo) => {
      for (const [name, path] of Object.entries(publicPages())) {
        await page.goto(path);
        await checkDarkPage(page, testInfo, name, viewport);
      }
    });

    test("signed-in and organizer pages", async ({ page }, testInfo) => {
      const person = newPerson("Nyx");
      await signUp(page, person);
      await expect(page.getByTestId("account-link")).toHaveText(person.email);
      grantSiteAdmin(person.email);
      for (const [name, path] of Object.entries(signedInPages())) {
        await page.goto(path);
        await checkDarkPage(page, testInfo, name, viewport);
      }
      // A team with a fresh invite link: a table, a leaf notice and its buttons; then its tokens, the invite
      // page as a member sees it, and the registration form.
      await createTeam(page, `Night Shift ${Date.now().toString(36)}`);
      const teamPath = new URL(page.url()).pathname;
      await page.getByRole("button", { name: "Create invite link" }).click();
      await expect(page.getByTestId("invite-link")).toBeVisible();
      const invitePath = new URL((await page.getByTestId("invite-link").textContent())!.trim()).pathname;
      await checkDarkPage(page, testInfo, "team", viewport);
      for (const [name, path] of Object.entries({
        tokens: `${teamPath}/tokens`,
        invite: invitePath,
        register: `/competitions/${seeded.competitionSlug}/register`,
      })) {
        await page.goto(path);
        await checkDarkPage(page, testInfo, name, viewport);
      }
    });

    test("form errors", async ({ page }, testInfo) => {
      await signUp(page, { ...newPerson("Dusk"), password: "password" });
      await expect(page.getByTestId("form-error")).toBeVisible();
      await checkDarkPage(page, testInfo, "signup-error", viewport);
    });
  });
}
