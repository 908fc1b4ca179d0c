/**
 * Gives an evaluation's attempt back to the queue, for a reason that is not the model's: its runner stopped
 * responding (runner/worker/reaper.ts), could not do the work (a runner fault, see failure-kind.ts), or is
 * shutting down with the measurement unfinished. In one transaction, under a lock on the evaluation row and
 * only while that attempt still runs:
 * - retries left: the evaluation returns to "queued", unassigned, and pg-boss's fail() puts the job into
 *   "retry" for any runner to fetch;
 * - none left (or no job that could ever be fetched again): the evaluation fails with `giveUp`, so nothing
 *   waits forever for a job nobody will run.
 * Two runners releasing the same attempt (two reapers) do not both act: the second finds it no longer running.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Database } from "../../db/client";
import { evaluationEvents, evaluations, submissions } from "../../db/schema";
import { recordStateChange, RUNNING_EVALUATION_STATES } from "../../lib/data/evaluations";
import { evaluationQueueName, queueDatabase } from "../../lib/queue/evaluation-queue";
import { markSubmissionFailed } from "./record-outcome";

export interface Release {
  evaluationId: string;
  attempt: number;
  /** The runner doing the release (the holder itself, or a reaper), noted on the timeline. */
  actingRunnerId: string;
  reason: string;
  /** The failure recorded when no retry is left. */
  giveUp: { code: string; message: string };
}

export type ReleaseOutcome = "requeued" | "gave-up" | "superseded";

export async function releaseEvaluation(db: Database, boss: PgBoss, release: Release): Promise<ReleaseOutcome> {
  return db.transaction(async (tx) => {
    const { evaluationId, attempt } = release;
    const [held] = await tx
      .select({
        jobId: evaluations.jobId,
        profileId: evaluations.hardwareProfileId,
        submissionId: evaluations.submissionId,
      })
      .from(evaluations)
      .where(
        and(
          eq(evaluations.id, evaluationId),
          eq(evaluations.attempts, attempt),
          inArray(evaluations.state, RUNNING_EVALUATION_STATES),
        ),
      )
      .for("update");
    if (!held) return "superseded";
    const queueName = evaluationQueueName(held.profileId);
    const queueDb = queueDatabase(tx);
    const job = held.jobId
      ? await boss.getJobById(queueName, held.jobId, { db: queueDb, includeArchive: false })
      : null;
    const active = job?.state === "active";
    // A job already waiting (pg-boss's own expiry got there first) will be fetched again as it is.
    const retryLeft = (active && job.retryCount < job.retryLimit) || job?.state === "retry" || job?.state === "created";

    if (!retryLeft) {
      await recordStateChange(tx, {
        evaluationId,
        attempt,
        runnerId: release.actingRunnerId,
        state: "failed",
        error: release.giveUp,
      });
      await markSubmissionFailed(tx, evaluationId);
      if (active) await boss.fail(queueName, job.id, { reason: release.reason, gaveUp: true }, { db: queueDb });
      return "gave-up";
    }
    await tx
      .update(evaluations)
      .set({ state: "queued", runnerId: null, progress: 0 })
      .where(eq(evaluations.id, evaluationId));
    await tx
      .insert(evaluationEvents)
      .values({ evaluationId, state: "queued", attempt, runnerId: release.actingRunnerId, message: release.reason });
    await tx
      .update(submissions)
      .set({ state: "queued", updatedAt: sql`now()` })
      .where(eq(submissions.id, held.submissionId));
    if (active) await boss.fail(queueName, job.id, { reason: release.reason }, { db: queueDb });
    return "requeued";
  });
}
