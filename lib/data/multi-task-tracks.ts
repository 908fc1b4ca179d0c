/**
 * Multi-task tracks: one hardware profile, several tasks, one board ranked on the benchmark's aggregates
 * (lib/multitask/benchmark-aggregate.ts). The track row names its first task (so every query that joins a
 * track to a task still works) and its aggregate; track_tasks holds every task with its metric and weight.
 * Reading follows the competition's visibility; creating is for its organizers and site admins.
 */
import { and, asc, eq, inArray, isNull, or } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db/client";
import { taskAggregates, tasks, trackTasks, tracks } from "../../db/schema";
import { AppError } from "../errors";
import { listTaskDefinitions } from "../tasks/shipped-tasks";
import { checkTrackTaskList, type CheckedTrackTask } from "../multitask/track-task-list";
import { BENCHMARK_SCORE_METRIC } from "../multitask/benchmark-aggregate";
import { competitionAccess, requireCompetitionManager, type ActorId } from "./competition-access";
import { ensureShippedTaskRow } from "./tasks";
import type { DatabaseOrTransaction } from "../../db/client";
import { parseInput } from "../validation/parse-input";
import { ensureHardwareProfileRow, requireTrackRow, trackFields, type TrackSummary } from "./tracks";

const multiTaskTrackSchema = trackFields
  .pick({
    title: true,
    hardwareProfileId: true,
    rankingRule: true,
    qualityThreshold: true,
    rankedEnergyKind: true,
    timeLimitSeconds: true,
  })
  .extend({
    rankingRule: trackFields.shape.rankingRule.default("energy-at-threshold"),
    qualityThreshold: trackFields.shape.qualityThreshold.default(null),
    rankedEnergyKind: trackFields.shape.rankedEnergyKind.default("estimated"),
    timeLimitSeconds: trackFields.shape.timeLimitSeconds.default(null),
    taskAggregate: z.enum(taskAggregates).default("weighted-mean"),
    tasks: z.array(
      z.object({ taskId: z.string().min(1), metric: z.string().min(1), weight: z.number().nullable().optional() }),
    ),
  });
export type MultiTaskTrackInput = z.input<typeof multiTaskTrackSchema>;

export interface TrackTaskSummary extends CheckedTrackTask {
  labels: string[];
  inputFields: string[];
}

/** Throws VALIDATION_FAILED naming every problem of the task list (lib/multitask/track-task-list.ts). */
export async function createMultiTaskTrack(
  db: Database,
  actorId: ActorId,
  competitionId: string,
  input: MultiTaskTrackInput,
): Promise<TrackSummary> {
  await requireCompetitionManager(db, actorId, { id: competitionId });
  const values = parseInput(multiTaskTrackSchema, input);
  for (const definition of listTaskDefinitions()) await ensureShippedTaskRow(db, definition.slug);
  const ids = values.tasks.map((task) => task.taskId);
  const rows =
    ids.length === 0
      ? []
      : await db
          .select({ id: tasks.id, slug: tasks.slug, title: tasks.title, metrics: tasks.metrics })
          .from(tasks)
          .where(and(inArray(tasks.id, ids), or(isNull(tasks.competitionId), eq(tasks.competitionId, competitionId))));
  const checked = checkTrackTaskList(values.tasks, new Map(rows.map((row) => [row.id, row])));
  if (!checked.ok) throw new AppError("VALIDATION_FAILED", checked.problems.join(" "));
  await ensureHardwareProfileRow(db, values.hardwareProfileId);
  const { tasks: _choices, ...track } = values;
  const trackId = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(tracks)
      .values({ ...track, competitionId, taskId: checked.tasks[0]!.taskId, qualityMetric: BENCHMARK_SCORE_METRIC })
      .returning({ id: tracks.id });
    if (!created) throw new Error("insert into tracks returned no row");
    await tx.insert(trackTasks).values(
      checked.tasks.map((task) => ({
        trackId: created.id,
        taskId: task.taskId,
        position: task.position,
        metric: task.metric,
        weight: task.weight,
      })),
    );
    return created.id;
  });
  return requireTrackRow(db, trackId);
}

/** The tasks of a track in board order; empty for a single-task track. The caller has checked access to the track. */
export async function trackTasksOf(db: DatabaseOrTransaction, trackId: string): Promise<TrackTaskSummary[]> {
  const rows = await db
    .select({
      taskId: trackTasks.taskId,
      slug: tasks.slug,
      title: tasks.title,
      labels: tasks.labels,
      inputFields: tasks.inputFields,
      metric: trackTasks.metric,
      weight: trackTasks.weight,
      position: trackTasks.position,
    })
    .from(trackTasks)
    .innerJoin(tasks, eq(tasks.id, trackTasks.taskId))
    .where(eq(trackTasks.trackId, trackId))
    .orderBy(asc(trackTasks.position));
  return rows;
}

/** The same, for a visitor: NOT_FOUND when the track's competition is hidden from them. */
export async function listTrackTasks(db: Database, actorId: ActorId, trackId: string): Promise<TrackTaskSummary[]> {
  const [track] = await db.select({ competitionId: tracks.competitionId }).from(tracks).where(eq(tracks.id, trackId));
  if (!track) throw new AppError("NOT_FOUND", "Track not found.");
  await competitionAccess(db, actorId, { id: track.competitionId });
  return trackTasksOf(db, trackId);
}
