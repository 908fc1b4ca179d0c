/**
 * Security headers on every kind of response the site gives, and a CSP that does not break the pages: every
 * page is loaded while the browser reports any CSP violation, and a page with client-side JavaScript is used.
 */
import { expect, type Page, test } from "@playwright/test";
import { createTeam, newPerson, signUp } from "./flows";

const expectedFixed = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
};

function expectSecurityHeaders(headers: Record<string, string>, where: string) {
  for (const [name, value] of Object.entries(expectedFixed)) expect(headers[name], `${name} on ${where}`).toBe(value);
  const policy = headers["content-security-policy"] ?? "";
  expect(policy, `CSP on ${where}`).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  expect(policy, `CSP on ${where}`).toContain("frame-ancestors 'none'");
}

/** Records CSP violations from the first script on, before any of the page's own scripts run. */
async function watchCspViolations(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

test("every page type carries the security headers, and no page breaks the CSP", async ({ page, request }) => {
  await watchCspViolations(page);
  const owner = newPerson("Hedda");
  await signUp(page, owner);
  await expect(page.getByTestId("account-link")).toHaveText(owner.email);
  await createTeam(page, `Headers ${Date.now().toString(36)}`);
  const teamPath = new URL(page.url()).pathname;

  // Other areas' pages belong here too (their charts and client components run under the same policy).
  const pages = [
    "/",
    "/signin",
    "/signup",
    "/forgot-password",
    "/teams",
    teamPath,
    "/account",
    "/competitions",
    "/methodology",
    "/invite/not-a-real-token",
    "/no-such-page",
  ];
  const nonces = new Set<string>();
  for (const path of pages) {
    const response = await page.goto(path);
    expect(response, path).not.toBeNull();
    const headers = response!.headers();
    expectSecurityHeaders(headers, path);
    nonces.add(/'nonce-([^']+)'/.exec(headers["content-security-policy"] ?? "")?.[1] ?? "");
    // Next.js put this response's nonce on its scripts.
    const scriptNonce = await page
      .locator("script[src*='/_next/']")
      .first()
      .evaluate((script) => (script as HTMLScriptElement).nonce);
    expect(headers["content-security-policy"], path).toContain(`'nonce-${scriptNonce}'`);
    await page.waitForLoadState("networkidle");
    expect(await cspViolations(page), path).toEqual([]);
  }
  expect(nonces.size, "a fresh nonce per response").toBe(pages.length);

  // Client-side code runs under the policy: the team page's buttons work without a full page load.
  await page.goto(teamPath);
  await page.getByRole("button", { name: "Create invite link" }).click();
  await expect(page.getByTestId("invite-link")).toContainText("/invite/");
  expect(await cspViolations(page)).toEqual([]);

  // A redirect, an API route and a built static file.
  const redirect = await request.get("/teams", { maxRedirects: 0, headers: { cookie: "" } });
  expect(redirect.status()).toBeGreaterThanOrEqual(300);
  expectSecurityHeaders(redirect.headers(), "a redirect");
  const api = await request.get("/api/health");
  expectSecurityHeaders(api.headers(), "/api/health");
  // API v1 sets its own (a policy that allows nothing), on answers and on errors alike.
  for (const path of ["/api/v1/openapi.json", "/api/v1/submissions"]) {
    const answer = await request.get(path, { headers: { cookie: "" } });
    for (const [name, value] of Object.entries(expectedFixed))
      expect(answer.headers()[name], `${name} on ${path}`).toBe(value);
    expect(answer.headers()["content-security-policy"], `CSP on ${path}`).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
  }
  await page.goto("/");
  const scriptUrl = await page.locator("script[src*='/_next/static/']").first().getAttribute("src");
  const asset = await request.get(scriptUrl!);
  expect(asset.status()).toBe(200);
  expect(asset.headers()["x-content-type-options"]).toBe("nosniff");
});

test("a page of the site cannot be framed", async ({ page }) => {
  await page.goto("/");
  const origin = new URL(page.url()).origin;
  // A page that tries to frame a signed-in page, as in the review. setContent waits for the load event, which
  // waits for the frame to load or be refused.
  await page.setContent(`<iframe id="victim" src="${origin}/teams"></iframe>`);
  const child = page.frames().find((frame) => frame !== page.mainFrame());
  expect(child).toBeDefined();
  // Refused: the frame shows the browser's own error page, never our page (whose header names the site).
  const framedText = await child!
    .locator("body")
    .innerText()
    .catch(() => "");
  expect(framedText).not.toContain("Joulebench");
  expect(
    await child!
      .getByRole("navigation", { name: "Main" })
      .count()
      .catch(() => 0),
  ).toBe(0);
});
