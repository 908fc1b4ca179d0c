/**
 * Takes the next job of the runner's queues and claims its evaluation, in one transaction: pg-boss marks the
 * job active (SELECT ... FOR UPDATE SKIP LOCKED, so two runners never get the same job) and the evaluation
 * gets its new attempt number, this runner, and the state "validating". Either both happen or neither: there
 * is no moment in which a job is active but its evaluation does not say who runs it.
 *
 * A job whose evaluation is gone or already over (cancelled, or finished by a runner that died before its job
 * was completed) is completed here without any work.
 */
import { and, eq, notInArray, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Database } from "../../db/client";
import { evaluationEvents, evaluations, runners, submissions } from "../../db/schema";
import { TERMINAL_EVALUATION_STATES } from "../../lib/data/evaluations";
import { evaluationQueueName, queueDatabase, type EvaluationJobData } from "../../lib/queue/evaluation-queue";

export interface ClaimedEvaluation {
  evaluationId: string;
  attempt: number;
  jobId: string;
  queueName: string;
  /** Attempts pg-boss allows in all (retry limit + 1). */
  maxAttempts: number;
}

export type ClaimOutcome =
  | { kind: "claimed"; claim: ClaimedEvaluation }
  | { kind: "skipped"; jobId: string; reason: string }
  | { kind: "none" };

export async function claimNextEvaluation(
  db: Database,
  boss: PgBoss,
  runnerId: string,
  profiles: readonly string[],
): Promise<ClaimOutcome> {
  return db.transaction(async (tx) => {
    const queueDb = queueDatabase(tx);
    for (const profile of profiles) {
      const queueName = evaluationQueueName(profile);
      const [job] = await boss.fetch<EvaluationJobData>(queueName, {
        batchSize: 1,
        includeMetadata: true,
        db: queueDb,
      });
      if (!job) continue;
      const evaluationId = typeof job.data?.evaluationId === "string" ? job.data.evaluationId : undefined;
      const [claimed] = evaluationId
        ? await tx
            .update(evaluations)
            .set({
              attempts: sql`${evaluations.attempts} + 1`,
              runnerId,
              jobId: job.id,
              state: "validating",
              progress: 0,
              startedAt: sql`now()`,
              errorCode: null,
              errorMessage: null,
            })
            .where(and(eq(evaluations.id, evaluationId), notInArray(evaluations.state, TERMINAL_EVALUATION_STATES)))
            .returning({ attempts: evaluations.attempts, submissionId: evaluations.submissionId })
        : [];
      if (!claimed || !evaluationId) {
        const reason = evaluationId
          ? `evaluation ${evaluationId} does not exist or is already over`
          : "the job names no evaluation";
        await boss.complete(queueName, job.id, { skipped: reason }, { db: queueDb });
        return { kind: "skipped", jobId: job.id, reason };
      }
      const maxAttempts = job.retryLimit + 1;
      await tx.insert(evaluationEvents).values({
        evaluationId,
        state: "validating",
        attempt: claimed.attempts,
        runnerId,
        message: `claimed by runner ${runnerId} (attempt ${claimed.attempts} of ${maxAttempts})`,
      });
      await tx
        .update(submissions)
        .set({ state: "evaluating", updatedAt: sql`now()` })
        .where(eq(submissions.id, claimed.submissionId));
      await tx.update(runners).set({ currentEvaluationId: evaluationId }).where(eq(runners.id, runnerId));
      return {
        kind: "claimed",
        claim: { evaluationId, attempt: claimed.attempts, jobId: job.id, queueName, maxAttempts },
      };
    }
    return { kind: "none" };
  });
}
