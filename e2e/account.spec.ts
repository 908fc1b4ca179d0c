/**
 * The account flows of issue 12 in a real browser against the production build: throttled sign-in, email
 * verification, password reset and change, account deletion, removed members and old links, odd addresses,
 * confirmations, and the basics (rename, copy link, titles, 404, no sign-up offer when signed in).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createTeam, newPerson, signIn, signInAndWait, signOut, signUp, verifyEmail } from "./flows";
import { E2E_DATA_DIR, linkIn, waitForMail } from "./mailbox";

test("too many wrong passwords lock the account for a while, with a time to try again", async ({ page }) => {
  const person = newPerson("Lock");
  await signUp(page, person);
  await expect(page.getByTestId("account-link")).toHaveText(person.email);
  await signOut(page);

  for (let attempt = 0; attempt < 10; attempt += 1) {
    await signIn(page, { ...person, password: `wrong password ${attempt}` });
    await expect(page.getByTestId("form-error")).toContainText("Wrong email or password");
  }
  // The right password, one attempt too many.
  await signIn(page, person);
  await expect(page.getByTestId("form-error")).toContainText(/Too many attempts\. Try again at \d\d:\d\d UTC/);
  await expect(page.getByTestId("account-link")).toHaveCount(0);
});

test("email sign-in links are limited per address, so the form cannot flood an inbox", async ({ page }) => {
  const target = newPerson("Flood");
  for (let request = 0; request < 5; request += 1) {
    await page.goto("/signin");
    await page.getByLabel("Email address for a sign-in link").fill(target.email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page).toHaveURL(/\/signin\/check-email/);
  }
  await page.goto("/signin");
  await page.getByLabel("Email address for a sign-in link").fill(target.email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByTestId("form-error")).toContainText(/Too many attempts\. Try again at/);
});

test("form errors are tied to their field, take focus and keep what was typed", async ({ page }) => {
  const person = newPerson("Focus");
  await signUp(page, person);
  await expect(page.getByTestId("account-link")).toHaveText(person.email);
  await signOut(page);

  // Taken address: the email field is marked and focused; the password (not the problem) is kept.
  await signUp(page, { ...person, name: "Someone Else" });
  const email = page.getByLabel("Email", { exact: true });
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAttribute("aria-describedby", /signup-error/);
  await expect(email).toBeFocused();
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue(person.password);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Someone Else");

  // Weak password: that field is marked and focused, and emptied.
  await signUp(page, { ...newPerson("Weak"), password: "password" });
  const password = page.getByLabel("Password", { exact: true });
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(password).toBeFocused();
  await expect(password).toHaveValue("");
});

test("a new address is verified through the emailed link, as the account page shows", async ({ page, baseURL }) => {
  const person = newPerson("Vera");
  const sentAt = Date.now() - 1000;
  await signUp(page, person);
  await expect(page.getByTestId("account-link")).toHaveText(person.email);
  await page.goto("/account");
  await expect(page.getByTestId("email-verified")).toHaveText("Not yet");
  await expect(page.getByTestId("verification-panel")).toContainText("cannot accept team invites");

  await verifyEmail(page, person, baseURL!, sentAt);
  await page.goto("/account");
  await expect(page.getByTestId("email-verified")).toHaveText("Yes");
  await expect(page.getByTestId("verification-panel")).toHaveCount(0);
});

test("an email sign-in link for an address someone signed up with ends the unproven password", async ({
  page,
  baseURL,
}) => {
  // Someone signs up with an address that is not theirs and never verifies it.
  const victim = newPerson("Vic");
  await signUp(page, victim);
  await expect(page.getByTestId("account-link")).toHaveText(victim.email);
  await signOut(page);

  // The address's real owner signs in with an email link.
  const sentAt = Date.now() - 1000;
  await page.goto("/signin");
  await page.getByLabel("Email address for a sign-in link").fill(victim.email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page).toHaveURL(/\/signin\/check-email/);
  const mail = await waitForMail(victim.email, { after: sentAt, subject: /Sign in/i });
  await page.goto(linkIn(mail, baseURL!));
  await expect(page.getByTestId("account-link")).toHaveText(victim.email);
  await page.goto("/account");
  await expect(page.getByTestId("email-verified")).toHaveText("Yes");
  await expect(page.getByLabel("Choose a password")).toBeVisible();
  await signOut(page);

  // The password chosen by whoever signed up no longer opens the account.
  await signIn(page, victim);
  await expect(page.getByTestId("form-error")).toContainText("Wrong email or password");
});

test("a forgotten password is reset by an emailed one-time link", async ({ page, baseURL }) => {
  const person = newPerson("Rosa");
  await signUp(page, person);
  await expect(page.getByTestId("account-link")).toHaveText(person.email);
  await signOut(page);

  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  // The sign-in page has an Email field too: wait for the new page before typing.
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  const sentAt = Date.now() - 1000;
  await page.getByLabel("Email", { exact: true }).fill(person.email);
  await page.getByRole("button", { name: "Send me a reset link" }).click();
  await expect(page.getByTestId("forgot-result")).toContainText(`If an account uses ${person.email}`);

  const mail = await waitForMail(person.email, { after: sentAt, subject: /Reset your Joulebench password/ });
  const link = linkIn(mail, baseURL!);
  await page.goto(link);
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByTestId("form-error")).toContainText("too short");
  const newPassword = `${person.password} renewed`;
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/account\?password=reset/);
  await expect(page.getByText("Your new password is set")).toBeVisible();
  await signOut(page);

  // The link worked once.
  await page.goto(link);
  await expect(page.getByText("This password reset link has expired or was already used.")).toBeVisible();
  await signIn(page, person);
  await expect(page.getByTestId("form-error")).toContainText("Wrong email or password");
  await signInAndWait(page, { ...person, password: newPassword });
});

test("the password is changed from the account page with the current one", async ({ page }) => {
  const person = newPerson("Chang");
  await signUp(page, person);
  await expect(page.getByTestId("account-link")).toHaveText(person.email);
  await page.goto("/account");
  const newPassword = `${person.password} changed`;
  await page.getByLabel("Current password").fill("not my password at all");
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Current password")).toBeFocused();
  // The new password was not the problem: it is still there.
  await expect(page.getByLabel("New password")).toHaveValue(newPassword);
  await page.getByLabel("Current password").fill(person.password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed.")).toBeVisible();
  await signOut(page);
  await signInAndWait(page, { ...person, password: newPassword });
});

test("deleting an account says what happens to its teams, and deletes the team it was alone in", async ({ page }) => {
  const person = newPerson("Dora");
  const teamName = `Solo ${Date.now().toString(36)}`;
  await signUp(page, person);
  await expect(page.getByTestId("account-link")).toHaveText(person.email);
  await createTeam(page, teamName);
  const teamPath = new URL(page.url()).pathname;

  await page.goto("/account");
  await expect(page.getByTestId("deletion-plan")).toContainText("You are the only member of these teams");
  await expect(page.getByTestId("deletion-plan").getByRole("link", { name: teamName })).toBeVisible();
  await page.getByLabel(/Type your email address/).fill("someone.else@example.com");
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByTestId("form-error")).toContainText("Type your email address exactly");
  await page.getByLabel(/Type your email address/).fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/\?account=deleted$/);
  await expect(page.getByTestId("account-link")).toHaveCount(0);

  await signIn(page, person);
  await expect(page.getByTestId("form-error")).toContainText("Wrong email or password");
  const owner = newPerson("Otto");
  await signUp(page, owner);
  await expect(page.getByTestId("account-link")).toHaveText(owner.email);
  expect((await page.goto(teamPath))?.status()).toBe(404);
});

test("a removed member cannot come back through the old open link; owners confirm before removing", async ({
  page,
}) => {
  const owner = newPerson("Olive");
  const member = newPerson("Mallory");
  const teamName = `Strict ${Date.now().toString(36)}`;
  await signUp(page, owner);
  await expect(page.getByTestId("account-link")).toHaveText(owner.email);
  await createTeam(page, teamName);
  const teamPath = new URL(page.url()).pathname;
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = (await page.getByTestId("invite-link").textContent())!.trim();
  await expect(page.getByTestId("pending-invite")).toContainText("Open link");
  await signOut(page);

  await signUp(page, member);
  await expect(page.getByTestId("account-link")).toHaveText(member.email);
  await page.goto(link);
  await page.getByRole("button", { name: "Join team" }).click();
  await expect(page).toHaveURL(new RegExp(`${teamPath}$`));
  await signOut(page);

  await signInAndWait(page, owner);
  await page.goto(teamPath);
  const row = page.getByTestId("member-row").filter({ hasText: member.email });
  await row.getByRole("button", { name: "Remove" }).click();
  // Nothing happened yet: the page says what removal means and waits.
  await expect(row.getByTestId("confirmation-message")).toContainText(
    "Every open invite link of the team and any invite sent to their address stop working",
  );
  await row.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("member-row")).toHaveCount(2);
  await row.getByRole("button", { name: "Remove" }).click();
  await row.getByRole("button", { name: /^Remove Mallory/ }).click();
  await expect(page.getByTestId("member-row")).toHaveCount(1);
  await signOut(page);

  await signInAndWait(page, member);
  await page.goto(link);
  await expect(page.getByTestId("invite-notice")).toContainText("You were removed from");
  await expect(page.getByRole("button", { name: "Join team" })).toHaveCount(0);
  expect((await page.goto(teamPath))?.status()).toBe(404);
});

test("odd addresses: a non-ASCII team path and a look-alike slash survive sign-in", async ({ page, baseURL }) => {
  const person = newPerson("Odile");
  await signUp(page, person);
  await expect(page.getByTestId("account-link")).toHaveText(person.email);
  await signOut(page);

  await page.goto("/teams/é");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fteams%2F%25C3%25A9$/);
  await page.getByLabel("Email", { exact: true }).fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // Back on the same (encoded) path, which is a plain 404 rather than a garbled address or an error.
  await expect(page).toHaveURL(/\/teams\/%C3%A9$/);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await signOut(page);

  await page.goto(`/signin?callbackUrl=${encodeURIComponent("/\uFF0Fevil.example")}`);
  await page.getByLabel("Email", { exact: true }).fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("account-link")).toHaveText(person.email);
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  expect(page.url()).toContain("/%EF%BC%8Fevil.example");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("the basics: rename, copy link, titles, branded 404, confirmations, no sign-up offer when signed in", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const person = newPerson("Basil");
  await signUp(page, person);
  await expect(page.getByTestId("account-link")).toHaveText(person.email);
  await expect(page.getByRole("button", { name: "Sign out" }).first()).toBeVisible();

  await page.goto("/");
  await expect(page.getByRole("link", { name: "Create an account" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Sign up" })).toHaveCount(0);
  await page.goto("/signup");
  await expect(page).toHaveURL(/\/teams$/);

  const teamName = `Rename Me ${Date.now().toString(36)}`;
  await createTeam(page, teamName);
  await expect(page).toHaveTitle(`${teamName} · Team · Joulebench`);
  await page.getByLabel("Team name").fill("Renamed Crew");
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByText("Saved. The team's address stays the same.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Renamed Crew", level: 1 })).toBeVisible();
  await page.reload();
  await expect(page).toHaveTitle("Renamed Crew · Team · Joulebench");

  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = (await page.getByTestId("invite-link").textContent())!.trim();
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByText("Copied.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  await page.getByRole("button", { name: "Leave team" }).click();
  await expect(page.getByTestId("confirmation-message")).toContainText("leaving deletes Renamed Crew");
  await page.getByRole("button", { name: "Cancel" }).click();

  const missing = await page.goto("/invite/this-token-does-not-exist");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Go to the home page" }).click();
  await expect(page).toHaveURL(/\/$/);

  const favicon = await page.request.get("/favicon.svg");
  expect(favicon.headers()["content-type"]).toContain("image/svg+xml");
  const social = await page.request.get("/social-preview.png");
  expect(social.headers()["content-type"]).toBe("image/png");
  await expect(page.locator('meta[property="og:image"]')).toHaveAttribute("content", /\/social-preview\.png$/);
});

/** `npm run admin -- <args>` against the e2e site's database, as an operator runs it. */
function admin(...args: string[]): string {
  const databaseUrl = readFileSync(path.join(E2E_DATA_DIR, "database-url"), "utf8").trim();
  return execFileSync("npx", ["tsx", "ops/admin.ts", ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, AUTH_URL: process.env.E2E_BASE_URL ?? "http://localhost:3100" },
    encoding: "utf8",
  });
}

test("operators verify an address and issue a reset link from the command line; admins see Runners", async ({
  page,
}) => {
  const person = newPerson("Opal");
  await signUp(page, person);
  await expect(page.getByTestId("account-link")).toHaveText(person.email);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runners" })).toHaveCount(0);

  expect(admin("verify-email", person.email)).toContain(`${person.email} is now verified.`);
  admin("grant", person.email);
  await page.goto("/account");
  await expect(page.getByTestId("email-verified")).toHaveText("Yes");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runners" }).click();
  await expect(page.getByRole("heading", { name: "Runners" })).toBeVisible();
  await signOut(page);

  const printed = admin("reset-link", person.email);
  const link = /https?:\/\/\S+\/reset-password\/\S+/.exec(printed)?.[0];
  expect(link, printed).toBeDefined();
  await page.goto(new URL(link!).pathname);
  const newPassword = `${person.password} from the operator`;
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/account\?password=reset/);
  await expect(page.getByTestId("account-link")).toHaveText(person.email);
});
