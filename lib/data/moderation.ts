/**
 * Organizer tools on submissions: re-run one submission or a whole track, keeping earlier results (each re-run
 * is a new evaluation row with its own results; nothing is overwritten), hide or disqualify a submission with a
 * reason its team sees, and mark baselines. For the competition's organizers and site admins only; to anyone
 * else a submission they cannot manage is NOT_FOUND or FORBIDDEN by the competition's rules
 * (./competition-access.ts).
 */
import { and, desc, eq, inArray, notInArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db/client";
import { evaluations, submissions, teams, tracks } from "../../db/schema";
import { AppError } from "../errors";
import { requireCompetitionManager, type ActorId } from "./competition-access";
import { enqueueEvaluation, TERMINAL_EVALUATION_STATES } from "./evaluations";
import type { EvaluationQueue } from "../queue/evaluation-queue";
import { parseInput } from "../validation/parse-input";

const reasonSchema = z
  .string()
  .trim()
  .min(5, "Give the team a reason of at least 5 characters: they will read it on their submission page.")
  .max(1000, "A reason can have at most 1,000 characters.");

export const moderationInputSchema = z.object({
  /** A reason hides the submission from public leaderboards; null shows it again. */
  hiddenReason: reasonSchema.nullable().optional(),
  /** A reason disqualifies it (never ranked); null reinstates it. */
  disqualifiedReason: reasonSchema.nullable().optional(),
  isBaseline: z.boolean().optional(),
});
export type ModerationInput = z.input<typeof moderationInputSchema>;

export interface ModeratedSubmission {
  id: string;
  trackId: string;
  teamId: string;
  teamName: string;
  name: string;
  state: string;
  hidden: boolean;
  hiddenReason: string | null;
  disqualifiedReason: string | null;
  isBaseline: boolean;
  evaluationCount: number;
  latestEvaluationState: string | null;
  createdAt: Date;
}

async function managedSubmission(db: Database, actorId: ActorId, submissionId: string) {
  const [row] = await db
    .select({ id: submissions.id, competitionId: tracks.competitionId, trackId: submissions.trackId })
    .from(submissions)
    .innerJoin(tracks, eq(tracks.id, submissions.trackId))
    .where(eq(submissions.id, submissionId));
  if (!row) throw new AppError("NOT_FOUND", "Submission not found.");
  await requireCompetitionManager(db, actorId, { id: row.competitionId });
  return row;
}

export async function moderateSubmission(
  db: Database,
  actorId: ActorId,
  submissionId: string,
  input: ModerationInput,
): Promise<ModeratedSubmission> {
  await managedSubmission(db, actorId, submissionId);
  const values = parseInput(moderationInputSchema, input);
  await db
    .update(submissions)
    .set({
      ...(values.hiddenReason === undefined
        ? {}
        : { hidden: values.hiddenReason !== null, hiddenReason: values.hiddenReason }),
      ...(values.disqualifiedReason === undefined ? {} : { disqualifiedReason: values.disqualifiedReason }),
      ...(values.isBaseline === undefined ? {} : { isBaseline: values.isBaseline }),
      moderatedBy: actorId,
      moderatedAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    .where(eq(submissions.id, submissionId));
  const [row] = await moderationRows(db, eq(submissions.id, submissionId));
  if (!row) throw new AppError("NOT_FOUND", "Submission not found.");
  return row;
}

/** A new evaluation of one submission; the earlier ones and their results stay. */
export async function rerunSubmission(
  db: Database,
  queue: EvaluationQueue,
  actorId: ActorId,
  submissionId: string,
): Promise<{ evaluationId: string }> {
  await managedSubmission(db, actorId, submissionId);
  const { evaluationId } = await enqueueEvaluation(db, queue, { submissionId });
  return { evaluationId };
}

/**
 * Re-runs every submission of a track that can be evaluated: not withdrawn, not disqualified, and not already
 * waiting or running (those are counted as skipped, so a second click does not queue them twice).
 */
export async function rerunTrack(
  db: Database,
  queue: EvaluationQueue,
  actorId: ActorId,
  trackId: string,
): Promise<{ queued: number; skipped: number }> {
  const [track] = await db.select({ competitionId: tracks.competitionId }).from(tracks).where(eq(tracks.id, trackId));
  if (!track) throw new AppError("NOT_FOUND", "Track not found.");
  await requireCompetitionManager(db, actorId, { id: track.competitionId });
  const candidates = await db
    .select({ id: submissions.id, state: submissions.state, disqualifiedReason: submissions.disqualifiedReason })
    .from(submissions)
    .where(eq(submissions.trackId, trackId));
  let queued = 0;
  let skipped = 0;
  for (const candidate of candidates) {
    if (candidate.state === "withdrawn" || candidate.disqualifiedReason !== null) {
      skipped += 1;
      continue;
    }
    try {
      await enqueueEvaluation(db, queue, { submissionId: candidate.id });
      queued += 1;
    } catch (error) {
      if (error instanceof AppError && error.code === "CONFLICT") skipped += 1;
      else throw error;
    }
  }
  return { queued, skipped };
}

export async function listTrackSubmissionsForModeration(
  db: Database,
  actorId: ActorId,
  trackId: string,
): Promise<ModeratedSubmission[]> {
  const [track] = await db.select({ competitionId: tracks.competitionId }).from(tracks).where(eq(tracks.id, trackId));
  if (!track) throw new AppError("NOT_FOUND", "Track not found.");
  await requireCompetitionManager(db, actorId, { id: track.competitionId });
  return moderationRows(db, eq(submissions.trackId, trackId));
}

async function moderationRows(db: Database, where: ReturnType<typeof eq>): Promise<ModeratedSubmission[]> {
  const rows = await db
    .select({
      id: submissions.id,
      trackId: submissions.trackId,
      teamId: submissions.teamId,
      teamName: teams.name,
      name: submissions.name,
      state: submissions.state,
      hidden: submissions.hidden,
      hiddenReason: submissions.hiddenReason,
      disqualifiedReason: submissions.disqualifiedReason,
      isBaseline: submissions.isBaseline,
      createdAt: submissions.createdAt,
    })
    .from(submissions)
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .where(where)
    .orderBy(desc(submissions.createdAt));
  if (rows.length === 0) return [];
  const history = await db
    .select({ submissionId: evaluations.submissionId, state: evaluations.state, createdAt: evaluations.createdAt })
    .from(evaluations)
    .where(
      inArray(
        evaluations.submissionId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(desc(evaluations.createdAt));
  return rows.map((row) => {
    const own = history.filter((evaluation) => evaluation.submissionId === row.id);
    return { ...row, evaluationCount: own.length, latestEvaluationState: own[0]?.state ?? null };
  });
}

/** Evaluations not yet over, of one submission (a re-run refuses while one exists). */
export async function pendingEvaluationCount(db: Database, submissionId: string): Promise<number> {
  const rows = await db
    .select({ id: evaluations.id })
    .from(evaluations)
    .where(and(eq(evaluations.submissionId, submissionId), notInArray(evaluations.state, TERMINAL_EVALUATION_STATES)));
  return rows.length;
}
