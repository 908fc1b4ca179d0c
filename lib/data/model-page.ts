/**
 * A model's page: every measurement with its spread and method, the model's facts, the host and runtime that
 * measured it, the history of its evaluations, quality per split and the team's disclosures. Authorization
 * inside: the page exists for a visitor only when the model is on the public board (finished, not hidden, not
 * disqualified, not withdrawn, in a competition they may see); the team sees its own, organizers and site
 * admins see all. Private-split scores only once revealed (or to organizers).
 */
import "server-only";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import {
  competitions,
  evaluations,
  phases,
  results,
  submissions,
  teamMemberships,
  teams,
  tracks,
} from "../../db/schema";
import { AppError } from "../errors";
import { isPrivateSplit, isTaskSplit } from "../multitask/result-splits";
import { rankingSplit } from "../ranking/ranking-split";
import { countedMeasurements } from "../ranking/repeated-measurements";
import type { Interval } from "../ranking/types";
import { competitionAccess, type ActorId } from "./competition-access";
import { boardTrack, type BoardTrack } from "./leaderboards";

export interface ModelEvaluation {
  id: string;
  state: string;
  attempts: number;
  createdAt: string;
  finishedAt: string | null;
  versions: Record<string, string>;
  /** Only for the team and the organizers: a failure message may quote the team's model. */
  errorMessage: string | null;
}

/** One finished evaluation's headline figures, as the board would read them on its ranking split. */
export interface ModelMeasurement {
  evaluationId: string;
  finishedAt: string | null;
  protocol: string | null;
  /** Counted on the board (the median of the counted ones); false when replaced by a newer protocol's run. */
  counted: boolean;
  quality: number | null;
  energyJoulesPerInference: number | null;
  energyInterval: Interval | null;
  latencyP90Ms: number | null;
  noisy: boolean;
}

export interface ModelSplitResult {
  split: string;
  examples: number;
  metrics: Record<string, number>;
}

export interface ModelPage {
  submissionId: string;
  name: string;
  teamName: string;
  submittedAt: string;
  isBaseline: boolean;
  competition: { slug: string; title: string };
  track: BoardTrack;
  disclosures: Record<string, unknown>;
  /** The latest finished evaluation and its measurement, shared by every split's row. */
  counted: {
    evaluationId: string;
    measurement: Omit<
      typeof results.$inferSelect,
      "id" | "evaluationId" | "split" | "examples" | "metrics" | "createdAt"
    >;
    splits: ModelSplitResult[];
  } | null;
  /** A multi-task track's model: each task's full measurement and its splits, in the order the rows sort. */
  benchmarkTasks: BenchmarkTaskMeasurement[];
  history: ModelEvaluation[];
  /** Every finished evaluation, latest first; the board combines the counted ones (lib/ranking/repeated-measurements.ts). */
  measurements: ModelMeasurement[];
  /** The protocol whose measurements count; older-protocol ones are listed as replaced. */
  countedProtocol: string | null;
  viewerIsTeam: boolean;
  viewerCanManage: boolean;
  privateRevealed: boolean;
}

const notFound = () => new AppError("NOT_FOUND", "Model not found.");

export async function getModelPage(
  db: Database,
  actorId: ActorId,
  submissionId: string,
  now = new Date(),
): Promise<ModelPage> {
  const [row] = await db
    .select({
      submission: submissions,
      teamName: teams.name,
      competitionSlug: competitions.slug,
      competitionId: tracks.competitionId,
      qualityMetric: tracks.qualityMetric,
    })
    .from(submissions)
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .innerJoin(tracks, eq(tracks.id, submissions.trackId))
    .innerJoin(competitions, eq(competitions.id, tracks.competitionId))
    .where(eq(submissions.id, submissionId));
  if (!row) throw notFound();
  const access = await competitionAccess(db, actorId, { id: row.competitionId }).catch((error: unknown) => {
    // A competition the actor may not see hides its models too, with the model's own answer.
    throw error instanceof AppError && error.code === "NOT_FOUND" ? notFound() : error;
  });
  const viewerIsTeam = actorId
    ? (
        await db
          .select({ userId: teamMemberships.userId })
          .from(teamMemberships)
          .where(and(eq(teamMemberships.teamId, row.submission.teamId), eq(teamMemberships.userId, actorId)))
      ).length > 0
    : false;
  const history = await db
    .select()
    .from(evaluations)
    .where(eq(evaluations.submissionId, submissionId))
    .orderBy(desc(evaluations.createdAt));
  const counting = countedMeasurements(
    history.map((evaluation) => ({ ...evaluation, protocol: evaluation.versions.protocol ?? null })),
  );
  const countedEvaluation = history.find((evaluation) => evaluation.id === counting.counted[0]) ?? null;
  const finishedIds = [...counting.counted, ...counting.replaced];
  const finishedResults =
    finishedIds.length > 0
      ? await db.select().from(results).where(inArray(results.evaluationId, finishedIds)).orderBy(asc(results.split))
      : [];
  const resultRows = finishedResults.filter((result) => result.evaluationId === countedEvaluation?.id);
  const { submission } = row;
  // A result the audit split flagged waits for an organizer's review, as on the board: any counted one holds it.
  const heldForReview = finishedResults.some(
    (result) => result.heldForReview && counting.counted.includes(result.evaluationId),
  );
  const onPublicBoard =
    countedEvaluation !== null &&
    !heldForReview &&
    !submission.hidden &&
    submission.disqualifiedReason === null &&
    submission.state !== "withdrawn";
  if (!onPublicBoard && !viewerIsTeam && !access.canManage) throw notFound();

  const phaseRows = await db
    .select({ kind: phases.kind, endsAt: phases.endsAt, revealPrivate: phases.revealPrivate })
    .from(phases)
    .where(eq(phases.competitionId, row.competitionId));
  const boardSplit = rankingSplit(phaseRows, now);
  const privateRevealed = boardSplit === "private";
  const seesPrivate = privateRevealed || access.canManage;
  // A multi-task result's own rows ("task:<slug>:private") follow the same rule as its aggregate's.
  const visibleRows = resultRows.filter((result) => !isPrivateSplit(result.split) || seesPrivate);
  const aggregateRows = visibleRows.filter((result) => !isTaskSplit(result.split));
  const first = aggregateRows[0];
  const seesErrors = viewerIsTeam || access.canManage;
  return {
    submissionId,
    name: submission.name,
    teamName: row.teamName,
    submittedAt: submission.createdAt.toISOString(),
    isBaseline: submission.isBaseline,
    competition: { slug: access.competition.slug, title: access.competition.title },
    track: await boardTrack(db, row.competitionId, submission.trackId),
    disclosures: submission.disclosures,
    counted:
      countedEvaluation && first
        ? {
            evaluationId: countedEvaluation.id,
            measurement: measurementOf(first),
            splits: aggregateRows.map((result) => ({
              split: result.split,
              examples: result.examples,
              metrics: result.metrics,
            })),
          }
        : null,
    benchmarkTasks: benchmarkTasksOf(visibleRows),
    history: history.map((evaluation) => ({
      id: evaluation.id,
      state: evaluation.state,
      attempts: evaluation.attempts,
      createdAt: evaluation.createdAt.toISOString(),
      finishedAt: evaluation.finishedAt?.toISOString() ?? null,
      versions: evaluation.versions,
      errorMessage: seesErrors ? evaluation.errorMessage : null,
    })),
    measurements: history
      .filter((evaluation) => finishedIds.includes(evaluation.id))
      .map((evaluation) => {
        const evaluationId = evaluation.id;
        const onSplit = finishedResults.find(
          (result) => result.evaluationId === evaluationId && result.split === boardSplit,
        );
        const energyLow = onSplit?.energyCiLowJoulesPerInference ?? null;
        const energyHigh = onSplit?.energyCiHighJoulesPerInference ?? null;
        return {
          evaluationId,
          finishedAt: evaluation.finishedAt?.toISOString() ?? null,
          protocol: evaluation.versions.protocol ?? null,
          counted: counting.counted.includes(evaluationId),
          quality: onSplit?.metrics[row.qualityMetric] ?? null,
          energyJoulesPerInference: onSplit?.energyJoulesPerInference ?? null,
          energyInterval: energyLow === null || energyHigh === null ? null : { low: energyLow, high: energyHigh },
          latencyP90Ms: onSplit?.latencyP90Ms ?? null,
          noisy: onSplit?.noisy ?? false,
        };
      }),
    countedProtocol: counting.protocol,
    viewerIsTeam,
    viewerCanManage: access.canManage,
    privateRevealed,
  };
}

export interface BenchmarkTaskMeasurement {
  slug: string;
  measurement: NonNullable<ModelPage["counted"]>["measurement"];
  splits: ModelSplitResult[];
}

/** Rows "task:<slug>:<split>" grouped by task, each task's measurement taken from its first row. */
function benchmarkTasksOf(rows: readonly (typeof results.$inferSelect)[]): BenchmarkTaskMeasurement[] {
  const bySlug = new Map<string, (typeof results.$inferSelect)[]>();
  for (const row of rows.filter((candidate) => isTaskSplit(candidate.split))) {
    const slug = row.split.split(":")[1]!;
    bySlug.set(slug, [...(bySlug.get(slug) ?? []), row]);
  }
  return [...bySlug].map(([slug, taskRows]) => ({
    slug,
    measurement: measurementOf(taskRows[0]!),
    splits: taskRows.map((row) => ({
      split: row.split.slice(`task:${slug}:`.length),
      examples: row.examples,
      metrics: row.metrics,
    })),
  }));
}

function measurementOf(
  result: typeof results.$inferSelect,
): ModelPage["counted"] extends infer C ? (C extends { measurement: infer M } ? M : never) : never {
  const {
    id: _id,
    evaluationId: _evaluationId,
    split: _split,
    examples: _examples,
    metrics: _metrics,
    createdAt: _createdAt,
    ...measurement
  } = result;
  // The confusion matrix belongs to one split; the shared measurement carries none.
  const { confusion: _confusion, ...details } = measurement.details;
  return { ...measurement, details };
}
