/**
 * Fair play in the browser: the forms say why a team name or a registration is refused (one registered team per
 * person and competition; unique team names; the site's own names reserved).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createDatabaseClient } from "../db/client";
import { seedCompetition, type CompetitionFixture } from "../test-support/competition-fixture";
import { createTeam, newPerson, signUp } from "./flows";
import { E2E_DATA_DIR } from "./mailbox";

let fixture: CompetitionFixture;
let client: ReturnType<typeof createDatabaseClient>;

test.beforeAll(async () => {
  client = createDatabaseClient(readFileSync(path.join(E2E_DATA_DIR, "database-url"), "utf8").trim(), { max: 1 });
  fixture = await seedCompetition(client.db, { register: false });
});
test.afterAll(async () => {
  await fixture?.cleanup();
  await client?.close();
});

test("team name forms refuse the site's names and taken ones; a second team of the same person cannot register", async ({
  page,
}) => {
  const person = newPerson("Fairplay");
  const stamp = Date.now().toString(36);
  await signUp(page, person);
  await expect(page.getByTestId("account-link")).toHaveText(person.email);

  await page.goto("/teams");
  await page.getByLabel("Team name").fill("Јоulebench baselines");
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByText("a name the site uses for itself")).toBeVisible();

  const first = `Ohm Sweet Ohm ${stamp}`;
  await createTeam(page, first);
  await page.goto("/teams");
  await page.getByLabel("Team name").fill(first.toUpperCase());
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByText(`Another team is already called "${first.toUpperCase()}"`)).toBeVisible();
  await createTeam(page, `Second Ohm ${stamp}`);

  const register = async (teamName: string) => {
    await page.goto(`/competitions/${fixture.competitionSlug}/register`);
    await page.getByLabel("Team", { exact: true }).selectOption({ label: teamName });
    await page.getByLabel("I have read the rules above and accept them for my team.").check();
    await page.getByRole("button", { name: "Register the team" }).click();
  };
  await register(first);
  await expect(page).toHaveURL(new RegExp(`/competitions/${fixture.competitionSlug}/submit$`));
  await register(`Second Ohm ${stamp}`);
  await expect(page.getByText(`You are already registered in "Tiny" with the team "${first}"`)).toBeVisible();
});
