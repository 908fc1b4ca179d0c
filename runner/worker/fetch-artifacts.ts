/**
 * Brings what one evaluation reads onto this runner's disk, from the artifact store (lib/storage), into a folder
 * of its own that is removed when the job ends: the submission's bundle, and an uploaded task's data files.
 * Every file is checked against the sha256 the database holds for it before anything reads it, so a runner on
 * another machine measures exactly the bytes that were uploaded.
 *
 * Failing to fetch is never the team's fault: a store that is down, a file missing from it or changed in it
 * becomes an EvaluationError whose code runner/worker/failure-kind.ts classifies as a runner failure, so the job
 * goes back to the queue for another runner (and, by lib/data's quota rules, uses none of the team's quota).
 * Messages name no host path, bucket or endpoint: teams see them.
 */
import { mkdir, readdir, rm, rmdir } from "node:fs/promises";
import path from "node:path";
import { isAppError } from "../../lib/errors";
import type { ArtifactStore, StoredArtifact } from "../../lib/storage/artifact-store";
import { splitFiles, type TaskDefinition } from "../../lib/tasks/task-definition";
import { EvaluationError } from "../evaluate/evaluation-error";
import { isProcessKey, isRunning, processKey } from "../staging/process-identity";

const BUNDLE_FILE = "bundle.zip";
const TASK_DATA_FOLDER = "task-data";

/** Stored copies of a task's data files, by the path its splits name (lib/data/tasks.ts: dataset_files.artifacts). */
export type TaskArtifacts = Readonly<Record<string, StoredArtifact>>;

/**
 * A fresh, empty folder for one attempt of one evaluation: `<cache folder>/<runner process>/<evaluation>-<attempt>`.
 * The middle folder names the runner process (runner/staging/process-identity.ts), so that runners sharing one
 * cache folder can tell a killed runner's folders from those of a runner measuring now.
 */
export async function openJobFolder(cacheDir: string, evaluationId: string, attempt: number): Promise<string> {
  const folder = path.join(cacheDir, processKey(), `${evaluationId}-${attempt}`);
  await rm(folder, { recursive: true, force: true });
  // Owner-only, every level made here: the folder will hold the hidden test labels. The sandboxed model never
  // sees it (it gets only its own staged copies, runner/evaluate/run-measurement.ts).
  await mkdir(folder, { recursive: true, mode: 0o700 });
  return folder;
}

/** Removes a job's folder, and its runner process's folder when no other job of the process is left in it. */
export async function removeJobFolder(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
  await rmdir(path.dirname(folder)).catch(() => {}); // not empty: another job of this process runs
}

/**
 * Removes the job folders of runner processes that no longer run, whatever their age, and any folder in the
 * layout of earlier versions (one folder per job, no process folder); returns how many process folders or jobs.
 */
export async function removeAbandonedJobFolders(cacheDir: string): Promise<number> {
  const entries = await readdir(cacheDir, { withFileTypes: true }).catch(() => []);
  let removed = 0;
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === processKey() || (isProcessKey(entry.name) && isRunning(entry.name)))
      continue;
    await rm(path.join(cacheDir, entry.name), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}

/** Removes this process's job folders (a runner stopping). */
export async function removeOwnJobFolders(cacheDir: string): Promise<void> {
  await rm(path.join(cacheDir, processKey()), { recursive: true, force: true });
}

/** Downloads the submission's bundle into the job folder, checked against its sha256; returns its path. */
export async function fetchSubmissionBundle(
  store: ArtifactStore,
  jobFolder: string,
  submission: { artifactPath: string; sha256: string },
): Promise<string> {
  const destination = path.join(jobFolder, BUNDLE_FILE);
  await fetchChecked(store, submission.artifactPath, destination, submission.sha256, "The submitted file");
  return destination;
}

/**
 * Downloads every file the task's splits name into `<job folder>/task-data/<path>`, each checked against its
 * stored sha256, and returns that folder: the job's datasets root.
 */
export async function fetchTaskData(
  store: ArtifactStore,
  jobFolder: string,
  task: Pick<TaskDefinition, "slug" | "splits">,
  artifacts: TaskArtifacts,
): Promise<string> {
  const root = path.join(jobFolder, TASK_DATA_FOLDER);
  const fetched = new Set<string>();
  for (const { split, spec } of splitFiles(task)) {
    if (fetched.has(spec.path)) continue;
    const artifact = artifacts[spec.path];
    if (!artifact) {
      throw new EvaluationError(
        "ARTIFACT_MISSING",
        `The ${split} data of task ${task.slug} was never stored; the organizers must upload the task's files again.`,
      );
    }
    // The path comes from the task definition, whose schema refuses absolute paths and "..": it stays in root.
    await fetchChecked(
      store,
      artifact.key,
      path.join(root, ...spec.path.split("/")),
      artifact.sha256,
      `The ${split} data of task ${task.slug}`,
    );
    fetched.add(spec.path);
  }
  return root;
}

async function fetchChecked(
  store: ArtifactStore,
  key: string,
  destination: string,
  sha256: string,
  what: string,
): Promise<void> {
  try {
    await store.download(key, destination, sha256);
  } catch (error) {
    throw fetchFailure(error, what);
  }
}

function fetchFailure(error: unknown, what: string): Error {
  if (!isAppError(error)) return error as Error;
  switch (error.code) {
    case "NOT_FOUND":
    case "VALIDATION_FAILED":
      // The same words as for a bundle path missing on this host (job-context.ts): not the team's fault.
      return new EvaluationError("ARTIFACT_MISSING", `${what} is not available to this runner.`);
    case "CHECKSUM_MISMATCH":
      return new EvaluationError(
        "CHECKSUM_MISMATCH",
        `${what} in storage no longer matches the file that was uploaded (sha256 differs); it was not evaluated.`,
      );
    case "STORAGE_UNAVAILABLE":
      return new EvaluationError(
        "STORAGE_UNAVAILABLE",
        `${what} could not be fetched because storage was unreachable. This is not a fault of the submission and does not count against the team's quota.`,
      );
    default:
      return error;
  }
}
