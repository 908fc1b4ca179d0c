import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { E2E_DATA_DIR, linkIn, waitForMail } from "./mailbox";

export interface Person {
  name: string;
  email: string;
  password: string;
}

let counter = 0;
/** A new person per test, so reruns against one database never collide. */
export function newPerson(firstName: string): Person {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}`;
  return {
    name: `${firstName} Tester`,
    email: `${firstName.toLowerCase()}.${tag}@example.com`,
    password: `correct horse battery ${tag} staple`,
  };
}

export async function signUp(page: Page, person: Person, path = "/signup") {
  await page.goto(path);
  await page.getByLabel("Name", { exact: true }).fill(person.name);
  await page.getByLabel("Email", { exact: true }).fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function signIn(page: Page, person: Person, path = "/signin") {
  await page.goto(path);
  await page.getByLabel("Email", { exact: true }).fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Signs in and waits until the header shows the account, so the next navigation cannot cut the sign-in short. */
export async function signInAndWait(page: Page, person: Person, path = "/signin") {
  await signIn(page, person, path);
  await expect(page.getByTestId("account-link")).toHaveText(person.email);
}

export async function signOut(page: Page) {
  await page.goto("/account");
  // The header's button: every page has it (the account page has a second one).
  await page.getByTestId("header-sign-out").click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
}

export async function createTeam(page: Page, teamName: string) {
  await page.goto("/teams");
  await page.getByLabel("Team name").fill(teamName);
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page).toHaveURL(/\/teams\/[a-z0-9-]+$/);
  await expect(page.getByRole("heading", { name: teamName })).toBeVisible();
}

/** Grants site admin the way an operator does: `npm run admin -- grant <email>` against the site's database. */
export function grantSiteAdmin(email: string) {
  const databaseUrl = readFileSync(path.join(E2E_DATA_DIR, "database-url"), "utf8").trim();
  execFileSync("npx", ["tsx", "ops/admin.ts", "grant", email], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: "pipe",
  });
}

/** Opens the verification link mailed at sign-up (the e2e server has SMTP) and confirms the address. */
export async function verifyEmail(page: Page, person: Person, baseUrl: string, sentAfter = 0) {
  const mail = await waitForMail(person.email, { after: sentAfter, subject: /Confirm your email/ });
  await page.goto(linkIn(mail, baseUrl));
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page.getByTestId("verify-result")).toContainText(`${person.email} is verified`);
}
