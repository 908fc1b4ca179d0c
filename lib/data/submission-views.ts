/**
 * A submission as its team sees it (and its competition's organizers and site admins): the evaluation's
 * timeline with times, progress, results, the sanitized log, and whether anyone is there to run it. Anyone else,
 * visitors included, is told it does not exist: submissions are private to their team; public results are on
 * the leaderboards and model pages. Private-split results reach the team only once the competition reveals them.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import {
  competitions,
  evaluationEvents,
  evaluations,
  phases,
  results,
  submissions,
  teams,
  tracks,
  type Result,
} from "../../db/schema";
import { AppError } from "../errors";
import type { Disclosures } from "../submissions/disclosures";
import { sanitizeLog } from "../submissions/sanitize-log";
import { isAdmin, isOrganizerOf, type ActorId } from "./competition-access";
import { isPrivateSplit } from "../multitask/result-splits";
import { privateResultsRevealed } from "./phases";
import { liveRunnerServes } from "./runners";
import { roleOf } from "./teams";

export interface SubmissionEventView {
  evaluationId: string;
  state: string;
  attempt: number;
  message: string | null;
  at: Date;
}

export interface SubmissionResultView {
  split: string;
  examples: number;
  metrics: Record<string, number>;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  energyWhPerThousand: number | null;
  energyJoulesPerInference: number | null;
  energyMethod: string | null;
  peakRssBytes: number | null;
  noisy: boolean;
  /** Why the runner called it noisy (an interval too wide, a disturbed pass), after its re-measures. */
  noisyReasons: string[];
}

export interface SubmissionView {
  id: string;
  name: string;
  state: string;
  createdAt: Date;
  sizeBytes: number;
  sha256: string;
  disclosures: Disclosures;
  team: { id: string; slug: string; name: string };
  competition: { slug: string; title: string };
  track: { id: string; title: string; hardwareProfileId: string };
  moderation: { hiddenReason: string | null; disqualifiedReason: string | null };
  evaluation: {
    id: string;
    state: string;
    progress: number;
    /** What the runner is doing now, in words ("latency pass, block 3 of 10"; a re-measure says so). */
    progressDetail: string | null;
    attempts: number;
    errorCode: string | null;
    errorMessage: string | null;
    startedAt: Date | null;
    finishedAt: Date | null;
  } | null;
  events: SubmissionEventView[];
  results: SubmissionResultView[];
  /** True while private-split results exist but are not shown to this viewer yet. */
  privateResultsHidden: boolean;
  log: string;
  /** Queued for a hardware profile that no live runner serves: it will wait until one starts. */
  waitingForRunner: boolean;
  canCancel: boolean;
  canResubmit: boolean;
}

type Viewer = "team" | "manager";

/** Who the actor is to this submission; NOT_FOUND for anyone with no right to see it. */
export async function submissionViewer(db: Database, actorId: ActorId, submissionId: string) {
  const [row] = await db
    .select({ submission: submissions, competition: competitions, track: tracks, team: teams })
    .from(submissions)
    .innerJoin(tracks, eq(tracks.id, submissions.trackId))
    .innerJoin(competitions, eq(competitions.id, tracks.competitionId))
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .where(eq(submissions.id, submissionId));
  if (!row || !actorId) throw submissionNotFound();
  if (await roleOf(db, row.submission.teamId, actorId)) return { ...row, viewer: "team" as Viewer };
  if ((await isOrganizerOf(db, actorId, row.competition.id)) || (await isAdmin(db, actorId)))
    return { ...row, viewer: "manager" as Viewer };
  throw submissionNotFound();
}

export async function getSubmission(db: Database, actorId: ActorId, submissionId: string): Promise<SubmissionView> {
  const { submission, competition, track, team, viewer } = await submissionViewer(db, actorId, submissionId);
  const evaluationRows = await db
    .select()
    .from(evaluations)
    .where(eq(evaluations.submissionId, submissionId))
    .orderBy(desc(evaluations.createdAt));
  const latest = evaluationRows[0] ?? null;
  const events = evaluationRows.length
    ? await db
        .select({
          evaluationId: evaluationEvents.evaluationId,
          state: evaluationEvents.state,
          attempt: evaluationEvents.attempt,
          message: evaluationEvents.message,
          at: evaluationEvents.at,
        })
        .from(evaluationEvents)
        .where(
          inArray(
            evaluationEvents.evaluationId,
            evaluationRows.map((row) => row.id),
          ),
        )
        .orderBy(asc(evaluationEvents.at), asc(evaluationEvents.id))
    : [];
  const resultRows: Result[] =
    latest?.state === "finished" ? await db.select().from(results).where(eq(results.evaluationId, latest.id)) : [];
  const competitionPhases = await db.select().from(phases).where(eq(phases.competitionId, competition.id));
  const privateVisible = viewer === "manager" || privateResultsRevealed(competitionPhases, new Date());
  const shown = resultRows.filter((result) => privateVisible || !isPrivateSplit(result.split));
  const pending = latest !== null && ["queued", "validating", "evaluating", "measuring"].includes(latest.state);
  return {
    id: submission.id,
    name: submission.name,
    state: submission.state,
    createdAt: submission.createdAt,
    sizeBytes: submission.sizeBytes,
    sha256: submission.sha256,
    disclosures: submission.disclosures as Disclosures,
    team: { id: team.id, slug: team.slug, name: team.name },
    competition: { slug: competition.slug, title: competition.title },
    track: { id: track.id, title: track.title, hardwareProfileId: track.hardwareProfileId },
    moderation: { hiddenReason: submission.hiddenReason, disqualifiedReason: submission.disqualifiedReason },
    evaluation: latest && {
      id: latest.id,
      state: latest.state,
      progress: latest.progress,
      progressDetail: latest.progressDetail,
      attempts: latest.attempts,
      errorCode: latest.errorCode,
      errorMessage: latest.errorMessage,
      startedAt: latest.startedAt,
      finishedAt: latest.finishedAt,
    },
    events,
    results: shown.map(resultView),
    privateResultsHidden: shown.length < resultRows.length,
    log: sanitizeLog(latest?.log ?? ""),
    waitingForRunner: latest?.state === "queued" && !(await liveRunnerServes(db, track.hardwareProfileId)),
    canCancel: pending,
    // Only after a failure or a cancel (lib/data/submission-actions.ts): a finished result is never re-rolled.
    canResubmit:
      !pending &&
      !evaluationRows.some((row) => row.state === "finished") &&
      submission.state !== "withdrawn" &&
      submission.disqualifiedReason === null,
  };
}

export interface SubmissionListEntry {
  id: string;
  name: string;
  state: string;
  createdAt: Date;
  trackTitle: string;
  competitionSlug: string;
  teamName: string;
  evaluationState: string | null;
  progress: number | null;
}

/** The submissions of every team the actor belongs to, newest first (optionally one competition's). */
export async function listMySubmissions(
  db: Database,
  actorId: ActorId,
  options: { competitionSlug?: string; teamId?: string; limit?: number } = {},
): Promise<SubmissionListEntry[]> {
  if (!actorId) throw new AppError("UNAUTHENTICATED", "Sign in to see your team's submissions.");
  const latestEvaluation = db
    .selectDistinctOn([evaluations.submissionId], {
      submissionId: evaluations.submissionId,
      state: evaluations.state,
      progress: evaluations.progress,
    })
    .from(evaluations)
    .orderBy(evaluations.submissionId, desc(evaluations.createdAt))
    .as("latest_evaluation");
  return db
    .select({
      id: submissions.id,
      name: submissions.name,
      state: submissions.state,
      createdAt: submissions.createdAt,
      trackTitle: tracks.title,
      competitionSlug: competitions.slug,
      teamName: teams.name,
      evaluationState: latestEvaluation.state,
      progress: latestEvaluation.progress,
    })
    .from(submissions)
    .innerJoin(tracks, eq(tracks.id, submissions.trackId))
    .innerJoin(competitions, eq(competitions.id, tracks.competitionId))
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .leftJoin(latestEvaluation, eq(latestEvaluation.submissionId, submissions.id))
    .where(
      and(
        sql`${submissions.teamId} in (select team_id from team_memberships where user_id = ${actorId})`,
        options.competitionSlug ? eq(competitions.slug, options.competitionSlug) : undefined,
        options.teamId ? eq(submissions.teamId, options.teamId) : undefined,
      ),
    )
    .orderBy(desc(submissions.createdAt))
    .limit(options.limit ?? 100);
}

function resultView(result: Result): SubmissionResultView {
  return {
    split: result.split,
    examples: result.examples,
    metrics: result.metrics,
    latencyP50Ms: result.latencyP50Ms,
    latencyP99Ms: result.latencyP99Ms,
    energyWhPerThousand: result.energyWhPerThousand,
    energyJoulesPerInference: result.energyJoulesPerInference,
    energyMethod: result.energyMethod,
    peakRssBytes: result.peakRssBytes,
    noisy: result.noisy,
    noisyReasons: result.noisyReasons,
  };
}

export const submissionNotFound = () => new AppError("NOT_FOUND", "Submission not found.");
