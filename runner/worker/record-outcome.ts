/**
 * The end of an attempt, each in one transaction with the completion of its job:
 * - finished: the results rows, the state "finished" and the submission "scored";
 * - failed (the model's fault, or a runner fault with no retry left): the error and the state "failed".
 *
 * The state change is fenced (lib/data/evaluations.ts): when this runner no longer holds the evaluation, it
 * returns "superseded" and nothing at all is written, the job included (it belongs to whoever holds it now).
 * The results insert also skips rows that exist (unique evaluation + split), so even a fencing bug could not
 * count an evaluation twice. Completing the job in the same transaction means a runner that dies after the
 * commit leaves nothing to redo, and one that dies before it leaves nothing written.
 */
import { eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Database, DatabaseOrTransaction } from "../../db/client";
import { evaluations, results, submissions } from "../../db/schema";
import { recordStateChange } from "../../lib/data/evaluations";
import { queueDatabase } from "../../lib/queue/evaluation-queue";
import type { EvaluationReport } from "../evaluate/evaluation-report";
import { isBenchmarkReport, type AnyEvaluationReport } from "../evaluate/benchmark-report";
import { benchmarkResultRows } from "./benchmark-result-rows";
import type { ClaimedEvaluation } from "./claim";
import { resultRows } from "./result-rows";

export type Outcome = "finished" | "failed" | "superseded";

export async function recordFinished(
  db: Database,
  boss: PgBoss,
  runnerId: string,
  claim: ClaimedEvaluation,
  submissionId: string,
  report: AnyEvaluationReport,
): Promise<Outcome> {
  return db.transaction(async (tx) => {
    const { evaluationId, attempt } = claim;
    const rows = isBenchmarkReport(report)
      ? benchmarkResultRows(evaluationId, report)
      : resultRows(evaluationId, report);
    const message = `finished: ${rows.map((row) => row.split).join(", ")}${report.sandboxed ? "" : " (unsandboxed)"}`;
    if (
      !(await recordStateChange(tx, {
        evaluationId,
        attempt,
        runnerId,
        heldBy: runnerId,
        state: "finished",
        progress: 1,
        message,
      }))
    ) {
      return "superseded";
    }
    await tx
      .update(evaluations)
      .set({ versions: { ...report.versions } })
      .where(eq(evaluations.id, evaluationId));
    if (rows.length > 0)
      await tx
        .insert(results)
        .values(rows)
        .onConflictDoNothing({ target: [results.evaluationId, results.split] });
    await tx
      .update(submissions)
      .set({ state: "scored", updatedAt: sql`now()` })
      .where(eq(submissions.id, submissionId));
    await boss.complete(claim.queueName, claim.jobId, { outcome: "finished" }, { db: queueDatabase(tx) });
    return "finished";
  });
}

export async function recordFailed(
  db: Database,
  boss: PgBoss,
  runnerId: string,
  claim: ClaimedEvaluation,
  error: { code: string; message: string },
): Promise<Outcome> {
  return db.transaction(async (tx) => {
    const { evaluationId, attempt } = claim;
    if (!(await recordStateChange(tx, { evaluationId, attempt, runnerId, heldBy: runnerId, state: "failed", error })))
      return "superseded";
    await markSubmissionFailed(tx, evaluationId);
    // Completed, not failed: pg-boss would retry a failed job, and the evaluation itself records the failure.
    await boss.complete(
      claim.queueName,
      claim.jobId,
      { outcome: "failed", code: error.code },
      { db: queueDatabase(tx) },
    );
    return "failed";
  });
}

export async function markSubmissionFailed(tx: DatabaseOrTransaction, evaluationId: string): Promise<void> {
  const [evaluation] = await tx
    .select({ submissionId: evaluations.submissionId })
    .from(evaluations)
    .where(eq(evaluations.id, evaluationId));
  if (!evaluation) return;
  await tx
    .update(submissions)
    .set({ state: "failed", updatedAt: sql`now()` })
    .where(eq(submissions.id, evaluation.submissionId));
}
