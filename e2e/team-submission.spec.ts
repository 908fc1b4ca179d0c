/**
 * A team's own submission in Chromium, with a real runner: the submit form's required name, a refused file's reason
 * kept through Submit, the warning on a track no runner serves; the submission's live label, Cancel with its
 * confirmation and the canceller named; once scored, why it is unranked (below the quality bar), then its rank with
 * links to the board and the model page, the noise reasons, figures with SI prefixes; the team's email; and the
 * account page's opt-out. At 1280 and 390 px, light and dark, with axe.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { expect, test } from "@playwright/test";
import { createDatabaseClient, type Database } from "../db/client";
import { evaluations, results, tracks } from "../db/schema";
import { IN_SESSION_FLAG } from "../ops/own-session";
import { startMailCatcher, type CaughtMessage, type MailCatcher } from "../test-support/mail/mail-catcher";
import { seedCompetition, writeFixtureBundle, type CompetitionFixture } from "../test-support/competition-fixture";
import { checkPage } from "./accessibility";
import { createTeam, newPerson, signUp } from "./flows";
import { E2E_DATA_DIR } from "./mailbox";

let fixture: CompetitionFixture;
let runner: ChildProcess | undefined;
let db: Database;
let closeDatabase: () => Promise<void>;
let databaseUrl: string;
let catcher: MailCatcher;
const caught: CaughtMessage[] = [];

test.beforeAll(async () => {
  databaseUrl = readFileSync(path.join(E2E_DATA_DIR, "database-url"), "utf8").trim();
  const client = createDatabaseClient(databaseUrl, { max: 2 });
  db = client.db;
  closeDatabase = client.close;
  fixture = await seedCompetition(db, { register: false, phase: { submissionsTotal: 5 } });
  // The runner sends the evaluation emails: it gets an SMTP server of this spec's own.
  catcher = await startMailCatcher((message) => void caught.push(message));
});

test.afterAll(async () => {
  runner?.kill("SIGTERM");
  await catcher?.close();
  await closeDatabase?.();
  await fixture?.cleanup();
});

function startRunner(baseURL: string) {
  runner = spawn(process.execPath, ["--import", "tsx", "runner/main.ts", IN_SESSION_FLAG], {
    stdio: "ignore",
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      JOULEBENCH_DATA_DIR: E2E_DATA_DIR,
      JOULEBENCH_DATASETS_DIR: fixture.datasetsDir,
      RUNNER_PROFILES: "cpu-1t",
      SMTP_URL: catcher.smtpUrl,
      AUTH_URL: baseURL,
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
}

test("a team's submission: the form, live progress and cancel, its place on the board, the noise reasons, its email", async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(400_000);
  const member = newPerson("Placer");
  await signUp(page, member);
  await expect(page.getByTestId("account-link")).toHaveText(member.email);
  await createTeam(page, `Rankers ${Date.now().toString(36)}`);
  await page.goto(`/competitions/${fixture.competitionSlug}/register`);
  await page.getByLabel("I have read the rules above and accept them for my team.").check();
  await page.getByRole("button", { name: "Register the team" }).click();
  await expect(page).toHaveURL(new RegExp(`/competitions/${fixture.competitionSlug}/submit$`));

  // The form: an empty required name without a look-alike placeholder, and the track no runner serves is flagged.
  const name = page.getByLabel("Submission name");
  await expect(name).toHaveValue("");
  expect(await name.getAttribute("placeholder")).toBeNull();
  await expect(page.getByText("(required)")).toBeVisible();
  await expect(page.getByTestId("no-runner-warning")).toContainText("no runner serves this track right now");
  await expect(page.getByText("Up to 256 MiB.")).toBeVisible();
  await checkPage(page, testInfo, "submit-form", "desktop");
  await page.setViewportSize({ width: 390, height: 844 });
  await checkPage(page, testInfo, "submit-form", "phone");
  await page.setViewportSize({ width: 1280, height: 800 });

  // A refused file's reason stays when Submit is pressed.
  const chooser = page.locator('input[name="bundleFile"]');
  await chooser.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
  await expect(page.getByTestId("form-error")).toContainText("neither a .zip bundle nor a .onnx model");
  await name.fill("placed model");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByTestId("form-error")).toContainText("neither a .zip bundle nor a .onnx model");
  await expect(page.getByTestId("form-error")).not.toContainText("Choose or drop");

  await chooser.setInputFiles(await writeFixtureBundle(path.join(fixture.tempDir, "placed.zip"), { seed: 90 }));
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page).toHaveURL(/\/submissions\/[0-9a-f-]+$/, { timeout: 60_000 });
  const submissionId = new URL(page.url()).pathname.split("/").pop()!;

  // Waiting: the label says what is happening; Cancel asks first, and "keep it" keeps it.
  await expect(page.getByTestId("progress-label")).toContainText("waiting for a runner");
  await page.getByRole("button", { name: "Cancel evaluation" }).click();
  await expect(page.getByTestId("confirm-cancel")).toContainText("Stop this evaluation now?");
  await page.getByRole("button", { name: "Keep it running" }).click();
  await expect(page.getByTestId("confirm-cancel")).toHaveCount(0);
  await expect(page.getByTestId("evaluation-state")).toHaveText("queued");
  await page.getByRole("button", { name: "Cancel evaluation" }).click();
  await page.getByRole("button", { name: "Yes, cancel it" }).click();
  await expect(page.getByTestId("evaluation-state")).toHaveText("cancelled");
  await expect(page.getByTestId("timeline")).toContainText(`cancelled by ${member.name}`);

  // Scored below a quality bar nobody reaches: unranked, and the page says why.
  await db.update(tracks).set({ qualityThreshold: 0.999 }).where(eq(tracks.id, fixture.trackId));
  startRunner(baseURL!);
  await page.getByRole("button", { name: "Evaluate again" }).click();
  await expect(page.getByTestId("evaluation-state")).toHaveText("finished", { timeout: 180_000 });
  await expect(page.getByTestId("placement-unranked")).toContainText("Below the quality bar", { timeout: 15_000 });
  await expect(page.getByTestId("placement-unranked")).toContainText("99.9% or more");

  // The team's email: the headline figures and the link.
  await expect
    .poll(() => caught.filter((message) => message.to.includes(member.email)).length, { timeout: 30_000 })
    .toBeGreaterThan(0);
  const email = caught
    .find((message) => message.to.includes(member.email))!
    .raw.toString("utf8")
    .replace(/=\r?\n/g, "");
  expect(email).toMatch(/Subject: Evaluation finished: placed model/);
  expect(email).toContain(`${baseURL}/submissions/${submissionId}`);
  expect(email).toMatch(/Wh per 1,000 inferences/);

  // Without the bar it ranks: its place, the board and the model page; a noisy result says why.
  await db.update(tracks).set({ qualityThreshold: null }).where(eq(tracks.id, fixture.trackId));
  const finished = (
    await db
      .select({ id: evaluations.id, state: evaluations.state })
      .from(evaluations)
      .where(eq(evaluations.submissionId, submissionId))
  ).find((row) => row.state === "finished")!;
  const reason = "energy interval is 41.0% of its value wide (limit 15.0%)";
  await db
    .update(results)
    .set({ noisy: true, noisyReasons: [reason] })
    .where(eq(results.evaluationId, finished.id));
  await page.reload();
  await expect(page.getByTestId("placement-rank")).toHaveText("1");
  await expect(page.getByTestId("board-placement")).toContainText("of 1 ranked submissions");
  await expect(page.getByRole("link", { name: "See the leaderboard" })).toHaveAttribute(
    "href",
    `/competitions/${fixture.competitionSlug}/tracks/${fixture.trackId}`,
  );
  await expect(page.getByRole("link", { name: "Model page" })).toHaveAttribute("href", `/models/${submissionId}`);
  await expect(page.getByRole("link", { name: "(noisy)" }).first()).toBeVisible();
  await expect(page.getByTestId("noise-reasons")).toContainText(reason);
  for (const cell of await page.getByTestId("result-energy").allTextContents()) {
    expect(cell).toMatch(/^\d[\d.,]* [pnµmk]?Wh$/);
  }
  await expect(page.getByTestId("results")).not.toContainText(/\de[+-]?\d/);
  // Metrics in one order, quality as percentages; MCC is a coefficient, never a percentage.
  await expect(page.getByTestId("results").locator("thead th")).toHaveText([
    "Split",
    "Examples",
    "Accuracy",
    "Macro-F1",
    "MCC",
    "Latency p50",
    "Energy (per 1,000 inferences)",
    "Energy method",
  ]);
  await expect(page.getByTestId("results").locator("tbody td").nth(3)).toHaveText(/^-?\d\.\d{3}$/);
  await checkPage(page, testInfo, "submission-placed", "desktop");
  await page.setViewportSize({ width: 390, height: 844 });
  // On a phone every figure is in view: one card per split instead of a table that scrolls sideways.
  await expect(page.getByTestId("result-cards")).toContainText(/\d [pnµmk]?Wh per 1,000 inferences/);
  await expect(page.getByTestId("results")).toBeHidden();
  await checkPage(page, testInfo, "submission-placed", "phone");
  await page.emulateMedia({ colorScheme: "dark" });
  await checkPage(page, testInfo, "submission-placed-dark", "phone");
  await page.setViewportSize({ width: 1280, height: 800 });
  await checkPage(page, testInfo, "submission-placed-dark", "desktop");
  await page.emulateMedia({ colorScheme: "light" });

  // The opt-out, on the account page.
  await page.goto("/account");
  const optIn = page.getByLabel(/Email me when one of my teams/);
  await expect(optIn).toBeChecked();
  await optIn.uncheck();
  await page.getByTestId("evaluation-emails").getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("evaluation-emails")).toContainText("Saved: no more evaluation emails.");
  await page.reload();
  await expect(page.getByLabel(/Email me when one of my teams/)).not.toBeChecked();
});
