/**
 * A team's whole path in Chromium, on the production build with a real runner: a member registers the team
 * (accepting the rules), uploads a bundle through the form and watches the upload progress bar, then the
 * evaluation's progress until its results; a second submission goes through the CLI with an API token made on
 * the tokens page; a visitor sees neither the submission nor its results, and no page holds a hidden label.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { createDatabaseClient } from "../db/client";
import { IN_SESSION_FLAG } from "../ops/own-session";
import { seedCompetition, writeFixtureBundle, type CompetitionFixture } from "../test-support/competition-fixture";
import { checkPage } from "./accessibility";
import { createTeam, newPerson, signUp } from "./flows";
import { E2E_DATA_DIR } from "./mailbox";

const run = promisify(execFile);
let fixture: CompetitionFixture;
let runner: ChildProcess;
let closeDatabase: () => Promise<void>;

test.beforeAll(async () => {
  const databaseUrl = readFileSync(path.join(E2E_DATA_DIR, "database-url"), "utf8").trim();
  const client = createDatabaseClient(databaseUrl, { max: 2 });
  closeDatabase = client.close;
  fixture = await seedCompetition(client.db, { register: false, phase: { submissionsTotal: 5 } });
  runner = spawn(process.execPath, ["--import", "tsx", "runner/main.ts", IN_SESSION_FLAG], {
    stdio: "ignore",
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      // The web app's data folder: the runner reads uploads from its artifact store.
      JOULEBENCH_DATA_DIR: E2E_DATA_DIR,
      JOULEBENCH_DATASETS_DIR: fixture.datasetsDir,
      RUNNER_PROFILES: "cpu-1t",
      JOULEBENCH_PROTOCOL_OVERRIDES: JSON.stringify({
        blocks: 1,
        warmupQueries: 2,
        minQueries: 20,
        minDurationMs: 500,
        throughputMinDurationMs: 300,
        maxReruns: 0,
      }),
    },
  });
});

test.afterAll(async () => {
  runner?.kill("SIGTERM");
  await closeDatabase?.();
  await fixture?.cleanup();
});

test("a team registers, submits through the form and the CLI, and sees its results; a visitor sees nothing", async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  test.setTimeout(300_000);
  const member = newPerson("Submitter");
  await signUp(page, member);
  await expect(page.getByTestId("account-link")).toHaveText(member.email);
  await createTeam(page, `Low Watt ${Date.now().toString(36)}`);
  const teamSlug = new URL(page.url()).pathname.split("/").pop()!;

  // Register, accepting the rules.
  await page.goto(`/competitions/${fixture.competitionSlug}/register`);
  await expect(page.getByText("Be nice.")).toBeVisible();
  await checkPage(page, testInfo, "register", "desktop");
  await page.getByLabel("I have read the rules above and accept them for my team.").check();
  await page.getByRole("button", { name: "Register the team" }).click();
  await expect(page).toHaveURL(new RegExp(`/competitions/${fixture.competitionSlug}/submit$`));
  await checkPage(page, testInfo, "submit", "desktop");
  await page.setViewportSize({ width: 390, height: 844 });
  await checkPage(page, testInfo, "submit", "phone");
  await page.setViewportSize({ width: 1280, height: 800 });

  // The browser refuses a wrong file type before uploading anything.
  const chooser = page.locator('input[name="bundleFile"]');
  await chooser.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
  await expect(page.getByTestId("form-error")).toContainText("neither a .zip bundle nor a .onnx model");

  // Upload a real bundle and watch the upload, then the evaluation, to its results.
  const bundle = await writeFixtureBundle(path.join(fixture.tempDir, "web.zip"), { seed: 70 });
  await chooser.setInputFiles(bundle);
  await page.getByLabel("Submission name").fill("web upload");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByTestId("upload-progress")).toBeVisible();
  await expect(page).toHaveURL(/\/submissions\/[0-9a-f-]+$/, { timeout: 60_000 });
  const submissionUrl = page.url();
  await expect(page.getByTestId("timeline")).toContainText("queued");
  await expect(page.getByTestId("evaluation-state")).toHaveText("finished", { timeout: 180_000 });
  await expect(page.getByTestId("results")).toContainText("public");
  await expect(page.getByTestId("results")).not.toContainText("private");
  await expect(page.getByTestId("timeline")).toContainText("measuring");
  // Hidden test labels never reach a browser: not one test line appears on the page.
  const testLines = (await readFile(path.join(fixture.datasetsDir, "tiny", "test.txt"), "utf8"))
    .split("\n")
    .filter(Boolean);
  const html = await page.content();
  for (const line of testLines.slice(0, 5)) expect(html).not.toContain(line);
  await checkPage(page, testInfo, "submission", "desktop");
  await page.setViewportSize({ width: 390, height: 844 });
  await checkPage(page, testInfo, "submission", "phone");
  await page.setViewportSize({ width: 1280, height: 800 });

  // A token from the tokens page, then the CLI.
  await page.goto(`/teams/${teamSlug}/tokens`);
  await page.getByLabel("Name").fill("e2e laptop");
  await page.getByRole("button", { name: "Make a token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^jb_/);
  await checkPage(page, testInfo, "tokens", "desktop");
  const home = await mkdtemp(path.join(os.tmpdir(), "joulebench-e2e-home-"));
  const cli = (args: string[]) =>
    run(process.execPath, ["runner/cli.mjs", ...args], { env: { ...process.env, HOME: home }, timeout: 240_000 });
  await cli(["login", "--url", baseURL!, "--token", token]);
  const second = await writeFixtureBundle(path.join(fixture.tempDir, "cli.zip"), { seed: 71 });
  const { stdout } = await cli([
    "submit",
    second,
    "--competition",
    fixture.competitionSlug,
    "--track",
    fixture.trackId,
    "--name",
    "cli upload",
    "--json",
  ]);
  const fromCli = JSON.parse(stdout) as { id: string; evaluation: { state: string } };
  expect(fromCli.evaluation.state).toBe("finished");
  await page.goto("/submissions");
  await expect(page.getByRole("link", { name: "cli upload" })).toBeVisible();
  await expect(page.getByRole("link", { name: "web upload" })).toBeVisible();

  // A visitor: sent to sign in from the page, refused by the API, and shown no result.
  const visitor = await browser.newContext();
  const visitorPage = await visitor.newPage();
  await visitorPage.goto(submissionUrl);
  await expect(visitorPage).toHaveURL(/\/signin/);
  const api = await visitorPage.request.get(`/api/v1/submissions/${fromCli.id}`);
  expect(api.status()).toBe(401);
  expect(((await api.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
  await visitor.close();
});
