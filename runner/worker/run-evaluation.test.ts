/** Whole evaluations, measured for real in the sandbox, from a claimed job to the stored outcome. */
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluationEvents, evaluations, results } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { nanOutputModel } from "../../test-support/onnx/test-models";
import { claimNextEvaluation } from "./claim";
import { runEvaluation, type EvaluationSettings } from "./run-evaluation";
import {
  claimedEvaluation,
  seedEvaluationTrack,
  writeBundle,
  type EvaluationTrack,
} from "../../test-support/runner/evaluation-fixtures";

const testDb = useTestDatabase();
let boss: PgBoss;
let track: EvaluationTrack;
let settings: EvaluationSettings;
const log: string[] = [];

beforeAll(async () => {
  boss = new PgBoss({ connectionString: testDb.url, max: 2, supervise: false, schedule: false });
  await boss.start();
  track = await seedEvaluationTrack(testDb.db);
  settings = {
    datasetsRoot: track.datasetsDir,
    storageRoot: track.tempDir,
    childBundleDir: path.join(track.tempDir, "child"),
    protocol: { blocks: 2, warmupQueries: 2, minQueries: 10, minDurationMs: 100, throughputMinDurationMs: 100 },
    sandbox: true,
  };
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await track?.cleanup();
});

const evaluationRow = async (id: string) =>
  (await testDb.db.select().from(evaluations).where(eq(evaluations.id, id)))[0]!;
const resultsOf = (id: string) => testDb.db.select().from(results).where(eq(results.evaluationId, id));
const timeline = async (id: string) =>
  (
    await testDb.db
      .select()
      .from(evaluationEvents)
      .where(eq(evaluationEvents.evaluationId, id))
      .orderBy(asc(evaluationEvents.id))
  ).map((event) => `${event.state}@${event.attempt}`);
/**
 * The timeline with consecutive repeats collapsed: a noisy result on a loaded host is re-measured, each re-measure
 * announced as another "measuring" event; the sequence of states is what a test of the normal path checks.
 */
const stateSequence = async (id: string) =>
  (await timeline(id)).filter((state, index, all) => index === 0 || state !== all[index - 1]);
const run = (claim: Parameters<typeof runEvaluation>[3], overrides: Partial<EvaluationSettings> = {}) =>
  runEvaluation(testDb.db, boss, "r1", claim, { ...settings, ...overrides }, (line) => log.push(line));

describe("runEvaluation", () => {
  it("measures a model and stores its public, private and out-of-domain results", async () => {
    const { claim } = await claimedEvaluation(testDb.db, boss, track, "r1");
    expect(await run(claim)).toBe("finished");

    expect(await evaluationRow(claim.evaluationId)).toMatchObject({ state: "finished", progress: 1, errorCode: null });
    expect(await stateSequence(claim.evaluationId)).toEqual([
      "queued@0",
      "validating@1",
      "evaluating@1",
      "measuring@1",
      "finished@1",
    ]);
    const rows = await resultsOf(claim.evaluationId);
    const bySplit = Object.fromEntries(rows.map((row) => [row.split, row]));
    expect(Object.keys(bySplit).sort()).toEqual(["ood:reviews", "private", "public"]);
    expect([bySplit.public!.examples, bySplit.private!.examples, bySplit["ood:reviews"]!.examples]).toEqual([
      20, 20, 10,
    ]);
    for (const row of rows) {
      expect(row.metrics).toEqual({
        accuracy: expect.any(Number),
        macro_f1: expect.any(Number),
        mcc: expect.any(Number),
      });
      expect(row).toMatchObject({
        sandboxed: true,
        energyMethod: expect.stringMatching(/^(estimated|measured-rapl)$/),
      });
      expect(row.latencyP50Ms).toBeGreaterThan(0);
      expect(row.throughputPerSecond).toBeGreaterThan(0);
    }
    expect(log).toContain(`finished evaluation ${claim.evaluationId} attempt 1`);
    expect((await boss.getJobById(claim.queueName, claim.jobId))?.state).toBe("completed");
  });

  it("re-measures a noisy result a bounded number of times in the same claim, then records it with its reasons", async () => {
    const { claim } = await claimedEvaluation(testDb.db, boss, track, "r1");
    // An interval limit of 0 makes every result noisy: the worker re-measures once, then records it as it is.
    const protocol = { ...settings.protocol, noisyLatencyP50Width: 0, maxReruns: 1 };
    expect(await run(claim, { protocol })).toBe("finished");
    const rows = await resultsOf(claim.evaluationId);
    for (const row of rows) {
      expect(row).toMatchObject({ noisy: true, reruns: 1 });
      expect(row.noisyReasons.join("\n")).toMatch(/interval is .* of its value wide \(limit 0\.0%\)/);
    }
    expect(log.some((line) => line.startsWith(`evaluation ${claim.evaluationId}: re-measuring (1 of at most 1)`))).toBe(
      true,
    );
    // One attempt, one claim: the re-run is not a new submission or a retry; the timeline announces it, with why.
    expect(await timeline(claim.evaluationId)).toEqual([
      "queued@0",
      "validating@1",
      "evaluating@1",
      "measuring@1",
      "measuring@1",
      "finished@1",
    ]);
    const events = await testDb.db
      .select()
      .from(evaluationEvents)
      .where(eq(evaluationEvents.evaluationId, claim.evaluationId));
    expect(events.map((event) => event.message ?? "").join("\n")).toMatch(
      /re-measuring \(1 of at most 1\) because .*interval is .* wide/,
    );
  });

  it("marks the results of an unsandboxed run (JOULEBENCH_UNSAFE_NO_SANDBOX)", async () => {
    const { claim } = await claimedEvaluation(testDb.db, boss, track, "r1");
    expect(await run(claim, { sandbox: false })).toBe("finished");
    expect((await resultsOf(claim.evaluationId)).map((row) => row.sandboxed)).toEqual([false, false, false]);
    const events = await testDb.db
      .select()
      .from(evaluationEvents)
      .where(eq(evaluationEvents.evaluationId, claim.evaluationId));
    expect(events.find((event) => event.state === "finished")?.message).toBe(
      "finished: public, private, ood:reviews (unsandboxed)",
    );
  });

  it("fails a broken model at once, with its error, and does not retry it", async () => {
    const nanBundle = path.join(track.tempDir, "nan.zip");
    await writeBundle(nanBundle, nanOutputModel());
    const { claim } = await claimedEvaluation(testDb.db, boss, track, "r1", nanBundle);
    expect(await run(claim)).toBe("failed");

    const row = await evaluationRow(claim.evaluationId);
    expect(row).toMatchObject({ state: "failed", attempts: 1, errorCode: "INVALID_OUTPUT" });
    expect(row.errorMessage).toMatch(/NaN/);
    expect(await resultsOf(claim.evaluationId)).toEqual([]);
    expect((await boss.getJobById(claim.queueName, claim.jobId))?.state).toBe("completed");
    expect(await claimNextEvaluation(testDb.db, boss, "r1", ["cpu-1t"])).toEqual({ kind: "none" });
  });

  it("gives a job it cannot do back to the queue, and fails it with the runner's error when no retry is left", async () => {
    const { claim } = await claimedEvaluation(testDb.db, boss, track, "r1", "not-stored-here.zip");
    expect(await run(claim)).toBe("requeued");
    expect(await evaluationRow(claim.evaluationId)).toMatchObject({ state: "queued", runnerId: null });
    expect((await boss.getJobById(claim.queueName, claim.jobId))?.state).toBe("retry");

    let outcome: string | undefined;
    for (let attempt = 2; attempt <= 3; attempt += 1) {
      const again = await claimNextEvaluation(testDb.db, boss, "r1", ["cpu-1t"]);
      if (again.kind !== "claimed") throw new Error(`attempt ${attempt} was not claimed`);
      outcome = await run(again.claim);
    }
    expect(outcome).toBe("gave-up");
    const row = await evaluationRow(claim.evaluationId);
    expect(row).toMatchObject({
      state: "failed",
      attempts: 3,
      errorCode: "ARTIFACT_MISSING",
      errorMessage: "The submitted file is not available to this runner.",
    });
    expect((await boss.getJobById(claim.queueName, claim.jobId))?.state).toBe("failed");
  });
});

describe("a cancelled evaluation", () => {
  it("stops its sandboxed measurement within a progress report, and records nothing", async () => {
    const { claim } = await claimedEvaluation(testDb.db, boss, track, "r1");
    // A latency pass of at least an hour, reporting progress as it goes: the measurement can only end within this
    // test's budget if the runner notices the cancellation at a progress report and stops the child. No assertion
    // depends on how fast the machine is.
    const running = run(claim, {
      protocol: { blocks: 2, warmupQueries: 2, minQueries: 10, minDurationMs: 3_600_000, throughputMinDurationMs: 100 },
      progressIntervalMs: 50,
    });
    while ((await evaluationRow(claim.evaluationId)).state !== "measuring") {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // What cancelEvaluation does to the row (lib/data/evaluations.ts, tested there with its authorization).
    await testDb.db.update(evaluations).set({ state: "cancelled" }).where(eq(evaluations.id, claim.evaluationId));

    const outcome = await running;
    expect(outcome).not.toBe("finished");
    expect(await evaluationRow(claim.evaluationId)).toMatchObject({ state: "cancelled" });
    expect(await resultsOf(claim.evaluationId)).toEqual([]);
    expect(log.some((line) => line.includes(claim.evaluationId) && line.includes("no longer ours"))).toBe(true);
  }, 240_000);
});
