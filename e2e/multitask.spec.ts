/**
 * A multi-task track from end to end in Chromium, with the real runner on the real BoolQ, CB and RTE files: an
 * organizer creates the track in the organizer UI, a team uploads a three-task bundle through the submit form
 * (a bundle missing a task is refused first, every problem named), the runner measures every task in one
 * evaluation, and the board shows the benchmark score, the benchmark energy and one column per task.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { IN_SESSION_FLAG } from "../ops/own-session";
import { benchmarkEntries, writeBenchmarkBundle } from "../test-support/multitask/benchmark-bundle-fixture";
import { createTeam, grantSiteAdmin, newPerson, signUp } from "./flows";
import { E2E_DATA_DIR } from "./mailbox";

const DATASETS = path.resolve("../shared/datasets");
const TASKS = [
  { slug: "boolq", labels: ["no", "yes"] },
  { slug: "cb", labels: ["entailment", "contradiction", "neutral"] },
  { slug: "rte", labels: ["entailment", "not_entailment"] },
];
let runner: ChildProcess;

test.beforeAll(() => {
  const databaseUrl = readFileSync(path.join(E2E_DATA_DIR, "database-url"), "utf8").trim();
  runner = spawn(process.execPath, ["--import", "tsx", "runner/main.ts", IN_SESSION_FLAG], {
    stdio: "ignore",
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      JOULEBENCH_DATA_DIR: E2E_DATA_DIR,
      JOULEBENCH_DATASETS_DIR: DATASETS,
      RUNNER_PROFILES: "cpu-1t",
      JOULEBENCH_PROTOCOL_OVERRIDES: JSON.stringify({
        blocks: 1,
        warmupQueries: 2,
        minQueries: 20,
        minDurationMs: 300,
        throughputMinDurationMs: 200,
        maxReruns: 0,
      }),
    },
  });
});

test.afterAll(() => {
  runner?.kill("SIGTERM");
});

async function submitForm(page: Page, testId: string, button: string) {
  await page.getByTestId(testId).getByRole("button", { name: button }).click();
}

test("an organizer creates a multi-task track, a team submits a three-task bundle, and the board shows the aggregates and each task", async ({
  page,
  browser,
}) => {
  test.setTimeout(600_000);
  const organizer = newPerson("Orla");
  const slug = `superglue-${Date.now().toString(36)}`;
  await signUp(page, organizer);
  await expect(page.getByTestId("account-link")).toHaveText(organizer.email);
  grantSiteAdmin(organizer.email);

  // The organizer sets the competition up.
  await page.goto("/organize");
  await page.getByLabel("Title").fill("SuperGLUE-lite e2e");
  await page.getByLabel("Address").fill(slug);
  await submitForm(page, "create-competition", "Create competition");
  await expect(page).toHaveURL(new RegExp(`/organize/${slug}$`));
  await page.getByLabel("Rules (Markdown; teams accept them to register)").fill("Answer every task.");
  await page.getByLabel("Status").selectOption("open");
  await page.getByLabel("Visibility").selectOption("public");
  await submitForm(page, "competition-settings", "Save settings");
  await expect(page.getByTestId("competition-settings").getByRole("status")).toHaveText("Saved.");
  await page.getByLabel("Name", { exact: true }).fill("Development");
  await page.getByLabel("Starts (UTC)").fill("2020-01-01T00:00");
  await page.getByLabel("Ends (UTC)").fill("2099-01-01T00:00");
  await submitForm(page, "create-phase", "Add phase");
  await expect(page.getByTestId("phase-row")).toContainText("Development");

  // A multi-task track: weights that add up to 0 are refused with the reason, then a proper one is added.
  const form = page.getByTestId("create-multi-task-track");
  await form.getByLabel("Multi-task track: title").fill("SuperGLUE-lite");
  for (const task of TASKS) await form.getByRole("checkbox", { name: new RegExp(`\\(${task.slug}\\)$`) }).check();
  await form.getByLabel("Metric of cb").selectOption("f1_accuracy_mean");
  for (const task of TASKS) await form.getByLabel(`Weight of ${task.slug}`).fill("0");
  await submitForm(page, "create-multi-task-track", "Add multi-task track");
  await expect(form.getByTestId("form-error")).toContainText("The weights add up to 0");
  for (const task of TASKS) await form.getByLabel(`Weight of ${task.slug}`).fill("1");
  await submitForm(page, "create-multi-task-track", "Add multi-task track");
  await expect(page.getByTestId("track-row")).toContainText("multi-task");

  // A team registers and submits.
  const teamContext = await browser.newContext();
  const team = await teamContext.newPage();
  const member = newPerson("Tess");
  await signUp(team, member);
  await expect(team.getByTestId("account-link")).toHaveText(member.email);
  await createTeam(team, `Lite Watts ${Date.now().toString(36)}`);
  await team.goto(`/competitions/${slug}/register`);
  await team.getByLabel("I have read the rules above and accept them for my team.").check();
  await team.getByRole("button", { name: "Register the team" }).click();
  await expect(team).toHaveURL(new RegExp(`/competitions/${slug}/submit$`));

  const folder = await mkdtemp(path.join(os.tmpdir(), "joulebench-e2e-multitask-"));
  const partial = path.join(folder, "partial.zip");
  await writeBenchmarkBundle(partial, benchmarkEntries(TASKS.slice(0, 2)));
  await team.locator('input[name="bundleFile"]').setInputFiles(partial);
  await team.getByLabel("Submission name").fill("two of three");
  await team.getByRole("button", { name: "Submit" }).click();
  await expect(team.getByTestId("form-error")).toContainText('no folder for task "rte"');

  const bundle = path.join(folder, "benchmark.zip");
  await writeBenchmarkBundle(bundle, benchmarkEntries(TASKS));
  await team.locator('input[name="bundleFile"]').setInputFiles(bundle);
  await team.getByLabel("Submission name").fill("three tasks");
  await team.getByRole("button", { name: "Submit" }).click();
  await expect(team).toHaveURL(/\/submissions\/[0-9a-f-]+$/, { timeout: 60_000 });
  await expect(team.getByTestId("evaluation-state")).toHaveText("finished", { timeout: 420_000 });
  await expect(team.getByTestId("timeline")).toContainText("measuring");
  // Each task's rows are listed, and no private part (aggregate or task) before the competition reveals it.
  await expect(team.getByTestId("results")).toContainText("task:cb:public");
  await expect(team.getByTestId("results")).not.toContainText("private");

  // The board: the benchmark score as quality, the benchmark energy, one column per task.
  await team.goto(`/competitions/${slug}`);
  await team.getByTestId("competition-tracks").getByRole("link", { name: "SuperGLUE-lite" }).click();
  await expect(team.getByTestId("benchmark-facts")).toContainText(
    "boolq: accuracy, weight 1; cb: f1_accuracy_mean, weight 1; rte: accuracy, weight 1",
  );
  await expect(team.getByTestId("task-column")).toHaveText(["boolq", "cb", "rte"]);
  const row = team.getByTestId("board-row").filter({ hasText: "three tasks" });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("benchmark-energy")).toContainText("J");
  for (const task of TASKS) await expect(row.getByTestId(`task-score-${task.slug}`)).toContainText("%");

  // The model page: the benchmark's aggregates and each task's full measurement, truncation counted.
  await row.getByRole("link", { name: /three tasks/ }).click();
  await expect(team.getByTestId("benchmark-summary")).toContainText("to answer all 3,603 test examples once");
  await expect(team.getByTestId("benchmark-summary")).toContainText("truncated");
  await expect(team.getByTestId("benchmark-tasks")).toContainText("boolq");
  await expect(team.getByTestId("benchmark-tasks")).toContainText("f1_accuracy_mean");
  await teamContext.close();
});
