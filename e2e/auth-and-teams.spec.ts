import { expect, test } from "@playwright/test";
import { createTeam, newPerson, signIn, signInAndWait, signOut, signUp, verifyEmail } from "./flows";
import { linkIn, waitForMail } from "./mailbox";

test("sign up, create a team, invite a second user by email who joins, sign out", async ({ page, baseURL }) => {
  const owner = newPerson("Olga");
  const invitee = newPerson("Ivan");
  const teamName = `Low Watt ${Date.now().toString(36)}`;

  await signUp(page, owner);
  await expect(page.getByTestId("account-link")).toHaveText(owner.email);
  await createTeam(page, teamName);

  const sentAt = Date.now() - 1000;
  await page.getByLabel("Invitee email").fill(invitee.email);
  await page.getByRole("button", { name: "Send invite" }).click();
  const shownLink = await page.getByTestId("invite-link").textContent();
  expect(shownLink).toContain("/invite/");

  const mail = await waitForMail(invitee.email, { after: sentAt, subject: /invited you/ });
  expect(mail.subject).toContain(teamName);
  const inviteLink = linkIn(mail, baseURL!);
  expect(inviteLink).toBe(shownLink?.trim());
  await signOut(page);

  // The invitee follows the mailed link while signed out, creates an account from there and joins.
  await page.goto(inviteLink);
  await expect(page.getByText(teamName).first()).toBeVisible();
  await page.locator("main").getByRole("link", { name: "Create an account" }).click();
  await page.waitForURL(/\/signup\?callbackUrl=/);
  await signUp(page, invitee, new URL(page.url()).pathname + new URL(page.url()).search);
  await expect(page).toHaveURL(/\/invite\//);
  // An invite addressed to an email needs that address verified: the sign-up mailed a link for it.
  await expect(page.getByTestId("invite-notice")).toContainText("Verify your email address first");
  await verifyEmail(page, invitee, baseURL!);
  await page.goto(inviteLink);
  await page.getByRole("button", { name: "Join team" }).click();
  await expect(page).toHaveURL(/\/teams\/[a-z0-9-]+$/);
  await expect(page.getByRole("heading", { name: teamName })).toBeVisible();
  const members = page.getByRole("table", { name: "Members" });
  await expect(members.getByText(owner.email)).toBeVisible();
  await expect(members.getByText(invitee.email)).toBeVisible();

  // The same invite cannot be used twice.
  await page.goto(inviteLink);
  await expect(page.getByRole("button", { name: "Join team" })).toHaveCount(0);
  await signOut(page);

  // The owner still sees the new member after signing in again.
  await signInAndWait(page, owner);
  await page.goto("/teams");
  await page.getByRole("link", { name: teamName }).click();
  await expect(page.getByRole("table", { name: "Members" }).getByText(invitee.email)).toBeVisible();
  await signOut(page);
});

test("sign-in and sign-up errors are clear and keep what was typed", async ({ page }) => {
  const person = newPerson("Erin");
  await signUp(page, person);
  await expect(page.getByTestId("account-link")).toHaveText(person.email);
  await signOut(page);

  await signIn(page, { ...person, password: "not the right password at all" });
  await expect(page.locator("main").getByRole("alert")).toContainText(/email or password/i);

  await signUp(page, { ...person, name: "Someone Else" });
  await expect(page.locator("main").getByRole("alert")).toContainText(/already exists/i);
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue(person.email);

  await signUp(page, { ...newPerson("Weak"), password: "password" });
  await expect(page.locator("main").getByRole("alert")).toBeVisible();
  await expect(page.getByTestId("account-link")).toHaveCount(0);
});

test("a magic link from a real SMTP server signs the user in", async ({ page, baseURL }) => {
  const person = newPerson("Mina");
  const sentAt = Date.now() - 1000;
  await page.goto("/signin");
  await page.getByLabel("Email address for a sign-in link").fill(person.email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page).toHaveURL(/\/signin\/check-email/);
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

  const mail = await waitForMail(person.email, { after: sentAt, subject: /Sign in/i });
  await page.goto(linkIn(mail, baseURL!));
  await expect(page.getByTestId("account-link")).toHaveText(person.email);

  // A used link does not sign anyone in again.
  await signOut(page);
  await page.goto(linkIn(mail, baseURL!));
  await expect(page.getByTestId("account-link")).toHaveCount(0);
});

test("signed-out visitors are sent to sign in for private pages", async ({ page }) => {
  await page.goto("/teams");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fteams/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faccount/);
});
