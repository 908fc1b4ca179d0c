/**
 * Everything a claimed evaluation needs before it can run: the submission's bundle and the task's data files on
 * this host (fetched from the artifact store by runner/worker/fetch-artifacts.ts, checked by sha256), the
 * track's hardware profile and the task as a TaskDefinition, rebuilt from its row in `tasks`.
 *
 * A task row keeps what the definition files keep beyond its own columns in `dataset_files`, as
 * `{ "splits": { test, dev?, ood? }, "source": { description, url, ... }, "artifacts"?: { <path>: StoredArtifact } }`
 * (lib/tasks/task-definition.ts, lib/data/tasks.ts), validated with the definition's own schema, so a row and a
 * shipped definition can never be read differently. An uploaded task's files come from the store (`artifacts`,
 * by the path its splits name); a row without `artifacts` reads its paths from the runner's datasets folder; a
 * row of a shipped task whose `dataset_files` is empty uses the shipped definition.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db/client";
import { evaluations, submissions, tasks, trackTasks, tracks, type Task } from "../../db/schema";
import type { BenchmarkTaskInput } from "../evaluate/evaluate-benchmark";
import { getHardwareProfile, type HardwareProfile } from "../../lib/profiles/hardware-profiles";
import type { ArtifactStore } from "../../lib/storage/artifact-store";
import { DatasetError } from "../../lib/tasks/dataset-error";
import { getTaskDefinition } from "../../lib/tasks/shipped-tasks";
import { parseTaskDefinition, type TaskDefinition } from "../../lib/tasks/task-definition";
import { EvaluationError } from "../evaluate/evaluation-error";
import { fetchSubmissionBundle, fetchTaskData, type TaskArtifacts } from "./fetch-artifacts";

export interface JobContext {
  evaluationId: string;
  submissionId: string;
  bundlePath: string;
  task: TaskDefinition;
  /** The folder the task's split paths are read from: the job's fetched copies, or the runner's datasets folder. */
  datasetsRoot: string;
  profile: HardwareProfile;
  publicPrivateSplit: { publicFraction: number; seed: number };
  /** The track's own wall-clock limit per evaluation (tracks.time_limit_seconds), or null for the protocol's. */
  trackTimeLimitSeconds: number | null;
  /** A multi-task track's tasks, in order, each with its metric, weight and data folder; null for a single task. */
  benchmarkTasks: BenchmarkTaskInput[] | null;
}

export interface ArtifactSource {
  store: ArtifactStore;
  /** This job's own folder (fetch-artifacts.ts openJobFolder), removed by the caller when the job ends. */
  jobFolder: string;
  /** Where tasks without stored files read theirs (lib/tasks/datasets-root.ts). */
  datasetsRoot: string;
}

export async function loadJobContext(db: Database, evaluationId: string, source: ArtifactSource): Promise<JobContext> {
  const [row] = await db
    .select({
      submission: submissions,
      task: tasks,
      trackId: tracks.id,
      taskAggregate: tracks.taskAggregate,
      profileId: evaluations.hardwareProfileId,
      trackTimeLimitSeconds: tracks.timeLimitSeconds,
    })
    .from(evaluations)
    .innerJoin(submissions, eq(submissions.id, evaluations.submissionId))
    .innerJoin(tracks, eq(tracks.id, submissions.trackId))
    .innerJoin(tasks, eq(tasks.id, tracks.taskId))
    .where(eq(evaluations.id, evaluationId));
  if (!row) throw new Error(`evaluation ${evaluationId} has no submission, track or task`);
  const task = taskDefinitionFromRow(row.task);
  const artifacts = taskArtifactsFromRow(row.task);
  return {
    evaluationId,
    submissionId: row.submission.id,
    bundlePath: path.isAbsolute(row.submission.artifactPath)
      ? localArtifactPath(row.submission.artifactPath)
      : await fetchSubmissionBundle(source.store, source.jobFolder, row.submission),
    task,
    datasetsRoot: artifacts
      ? await fetchTaskData(source.store, source.jobFolder, task, artifacts)
      : source.datasetsRoot,
    profile: getHardwareProfile(row.profileId),
    publicPrivateSplit: { publicFraction: row.task.publicSplitFraction, seed: row.task.splitSeed },
    trackTimeLimitSeconds: row.trackTimeLimitSeconds,
    benchmarkTasks: row.taskAggregate === null ? null : await loadBenchmarkTasks(db, row.trackId, source),
  };
}

/** Each task of a multi-task track as the runner needs it, its uploaded data (if any) in a folder of its own. */
async function loadBenchmarkTasks(
  db: Database,
  trackId: string,
  source: ArtifactSource,
): Promise<BenchmarkTaskInput[]> {
  const rows = await db
    .select({ task: tasks, metric: trackTasks.metric, weight: trackTasks.weight })
    .from(trackTasks)
    .innerJoin(tasks, eq(tasks.id, trackTasks.taskId))
    .where(eq(trackTasks.trackId, trackId))
    .orderBy(asc(trackTasks.position));
  const inputs: BenchmarkTaskInput[] = [];
  for (const [index, row] of rows.entries()) {
    const task = taskDefinitionFromRow(row.task);
    const artifacts = taskArtifactsFromRow(row.task);
    const folder = path.join(source.jobFolder, `task-${index}`);
    inputs.push({
      task,
      metric: row.metric,
      weight: row.weight,
      datasetsRoot: artifacts ? await fetchTaskData(source.store, folder, task, artifacts) : source.datasetsRoot,
      publicPrivateSplit: { publicFraction: row.task.publicSplitFraction, seed: row.task.splitSeed },
    });
  }
  return inputs;
}

export function taskDefinitionFromRow(task: Task): TaskDefinition {
  const files = task.datasetFiles;
  if (Object.keys(files).length === 0) return getTaskDefinition(task.slug);
  return parseTaskDefinition(
    {
      slug: task.slug,
      title: task.title,
      inputFields: task.inputFields,
      labels: task.labels,
      metrics: task.metrics,
      splits: files.splits,
      source: files.source,
    },
    `task ${task.slug} (tasks.dataset_files)`,
  );
}

const storedArtifactSchema = z.object({
  key: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.number().int().nonnegative(),
});
const taskArtifactsSchema = z.record(z.string(), storedArtifactSchema);

/** The stored copies of an uploaded task's files, or undefined for a task read from the datasets folder. */
export function taskArtifactsFromRow(task: Task): TaskArtifacts | undefined {
  const artifacts = task.datasetFiles.artifacts;
  if (artifacts === undefined) return undefined;
  const parsed = taskArtifactsSchema.safeParse(artifacts);
  if (!parsed.success) {
    // The organizers' data, not the team's: DatasetError is a runner failure (failure-kind.ts).
    throw new DatasetError(
      "TASK_DEFINITION_INVALID",
      `task ${task.slug} (tasks.dataset_files.artifacts): ${parsed.error.issues[0]?.message ?? "invalid"}`,
    );
  }
  return parsed.data;
}

/**
 * A bundle named by an absolute path on this host (the CLI, tests, a site whose runner shares the web app's
 * disk and imports by path) is read where it lies.
 */
export function localArtifactPath(artifactPath: string): string {
  // The runner's fault (a host without that file), not the team's: classifyFailure retries it elsewhere.
  if (!existsSync(artifactPath))
    throw new EvaluationError("ARTIFACT_MISSING", "The submitted file is not available to this runner.");
  return artifactPath;
}
