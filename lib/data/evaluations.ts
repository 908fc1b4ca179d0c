/**
 * Evaluations: one measurement of a submission, queued as a pg-boss job on its hardware profile's queue
 * (`evaluate.<profile>`) and moved by a runner through queued → validating → evaluating → measuring → finished
 * (or failed, or cancelled). Every state change is one row of evaluation_events, with its time.
 *
 * The lifecycle's map, one step per module. The site's steps are here: enqueueEvaluation (→ queued) and
 * cancelEvaluation (→ cancelled). The runner's are in runner/worker/: claim.ts (queued → validating, a new
 * attempt), progress-writer.ts (→ evaluating → measuring), record-outcome.ts (→ finished or failed), release.ts
 * and reaper.ts (a runner's evaluation back to queued, or failed after the retry limit). The fenced write of a
 * state is recordStateChange, below; the queue itself (names, job options, pg-boss) is lib/queue/evaluation-queue.ts.
 *
 * Fencing: a runner that claims an evaluation increments `attempts`, becomes its `runner_id`, and keeps the
 * attempt number it got. Every later write of that runner (state, progress, results) carries the number and
 * applies only while it is still the current attempt, still assigned to that runner, and not over; so a runner
 * that was presumed dead and comes back, or a job that ran twice, can never overwrite a newer attempt or
 * complete an evaluation a second time.
 *
 * The job and the rows it belongs to are written in one transaction: pg-boss runs its statements on our
 * connection through queueDatabase() (lib/queue/evaluation-queue.ts, which owns the queue), so an evaluation
 * never exists without its job, nor a job without it.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Database, DatabaseOrTransaction } from "../../db/client";
import {
  competitionOrganizers,
  evaluationEvents,
  evaluations,
  submissions,
  users,
  tracks,
  type EvaluationEvent,
  type EvaluationState,
} from "../../db/schema";
import { AppError } from "../errors";
import {
  EVALUATION_JOB_EXPIRE_IN_HOURS,
  EVALUATION_QUEUED_CHANNEL,
  EVALUATION_RETRY_LIMIT,
  evaluationQueueName,
  queueDatabase,
  type EvaluationJobData,
  type EvaluationQueue,
} from "../queue/evaluation-queue";
import { isSiteAdmin } from "./site-admins";
import { roleOf } from "./teams";

export const TERMINAL_EVALUATION_STATES = ["finished", "failed", "cancelled"] as const satisfies EvaluationState[];
/** States in which a runner holds the evaluation. */
export const RUNNING_EVALUATION_STATES = ["validating", "evaluating", "measuring"] as const satisfies EvaluationState[];

/**
 * Why a team may not re-roll a result: measuring again until the noise gives a lower figure would rank luck, not
 * the model (docs/security.md, "Fair play"). Only the organizers re-run a scored submission.
 */
export const alreadyScored = () =>
  new AppError(
    "ALREADY_SCORED",
    "This submission has a finished evaluation: its result stands. Resubmitting is only for an evaluation that failed or was cancelled; send an improved model as a new submission.",
  );

/**
 * Queues a new evaluation of a submission. The caller has already decided that it may (this is the second half
 * of accepting a submission, or an organizer's re-run); what is checked here is that the submission can be
 * evaluated and is not already waiting or running, under a lock on its row, so a double click queues one.
 */
export async function enqueueEvaluation(
  db: Database,
  queue: EvaluationQueue,
  input: {
    submissionId: string;
    /**
     * A team's resubmit: refused with ALREADY_SCORED once an evaluation of the submission has finished, checked
     * under the same row lock, so an evaluation that finishes while the request is in flight is seen.
     */
    onlyIfUnscored?: boolean;
  },
): Promise<{ evaluationId: string; jobId: string; queueName: string }> {
  const [found] = await db
    .select({ profileId: tracks.hardwareProfileId })
    .from(submissions)
    .innerJoin(tracks, eq(tracks.id, submissions.trackId))
    .where(eq(submissions.id, input.submissionId));
  if (!found) throw new AppError("NOT_FOUND", "Submission not found.");
  const queueName = evaluationQueueName(found.profileId);
  // Idempotent, and outside the transaction: it takes pg-boss's own lock on its queue table.
  await queue.createQueue(queueName);

  return db.transaction(async (tx) => {
    const [submission] = await tx
      .select({ state: submissions.state })
      .from(submissions)
      .where(eq(submissions.id, input.submissionId))
      .for("update");
    if (!submission) throw new AppError("NOT_FOUND", "Submission not found.");
    if (submission.state === "withdrawn") throw new AppError("CONFLICT", "A withdrawn submission is not evaluated.");
    const [pending] = await tx
      .select({ id: evaluations.id })
      .from(evaluations)
      .where(
        and(
          eq(evaluations.submissionId, input.submissionId),
          notInArray(evaluations.state, TERMINAL_EVALUATION_STATES),
        ),
      );
    if (pending) throw new AppError("CONFLICT", "This submission is already waiting for or in an evaluation.");
    if (input.onlyIfUnscored) {
      const [finished] = await tx
        .select({ id: evaluations.id })
        .from(evaluations)
        .where(and(eq(evaluations.submissionId, input.submissionId), eq(evaluations.state, "finished")))
        .limit(1);
      if (finished) throw alreadyScored();
    }

    // The job's id is the evaluation's: sending the same evaluation twice creates one job (pg-boss inserts
    // with ON CONFLICT DO NOTHING on the id).
    const evaluationId = randomUUID();
    await tx.insert(evaluations).values({
      id: evaluationId,
      submissionId: input.submissionId,
      hardwareProfileId: found.profileId,
      jobId: evaluationId,
    });
    await tx
      .insert(evaluationEvents)
      .values({ evaluationId, state: "queued", attempt: 0, message: `queued on ${queueName}` });
    await tx
      .update(submissions)
      .set({ state: "queued", updatedAt: sql`now()` })
      .where(eq(submissions.id, input.submissionId));
    const data: EvaluationJobData = { evaluationId };
    const jobId = await queue.send(queueName, data, {
      id: evaluationId,
      singletonKey: evaluationId,
      retryLimit: EVALUATION_RETRY_LIMIT,
      // A runner's death is noticed after its heartbeat has been silent for a while already; waiting longer
      // before the retry would only leave the queue idle.
      retryDelay: 0,
      expireInHours: EVALUATION_JOB_EXPIRE_IN_HOURS,
      db: queueDatabase(tx),
    });
    if (!jobId) throw new Error(`pg-boss created no job for evaluation ${evaluationId} on ${queueName}`);
    await tx.execute(sql`select pg_notify(${EVALUATION_QUEUED_CHANNEL}, ${found.profileId})`);
    return { evaluationId, jobId, queueName };
  });
}

export interface StateChange {
  evaluationId: string;
  /** The attempt the writer holds (its fencing token); see the file comment. */
  attempt: number;
  /** Who writes, noted on the event. */
  runnerId: string | null;
  /**
   * A runner writing about its own work: the change applies only while the evaluation is still assigned to it.
   * A runner presumed dead has been unassigned when its job went back to the queue, so it cannot move the
   * evaluation on from there, even before the next runner claims it (which increments the attempt).
   */
  heldBy?: string;
  state: EvaluationState;
  progress?: number;
  /** What the runner is doing, in words, shown with the progress; written (or cleared) along with progress. */
  progressDetail?: string | null;
  message?: string;
  error?: { code: string; message: string };
}

/**
 * Moves a held evaluation to `state` and notes it on its timeline, in one step. Returns false, writing
 * nothing, when the writer no longer holds it (a newer attempt exists, or it is over). For runners only:
 * their authority is the database connection, as for every runner write.
 */
export async function recordStateChange(db: DatabaseOrTransaction, change: StateChange): Promise<boolean> {
  const terminal = (TERMINAL_EVALUATION_STATES as readonly string[]).includes(change.state);
  return db.transaction(async (tx) => {
    const [changed] = await tx
      .update(evaluations)
      .set({
        state: change.state,
        ...(change.progress === undefined
          ? {}
          : { progress: change.progress, progressDetail: change.progressDetail ?? null }),
        ...(change.error ? { errorCode: change.error.code, errorMessage: change.error.message } : {}),
        ...(terminal ? { finishedAt: sql`now()` } : {}),
      })
      .where(
        and(
          eq(evaluations.id, change.evaluationId),
          eq(evaluations.attempts, change.attempt),
          notInArray(evaluations.state, TERMINAL_EVALUATION_STATES),
          change.heldBy === undefined ? undefined : eq(evaluations.runnerId, change.heldBy),
        ),
      )
      .returning({ id: evaluations.id });
    if (!changed) return false;
    await tx.insert(evaluationEvents).values({
      evaluationId: change.evaluationId,
      state: change.state,
      attempt: change.attempt,
      runnerId: change.runnerId,
      message: change.message ?? (change.error ? `${change.error.code}: ${change.error.message}` : null),
    });
    return true;
  });
}

/** The timeline of an evaluation, oldest first, for its team, its competition's organizers and site admins. */
export async function listEvaluationEvents(
  db: Database,
  actorUserId: string,
  evaluationId: string,
): Promise<EvaluationEvent[]> {
  await requireEvaluationAccess(db, actorUserId, evaluationId);
  return db
    .select()
    .from(evaluationEvents)
    .where(eq(evaluationEvents.evaluationId, evaluationId))
    .orderBy(asc(evaluationEvents.at), asc(evaluationEvents.id));
}

/**
 * Cancels an evaluation that is not over, with its job. A runner measuring it at that moment finishes its
 * measurement, and its results are then refused (fencing, above); the submission can be queued again.
 */
export async function cancelEvaluation(
  db: Database,
  queue: EvaluationQueue,
  actorUserId: string,
  evaluationId: string,
): Promise<void> {
  const access = await requireEvaluationAccess(db, actorUserId, evaluationId);
  await db.transaction(async (tx) => {
    const [evaluation] = await tx
      .select({
        state: evaluations.state,
        attempts: evaluations.attempts,
        jobId: evaluations.jobId,
        profileId: evaluations.hardwareProfileId,
      })
      .from(evaluations)
      .where(eq(evaluations.id, evaluationId))
      .for("update");
    if (!evaluation) throw evaluationNotFound();
    if ((TERMINAL_EVALUATION_STATES as readonly string[]).includes(evaluation.state)) {
      throw new AppError("CONFLICT", `This evaluation is already ${evaluation.state}.`);
    }
    // The timeline names the person (as the team page does), never an internal id nobody can read.
    const [canceller] = await tx
      .select({ name: users.name, email: users.email })
      .from(users)
      .where(eq(users.id, actorUserId));
    const who = canceller?.name ?? canceller?.email ?? "a former member";
    await recordStateChange(tx, {
      evaluationId,
      attempt: evaluation.attempts,
      runnerId: null,
      state: "cancelled",
      message: `cancelled by ${who}`,
    });
    await tx
      .update(submissions)
      .set({ state: "uploaded", updatedAt: sql`now()` })
      .where(and(eq(submissions.id, access.submissionId), inArray(submissions.state, ["queued", "evaluating"])));
    if (evaluation.jobId)
      await queue.cancel(evaluationQueueName(evaluation.profileId), evaluation.jobId, { db: queueDatabase(tx) });
  });
}

/**
 * Members of the submitting team, organizers of the competition and site admins may see and cancel an
 * evaluation; anyone else is told it does not exist, as submissions are private to their team.
 */
async function requireEvaluationAccess(db: Database, actorUserId: string, evaluationId: string) {
  const [row] = await db
    .select({ submissionId: submissions.id, teamId: submissions.teamId, competitionId: tracks.competitionId })
    .from(evaluations)
    .innerJoin(submissions, eq(submissions.id, evaluations.submissionId))
    .innerJoin(tracks, eq(tracks.id, submissions.trackId))
    .where(eq(evaluations.id, evaluationId));
  if (!row) throw evaluationNotFound();
  if (await roleOf(db, row.teamId, actorUserId)) return row;
  const [organizer] = await db
    .select({ userId: competitionOrganizers.userId })
    .from(competitionOrganizers)
    .where(
      and(eq(competitionOrganizers.competitionId, row.competitionId), eq(competitionOrganizers.userId, actorUserId)),
    );
  if (organizer || (await isSiteAdmin(db, actorUserId))) return row;
  throw evaluationNotFound();
}

const evaluationNotFound = () => new AppError("NOT_FOUND", "Evaluation not found.");
