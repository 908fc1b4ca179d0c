/**
 * Tracks: one task on one hardware profile, with its ranking rule, quality metric and threshold, and the kind of
 * energy its board ranks. Reading follows
 * the competition's visibility; changing is for its organizers and site admins (./competition-access.ts).
 */
import { and, asc, count, eq, isNull, or } from "drizzle-orm";
import { z } from "zod";
import type { Database, DatabaseOrTransaction } from "../../db/client";
import {
  hardwareProfiles,
  rankedEnergyKinds,
  rankingRule,
  submissions,
  tasks,
  tracks,
  type Track,
} from "../../db/schema";
import { AppError } from "../errors";
import { HARDWARE_PROFILES } from "../profiles/hardware-profiles";
import { competitionAccess, requireCompetitionManager, type ActorId } from "./competition-access";
import { parseInput } from "../validation/parse-input";

export interface TrackSummary {
  id: string;
  competitionId: string;
  title: string;
  taskId: string;
  taskSlug: string;
  taskTitle: string;
  hardwareProfileId: string;
  rankingRule: Track["rankingRule"];
  qualityMetric: string;
  qualityThreshold: number | null;
  /** The energy its board ranks; entries measured the other way are listed unranked (lib/ranking/rank-board.ts). */
  rankedEnergyKind: Track["rankedEnergyKind"];
  /** Wall-clock limit of one evaluation on this track, in seconds; null: the measurement protocol's (30 min). */
  timeLimitSeconds: number | null;
  /** Null for a single-task track; a multi-task track's tasks are in track_tasks (./multi-task-tracks.ts). */
  taskAggregate: Track["taskAggregate"];
}

export interface TrackDetails extends TrackSummary {
  competitionSlug: string;
  competitionTitle: string;
  canManage: boolean;
}

export const trackFields = z.object({
  title: z
    .string()
    .trim()
    .min(2, "A track's title needs at least 2 characters.")
    .max(120, "A track's title can have at most 120 characters."),
  taskId: z.string().min(1, "Choose a task."),
  hardwareProfileId: z.enum(
    HARDWARE_PROFILES.map((profile) => profile.id) as [string, ...string[]],
    `Choose a hardware profile: ${HARDWARE_PROFILES.map((profile) => profile.id).join(", ")}.`,
  ),
  rankingRule: z.enum(rankingRule.enumValues),
  qualityMetric: z.string().min(1),
  qualityThreshold: z
    .number()
    .min(0, "The threshold is between 0 and 1.")
    .max(1, "The threshold is between 0 and 1.")
    .nullable(),
  rankedEnergyKind: z.enum(rankedEnergyKinds, "The board ranks measured or estimated energy: choose one."),
  // The runner holds it to the measurement protocol's bounds too (runner/worker/track-protocol.ts).
  timeLimitSeconds: z
    .number()
    .int("A time limit is a whole number of seconds.")
    .min(60, "A track's time limit is at least 60 seconds.")
    .max(21_600, "A track's time limit is at most 6 hours (21600 seconds).")
    .nullable(),
});
export const trackInputSchema = trackFields.extend({
  rankingRule: trackFields.shape.rankingRule.default("energy-at-threshold"),
  qualityMetric: trackFields.shape.qualityMetric.default("accuracy"),
  qualityThreshold: trackFields.shape.qualityThreshold.default(null),
  // The column's default: every profile can estimate, only some can measure.
  rankedEnergyKind: trackFields.shape.rankedEnergyKind.default("estimated"),
  timeLimitSeconds: trackFields.shape.timeLimitSeconds.default(null),
});
// No defaults here: an update changes only the fields it names.
const trackUpdateSchema = trackFields
  .pick({
    title: true,
    rankingRule: true,
    qualityMetric: true,
    qualityThreshold: true,
    rankedEnergyKind: true,
    timeLimitSeconds: true,
  })
  .partial();
export type TrackInput = z.input<typeof trackInputSchema>;

const summaryColumns = {
  id: tracks.id,
  competitionId: tracks.competitionId,
  title: tracks.title,
  taskId: tracks.taskId,
  taskSlug: tasks.slug,
  taskTitle: tasks.title,
  hardwareProfileId: tracks.hardwareProfileId,
  rankingRule: tracks.rankingRule,
  qualityMetric: tracks.qualityMetric,
  qualityThreshold: tracks.qualityThreshold,
  rankedEnergyKind: tracks.rankedEnergyKind,
  timeLimitSeconds: tracks.timeLimitSeconds,
  taskAggregate: tracks.taskAggregate,
};

/** The tracks of a competition the caller has already been allowed to see. */
export async function listTracksOf(db: DatabaseOrTransaction, competitionId: string): Promise<TrackSummary[]> {
  return db
    .select(summaryColumns)
    .from(tracks)
    .innerJoin(tasks, eq(tasks.id, tracks.taskId))
    .where(eq(tracks.competitionId, competitionId))
    .orderBy(asc(tracks.createdAt), asc(tracks.id));
}

export async function listTracks(db: Database, actorId: ActorId, competitionSlug: string): Promise<TrackSummary[]> {
  const { competition } = await competitionAccess(db, actorId, { slug: competitionSlug });
  return listTracksOf(db, competition.id);
}

/** A track with its competition; NOT_FOUND when the track does not exist or its competition is hidden from the actor. */
export async function getTrack(db: Database, actorId: ActorId, trackId: string): Promise<TrackDetails> {
  const [row] = await db
    .select(summaryColumns)
    .from(tracks)
    .innerJoin(tasks, eq(tasks.id, tracks.taskId))
    .where(eq(tracks.id, trackId));
  if (!row) throw trackNotFound();
  const access = await competitionAccess(db, actorId, { id: row.competitionId }).catch((error: unknown) => {
    throw error instanceof AppError && error.code === "NOT_FOUND" ? trackNotFound() : error;
  });
  return {
    ...row,
    competitionSlug: access.competition.slug,
    competitionTitle: access.competition.title,
    canManage: access.canManage,
  };
}

export async function createTrack(
  db: Database,
  actorId: ActorId,
  competitionId: string,
  input: TrackInput,
): Promise<TrackSummary> {
  await requireCompetitionManager(db, actorId, { id: competitionId });
  const values = parseInput(trackInputSchema, input);
  await checkTaskAndMetric(db, competitionId, values.taskId, values.qualityMetric);
  await ensureHardwareProfileRow(db, values.hardwareProfileId);
  const [existing] = await db
    .select({ id: tracks.id })
    .from(tracks)
    .where(
      and(
        eq(tracks.competitionId, competitionId),
        eq(tracks.taskId, values.taskId),
        eq(tracks.hardwareProfileId, values.hardwareProfileId),
        isNull(tracks.taskAggregate),
      ),
    );
  if (existing)
    throw new AppError("CONFLICT", "This competition already has a track for that task on that hardware profile.");
  const [created] = await db
    .insert(tracks)
    .values({ ...values, competitionId })
    .returning({ id: tracks.id });
  if (!created) throw new Error("insert into tracks returned no row");
  return requireTrackRow(db, created.id);
}

/** Title, ranking rule, metric, threshold, ranked energy kind and time limit; the task and profile are fixed once it exists. */
export async function updateTrack(
  db: Database,
  actorId: ActorId,
  trackId: string,
  input: Partial<
    Pick<
      TrackInput,
      "title" | "rankingRule" | "qualityMetric" | "qualityThreshold" | "rankedEnergyKind" | "timeLimitSeconds"
    >
  >,
): Promise<TrackSummary> {
  const track = await getTrack(db, actorId, trackId);
  await requireCompetitionManager(db, actorId, { id: track.competitionId });
  const values = parseInput(trackUpdateSchema, input);
  // A multi-task track ranks on its benchmark score, whatever metric a form sends.
  if (track.taskAggregate !== null) delete values.qualityMetric;
  if (values.qualityMetric) await checkTaskAndMetric(db, track.competitionId, track.taskId, values.qualityMetric);
  await db.update(tracks).set(values).where(eq(tracks.id, trackId));
  return requireTrackRow(db, trackId);
}

/** Only a track nobody has submitted to yet: results must never lose the track they were measured for. */
export async function deleteTrack(db: Database, actorId: ActorId, trackId: string): Promise<void> {
  const track = await getTrack(db, actorId, trackId);
  await requireCompetitionManager(db, actorId, { id: track.competitionId });
  const [used] = await db.select({ n: count() }).from(submissions).where(eq(submissions.trackId, trackId));
  if ((used?.n ?? 0) > 0)
    throw new AppError("CONFLICT", "Teams have submitted to this track; it can no longer be deleted.");
  await db.delete(tracks).where(eq(tracks.id, trackId));
}

/** The hardware profiles are declared in the repository; a track's row needs its profile's row in the table. */
export async function ensureHardwareProfileRow(db: DatabaseOrTransaction, profileId: string): Promise<void> {
  const profile = HARDWARE_PROFILES.find((candidate) => candidate.id === profileId);
  if (!profile) throw new AppError("VALIDATION_FAILED", `There is no hardware profile "${profileId}".`);
  await db
    .insert(hardwareProfiles)
    .values({
      id: profile.id,
      title: profile.label,
      kind: profile.executionProvider === "cpu" ? "cpu" : "gpu",
      spec: profile as unknown as Record<string, unknown>,
    })
    .onConflictDoNothing();
}

/** A track may use a task shipped with the site or one uploaded for this competition, and one of its metrics. */
async function checkTaskAndMetric(
  db: DatabaseOrTransaction,
  competitionId: string,
  taskId: string,
  metric: string,
): Promise<void> {
  const [task] = await db
    .select({ metrics: tasks.metrics })
    .from(tasks)
    .where(and(eq(tasks.id, taskId), or(isNull(tasks.competitionId), eq(tasks.competitionId, competitionId))));
  if (!task) throw new AppError("VALIDATION_FAILED", "Choose a task of this competition.");
  if (!task.metrics.includes(metric)) {
    throw new AppError(
      "VALIDATION_FAILED",
      `The task measures ${task.metrics.join(", ")}; choose one of them as the quality metric.`,
    );
  }
}

export async function requireTrackRow(db: DatabaseOrTransaction, trackId: string): Promise<TrackSummary> {
  const [row] = await db
    .select(summaryColumns)
    .from(tracks)
    .innerJoin(tasks, eq(tasks.id, tracks.taskId))
    .where(eq(tracks.id, trackId));
  if (!row) throw trackNotFound();
  return row;
}

export const trackNotFound = () => new AppError("NOT_FOUND", "Track not found.");
