/**
 * What a team does to a submission after sending it: cancel its evaluation while it waits or runs, and send it
 * again (after a failure or a cancel) while a phase is open. Resubmitting evaluates the same stored file as a new
 * evaluation of the same submission, so it uses no further quota; the earlier evaluations stay in its history.
 * A submission whose evaluation finished is never resubmitted by its team (ALREADY_SCORED): a free re-measure
 * would let a team re-roll the noise until it gave a low figure. Organizers may re-run it (lib/data/moderation.ts);
 * the board then counts every finished measurement (lib/ranking/repeated-measurements.ts).
 */
import "server-only";
import { and, desc, eq, notInArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { evaluations } from "../../db/schema";
import { AppError } from "../errors";
import type { ActorId } from "./competition-access";
import { cancelEvaluation, enqueueEvaluation, TERMINAL_EVALUATION_STATES } from "./evaluations";
import type { EvaluationQueue } from "../queue/evaluation-queue";
import { submissionViewer } from "./submission-views";
import { currentPhase } from "./submissions";

export async function cancelSubmission(
  db: Database,
  queue: EvaluationQueue,
  actorId: ActorId,
  submissionId: string,
): Promise<void> {
  await submissionViewer(db, actorId, submissionId);
  const [pending] = await db
    .select({ id: evaluations.id })
    .from(evaluations)
    .where(and(eq(evaluations.submissionId, submissionId), notInArray(evaluations.state, TERMINAL_EVALUATION_STATES)))
    .orderBy(desc(evaluations.createdAt))
    .limit(1);
  if (!pending) throw new AppError("CONFLICT", "This submission has no evaluation waiting or running to cancel.");
  await cancelEvaluation(db, queue, actorId!, pending.id);
}

export async function resubmitSubmission(
  db: Database,
  queue: EvaluationQueue,
  actorId: ActorId,
  submissionId: string,
): Promise<{ evaluationId: string }> {
  const { submission, competition } = await submissionViewer(db, actorId, submissionId);
  if (submission.disqualifiedReason !== null)
    throw new AppError("FORBIDDEN", `This submission was disqualified: ${submission.disqualifiedReason}`);
  if (competition.status !== "open")
    throw new AppError("PHASE_CLOSED", `"${competition.title}" is ${competition.status}: it takes no submissions.`);
  await currentPhase(db, competition.id);
  const { evaluationId } = await enqueueEvaluation(db, queue, { submissionId, onlyIfUnscored: true });
  return { evaluationId };
}
