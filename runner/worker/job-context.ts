/**
 * Everything a claimed evaluation needs before it can run: the submission's artifact on this host, the track's
 * hardware profile and the task as a TaskDefinition, rebuilt from its row in `tasks`.
 *
 * A task row keeps what the definition files keep beyond its own columns in `dataset_files`, as
 * `{ "splits": { test, dev?, ood? }, "source": { description, url, ... } }` (lib/tasks/task-definition.ts), and
 * is validated with the same schema, so a row and a shipped definition can never be read differently. A row of
 * a shipped task whose `dataset_files` is empty uses the shipped definition.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { evaluations, submissions, tasks, tracks, type Task } from "../../db/schema";
import { getHardwareProfile, type HardwareProfile } from "../../lib/profiles/hardware-profiles";
import { getTaskDefinition } from "../../lib/tasks/registry";
import { parseTaskDefinition, type TaskDefinition } from "../../lib/tasks/task-definition";
import { EvaluationError } from "../evaluate/evaluation-error";

export interface JobContext {
  evaluationId: string;
  submissionId: string;
  bundlePath: string;
  task: TaskDefinition;
  profile: HardwareProfile;
  publicPrivateSplit: { publicFraction: number; seed: number };
}

export async function loadJobContext(db: Database, evaluationId: string, storageRoot: string): Promise<JobContext> {
  const [row] = await db
    .select({ submission: submissions, task: tasks, profileId: evaluations.hardwareProfileId })
    .from(evaluations)
    .innerJoin(submissions, eq(submissions.id, evaluations.submissionId))
    .innerJoin(tracks, eq(tracks.id, submissions.trackId))
    .innerJoin(tasks, eq(tasks.id, tracks.taskId))
    .where(eq(evaluations.id, evaluationId));
  if (!row) throw new Error(`evaluation ${evaluationId} has no submission, track or task`);
  return {
    evaluationId,
    submissionId: row.submission.id,
    bundlePath: resolveArtifactPath(row.submission.artifactPath, storageRoot),
    task: taskDefinitionFromRow(row.task),
    profile: getHardwareProfile(row.profileId),
    publicPrivateSplit: { publicFraction: row.task.publicSplitFraction, seed: row.task.splitSeed },
  };
}

export function taskDefinitionFromRow(task: Task): TaskDefinition {
  const files = task.datasetFiles;
  if (Object.keys(files).length === 0) return getTaskDefinition(task.slug);
  return parseTaskDefinition(
    { slug: task.slug, title: task.title, inputFields: task.inputFields, labels: task.labels, metrics: task.metrics, splits: files.splits, source: files.source },
    `task ${task.slug} (tasks.dataset_files)`,
  );
}

/** Artifacts are stored under the storage folder; an absolute path (tests, imports) is taken as it is. */
export function resolveArtifactPath(artifactPath: string, storageRoot: string): string {
  const resolved = path.resolve(storageRoot, artifactPath);
  const inside = path.relative(storageRoot, resolved);
  if (!path.isAbsolute(artifactPath) && (inside.startsWith("..") || path.isAbsolute(inside))) {
    throw new EvaluationError("ARTIFACT_MISSING", "The submission's stored file path is invalid.");
  }
  // The runner's fault (a host without the shared storage), not the team's: classifyFailure retries it elsewhere.
  if (!existsSync(resolved)) throw new EvaluationError("ARTIFACT_MISSING", "The submitted file is not available to this runner.");
  return resolved;
}
