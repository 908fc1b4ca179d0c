/**
 * Claims, outcomes, hand-backs and the reaper against a real database and pg-boss, with reports made up
 * (sample-report.ts) rather than measured, so every race can be staged exactly.
 */
import { asc, eq, inArray, sql } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { evaluationEvents, evaluations, results, runners, submissions } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { enqueueEvaluation } from "../../lib/data/evaluations";
import { EVALUATION_RETRY_LIMIT } from "../../lib/queue/evaluation-queue";
import { scoreSplits } from "../evaluate/compose-report";
import { claimNextEvaluation, type ClaimedEvaluation } from "./claim";
import { reapOrphanedEvaluations } from "./reaper";
import { recordFailed, recordFinished } from "./record-outcome";
import { releaseEvaluation } from "./release";
import {
  claimedEvaluation,
  createSubmission,
  seedEvaluationTrack,
  type EvaluationTrack,
} from "../../test-support/runner/evaluation-fixtures";
import { sampleReport } from "../../test-support/runner/sample-report";

const testDb = useTestDatabase();
let boss: PgBoss;
let track: EvaluationTrack;

beforeAll(async () => {
  boss = new PgBoss({ connectionString: testDb.url, max: 3, supervise: false, schedule: false });
  await boss.start();
  track = await seedEvaluationTrack(testDb.db);
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await track?.cleanup();
});
// Every test leaves the queue empty, so the next one claims its own job.
afterEach(async () => {
  expect(await claimNextEvaluation(testDb.db, boss, "sweeper", ["cpu-1t"])).toEqual({ kind: "none" });
});

const report = () =>
  sampleReport(
    scoreSplits(
      [0, 1, 1, 0],
      [
        {
          split: "test",
          offset: 0,
          labels: [0, 1, 0, 0],
          parts: [
            { name: "public", indices: [0, 1] },
            { name: "private", indices: [2, 3] },
          ],
        },
      ],
      [0, 1],
      2,
    ),
  );
const evaluationRow = async (id: string) =>
  (await testDb.db.select().from(evaluations).where(eq(evaluations.id, id)))[0]!;
const job = (claim: ClaimedEvaluation) => boss.getJobById(claim.queueName, claim.jobId);
const timeline = async (id: string) =>
  (
    await testDb.db
      .select()
      .from(evaluationEvents)
      .where(eq(evaluationEvents.evaluationId, id))
      .orderBy(asc(evaluationEvents.id))
  ).map((event) => `${event.state}@${event.attempt}`);
const giveUp = { code: "RUNNER_LOST", message: "given up" };

async function insertRunner(id: string, silentSeconds: number) {
  await testDb.db.insert(runners).values({
    id,
    hostname: "bench",
    hardwareProfileIds: ["cpu-1t"],
    version: "test",
    lastHeartbeatAt: sql`now() - make_interval(secs => ${silentSeconds})`,
  });
}

describe("claimNextEvaluation", () => {
  it("gives one job to one of two runners asking at once, and assigns its evaluation", async () => {
    await insertRunner("claimer-a", 0);
    const submissionId = await createSubmission(testDb.db, track);
    const { evaluationId } = await enqueueEvaluation(testDb.db, boss, { submissionId });
    const outcomes = await Promise.all(
      ["claimer-a", "claimer-b"].map((id) => claimNextEvaluation(testDb.db, boss, id, ["cpu-2t", "cpu-1t"])),
    );
    const claimed = outcomes.filter((outcome) => outcome.kind === "claimed");
    expect(claimed).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.kind === "none")).toHaveLength(1);

    const winner = claimed[0]!.kind === "claimed" ? claimed[0]!.claim : undefined;
    expect(winner).toMatchObject({
      evaluationId,
      attempt: 1,
      maxAttempts: EVALUATION_RETRY_LIMIT + 1,
      queueName: "evaluate.cpu-1t",
    });
    const row = await evaluationRow(evaluationId);
    expect(row).toMatchObject({ state: "validating", attempts: 1, startedAt: expect.any(Date) });
    expect(await timeline(evaluationId)).toEqual(["queued@0", "validating@1"]);
    expect((await testDb.db.select().from(submissions).where(eq(submissions.id, submissionId)))[0]!.state).toBe(
      "evaluating",
    );
    if (row.runnerId === "claimer-a") {
      expect((await testDb.db.select().from(runners).where(eq(runners.id, "claimer-a")))[0]!.currentEvaluationId).toBe(
        evaluationId,
      );
    }
    await recordFinished(testDb.db, boss, row.runnerId!, winner!, submissionId, report());
  });

  it("completes without work a job whose evaluation was cancelled", async () => {
    const submissionId = await createSubmission(testDb.db, track);
    const { evaluationId, jobId, queueName } = await enqueueEvaluation(testDb.db, boss, { submissionId });
    await cancelLeavingItsJob(evaluationId);
    expect(await claimNextEvaluation(testDb.db, boss, "r", ["cpu-1t"])).toEqual({
      kind: "skipped",
      jobId,
      reason: `evaluation ${evaluationId} does not exist or is already over`,
    });
    expect((await boss.getJobById(queueName, jobId))?.state).toBe("completed");
    expect((await evaluationRow(evaluationId)).attempts).toBe(0);
  });
});

describe("recordFinished and recordFailed", () => {
  it("writes the results, the state and the job's completion once; a repeated finish changes nothing", async () => {
    const { submissionId, claim } = await claimedEvaluation(testDb.db, boss, track, "r1");
    expect(await recordFinished(testDb.db, boss, "r1", claim, submissionId, report())).toBe("finished");
    expect(await recordFinished(testDb.db, boss, "r1", claim, submissionId, report())).toBe("superseded");

    const rows = await testDb.db.select().from(results).where(eq(results.evaluationId, claim.evaluationId));
    expect(rows.map((row) => row.split).sort()).toEqual(["private", "public"]);
    expect(await evaluationRow(claim.evaluationId)).toMatchObject({
      state: "finished",
      progress: 1,
      finishedAt: expect.any(Date),
      versions: { protocol: "test" },
    });
    expect(await timeline(claim.evaluationId)).toEqual(["queued@0", "validating@1", "finished@1"]);
    expect((await job(claim))?.state).toBe("completed");
    expect((await testDb.db.select().from(submissions).where(eq(submissions.id, submissionId)))[0]!.state).toBe(
      "scored",
    );
  });

  it("refuses the finish of a runner presumed dead once its evaluation went to another runner", async () => {
    const { submissionId, claim: first } = await claimedEvaluation(testDb.db, boss, track, "presumed-dead");
    expect(
      await releaseEvaluation(testDb.db, boss, {
        evaluationId: first.evaluationId,
        attempt: 1,
        actingRunnerId: "reaper",
        reason: "silent",
        giveUp,
      }),
    ).toBe("requeued");
    // Before the retry is claimed, the evaluation is no longer the first runner's either.
    expect(await recordFinished(testDb.db, boss, "presumed-dead", first, submissionId, report())).toBe("superseded");
    const retried = await claimNextEvaluation(testDb.db, boss, "survivor", ["cpu-1t"]);
    if (retried.kind !== "claimed") throw new Error("the retry was not claimed");
    expect(retried.claim).toMatchObject({ evaluationId: first.evaluationId, attempt: 2, jobId: first.jobId });

    expect(await recordFinished(testDb.db, boss, "presumed-dead", first, submissionId, report())).toBe("superseded");
    expect(await recordFailed(testDb.db, boss, "presumed-dead", first, { code: "TIMEOUT", message: "late" })).toBe(
      "superseded",
    );
    expect((await job(first))?.state).toBe("active");
    expect(await recordFinished(testDb.db, boss, "survivor", retried.claim, submissionId, report())).toBe("finished");

    expect(await testDb.db.select().from(results).where(eq(results.evaluationId, first.evaluationId))).toHaveLength(2);
    expect(await timeline(first.evaluationId)).toEqual([
      "queued@0",
      "validating@1",
      "queued@1",
      "validating@2",
      "finished@2",
    ]);
    expect(await job(first)).toMatchObject({ state: "completed", retryCount: 1 });
  });

  it("fails a model's evaluation once: the job is completed, not retried", async () => {
    const { submissionId, claim } = await claimedEvaluation(testDb.db, boss, track, "r1");
    expect(await recordFailed(testDb.db, boss, "r1", claim, { code: "INVALID_OUTPUT", message: "NaN scores" })).toBe(
      "failed",
    );
    expect(await evaluationRow(claim.evaluationId)).toMatchObject({
      state: "failed",
      errorCode: "INVALID_OUTPUT",
      errorMessage: "NaN scores",
    });
    expect((await job(claim))?.state).toBe("completed");
    expect((await testDb.db.select().from(submissions).where(eq(submissions.id, submissionId)))[0]!.state).toBe(
      "failed",
    );
  });
});

describe("releaseEvaluation", () => {
  it("retries within the limit, then gives up with the given error", async () => {
    const { claim } = await claimedEvaluation(testDb.db, boss, track, "r1");
    const release = {
      evaluationId: claim.evaluationId,
      actingRunnerId: "r1",
      reason: "no sandbox here",
      giveUp: { code: "SANDBOX_UNAVAILABLE", message: "no bwrap" },
    };
    for (let attempt = 1; attempt <= EVALUATION_RETRY_LIMIT; attempt += 1) {
      expect(await releaseEvaluation(testDb.db, boss, { ...release, attempt })).toBe("requeued");
      expect(await evaluationRow(claim.evaluationId)).toMatchObject({
        state: "queued",
        runnerId: null,
        attempts: attempt,
      });
      expect((await job(claim))?.state).toBe("retry");
      const again = await claimNextEvaluation(testDb.db, boss, "r1", ["cpu-1t"]);
      expect(again).toMatchObject({ kind: "claimed", claim: { attempt: attempt + 1 } });
    }
    expect(await releaseEvaluation(testDb.db, boss, { ...release, attempt: EVALUATION_RETRY_LIMIT + 1 })).toBe(
      "gave-up",
    );
    expect(await evaluationRow(claim.evaluationId)).toMatchObject({
      state: "failed",
      errorCode: "SANDBOX_UNAVAILABLE",
      attempts: 3,
    });
    expect((await job(claim))?.state).toBe("failed");
    // A release of an attempt that no longer runs does nothing.
    expect(await releaseEvaluation(testDb.db, boss, { ...release, attempt: 3 })).toBe("superseded");
  });
});

describe("reapOrphanedEvaluations", () => {
  it("hands back the evaluations of silent runners, once even with two reapers, and leaves live runners' alone", async () => {
    await insertRunner("silent-runner", 60);
    await insertRunner("live-runner", 0);
    const orphan = await claimedEvaluation(testDb.db, boss, track, "silent-runner");
    const healthy = await claimedEvaluation(testDb.db, boss, track, "live-runner");
    const log: string[] = [];
    const reap = (reaperId: string) =>
      reapOrphanedEvaluations(testDb.db, boss, {
        reaperId,
        deadAfterMs: 30_000,
        runningEvaluationId: undefined,
        log: (line) => log.push(line),
      });

    const outcomes = (await Promise.all([reap("reaper-1"), reap("reaper-2")])).flat();
    expect(outcomes.sort()).toEqual(["requeued", "superseded"]);
    expect(log).toEqual([`evaluation ${orphan.claim.evaluationId} of runner silent-runner: requeued`]);
    expect(await evaluationRow(orphan.claim.evaluationId)).toMatchObject({ state: "queued", runnerId: null });
    expect(await evaluationRow(healthy.claim.evaluationId)).toMatchObject({
      state: "validating",
      runnerId: "live-runner",
    });
    const [handBack] = await testDb.db
      .select()
      .from(evaluationEvents)
      .where(eq(evaluationEvents.evaluationId, orphan.claim.evaluationId))
      .orderBy(asc(evaluationEvents.id))
      .then((events) => events.slice(-1));
    expect(handBack?.message).toMatch(/^runner silent-runner stopped responding \(last heartbeat .*\); retrying$/);

    // Clean up: the retried orphan and the healthy one both finish.
    const retried = await claimNextEvaluation(testDb.db, boss, "live-runner", ["cpu-1t"]);
    if (retried.kind !== "claimed") throw new Error("the orphan was not retried");
    await recordFinished(testDb.db, boss, "live-runner", retried.claim, orphan.submissionId, report());
    await recordFinished(testDb.db, boss, "live-runner", healthy.claim, healthy.submissionId, report());
  });

  it("never presumes itself dead: its own stale heartbeat (after an outage) does not hand back what it measures", async () => {
    await insertRunner("back-from-outage", 60);
    const running = await claimedEvaluation(testDb.db, boss, track, "back-from-outage");
    const reap = (reaperId: string) =>
      reapOrphanedEvaluations(testDb.db, boss, {
        reaperId,
        deadAfterMs: 30_000,
        runningEvaluationId: reaperId === "back-from-outage" ? running.claim.evaluationId : undefined,
        log: () => {},
      });
    expect(await reap("back-from-outage")).toEqual([]);
    expect((await evaluationRow(running.claim.evaluationId)).state).toBe("validating");
    // Another runner, which cannot know the silent one is alive, still hands it back.
    expect(await reap("another-runner")).toEqual(["requeued"]);

    const retried = await claimNextEvaluation(testDb.db, boss, "another-runner", ["cpu-1t"]);
    if (retried.kind !== "claimed") throw new Error("the evaluation was not retried");
    await recordFinished(testDb.db, boss, "another-runner", retried.claim, running.submissionId, report());
  });

  it("hands back its own evaluation whose outcome could not be written, but not the one it measures", async () => {
    await insertRunner("self", 0);
    const stuck = await claimedEvaluation(testDb.db, boss, track, "self");
    const running = await claimedEvaluation(testDb.db, boss, track, "self");
    await testDb.db
      .update(evaluations)
      .set({ startedAt: sql`now() - interval '1 minute'` })
      .where(inArray(evaluations.id, [stuck.claim.evaluationId, running.claim.evaluationId]));
    const outcomes = await reapOrphanedEvaluations(testDb.db, boss, {
      reaperId: "self",
      deadAfterMs: 30_000,
      runningEvaluationId: running.claim.evaluationId,
      log: () => {},
    });
    expect(outcomes).toEqual(["requeued"]);
    expect((await evaluationRow(stuck.claim.evaluationId)).state).toBe("queued");
    expect((await evaluationRow(running.claim.evaluationId)).state).toBe("validating");

    await cancelLeavingItsJob(stuck.claim.evaluationId);
    expect(await claimNextEvaluation(testDb.db, boss, "self", ["cpu-1t"])).toMatchObject({ kind: "skipped" });
    await recordFinished(testDb.db, boss, "self", running.claim, running.submissionId, report());
  });
});

/** Cancels the evaluation but leaves its job on the queue, so that the next claim must skip it. */
async function cancelLeavingItsJob(evaluationId: string) {
  await testDb.db.update(evaluations).set({ state: "cancelled" }).where(eq(evaluations.id, evaluationId));
}
