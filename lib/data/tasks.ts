/**
 * Tasks a competition's tracks can use: the ones shipped with the site (lib/tasks/definitions, shared by every
 * competition, `competition_id` null) and the ones its organizers upload with their data files.
 *
 * An uploaded task's row keeps its definition's files in `dataset_files` as the runner reads them
 * (runner/worker/job-context.ts: `{ splits, source }`), plus `artifacts`: for every file path named in the
 * splits, where the file lies in the artifact store and its sha256, so a runner on another machine fetches it
 * and checks it by hash. The test split carries the hidden labels: no function here or anywhere in the web app
 * returns its file or its contents; only the runner reads it, from the store.
 */
import { and, asc, eq, inArray, isNull, or } from "drizzle-orm";
import type { Database, DatabaseOrTransaction } from "../../db/client";
import { competitionRegistrations, tasks, teamMemberships, tracks, type Task } from "../../db/schema";
import { AppError } from "../errors";
import type { ArtifactStore, StoredArtifact } from "../storage/artifact-store";
import { listTaskDefinitions, getTaskDefinition } from "../tasks/shipped-tasks";
import { parseTaskDefinition, splitFiles, type TaskDefinition } from "../tasks/task-definition";
import { competitionAccess, requireCompetitionManager, type ActorId } from "./competition-access";

/** What `tasks.dataset_files` holds for an uploaded task. */
export interface UploadedTaskFiles {
  splits: TaskDefinition["splits"];
  source: TaskDefinition["source"];
  description?: string;
  /** File path as named in `splits` → its stored copy. */
  artifacts: Record<string, StoredArtifact>;
}

/** The uploaded data files of a task, opened one at a time as they are stored. */
export interface TaskFileSource {
  paths: ReadonlySet<string>;
  open(path: string): Promise<NodeJS.ReadableStream | AsyncIterable<Uint8Array>>;
}

export interface TaskChoice {
  id: string;
  slug: string;
  title: string;
  metrics: string[];
  labels: string[];
  shipped: boolean;
}

/** Largest task data file an organizer may upload (the shipped ones are under 1 MB; MNLI-sized sets ~100 MB). */
export const MAX_TASK_FILE_BYTES = 512 * 1024 * 1024;

/** A shipped task's row, created on first use from its definition (an empty dataset_files means "shipped"). */
export async function ensureShippedTaskRow(db: DatabaseOrTransaction, slug: string): Promise<TaskChoice> {
  const definition = getTaskDefinition(slug);
  await db
    .insert(tasks)
    .values({
      slug: definition.slug,
      title: definition.title,
      inputFields: definition.inputFields,
      labels: definition.labels,
      metrics: definition.metrics,
      datasetFiles: {},
    })
    .onConflictDoNothing();
  const [row] = await db.select().from(tasks).where(eq(tasks.slug, slug));
  if (!row || row.competitionId !== null)
    throw new AppError("CONFLICT", `The task address "${slug}" is taken by an uploaded task.`);
  return toChoice(row);
}

/** Tasks a manager of the competition may put on a track: every shipped task, and the competition's own. */
export async function listTaskChoices(db: Database, actorId: ActorId, competitionId: string): Promise<TaskChoice[]> {
  await requireCompetitionManager(db, actorId, { id: competitionId });
  for (const definition of listTaskDefinitions()) await ensureShippedTaskRow(db, definition.slug);
  const rows = await db
    .select()
    .from(tasks)
    .where(or(isNull(tasks.competitionId), eq(tasks.competitionId, competitionId)))
    .orderBy(asc(tasks.title));
  return rows.map(toChoice);
}

/**
 * Stores an organizer's task: its definition (the format of lib/tasks/definitions) and one file for every path
 * its splits name. Either all of it is stored and the row written, or nothing is left behind.
 */
export async function createUploadedTask(
  db: Database,
  store: ArtifactStore,
  actorId: ActorId,
  competitionId: string,
  definitionJson: unknown,
  files: TaskFileSource,
): Promise<TaskChoice> {
  await requireCompetitionManager(db, actorId, { id: competitionId });
  const definition = parseDefinition(definitionJson);
  const problems = missingFileProblems(definition, files.paths);
  if (problems.length > 0) throw new AppError("VALIDATION_FAILED", problems.join(" "));
  const [taken] = await db.select({ id: tasks.id }).from(tasks).where(eq(tasks.slug, definition.slug));
  if (taken)
    throw new AppError("CONFLICT", `A task with the address "${definition.slug}" exists already; choose another slug.`);

  const taskId = crypto.randomUUID();
  const stored: StoredArtifact[] = [];
  try {
    const artifacts: Record<string, StoredArtifact> = {};
    for (const { spec } of splitFiles(definition)) {
      if (artifacts[spec.path]) continue;
      const artifact = await store.put(taskFileKey(taskId, spec.path), await files.open(spec.path), {
        maxBytes: MAX_TASK_FILE_BYTES,
      });
      stored.push(artifact);
      artifacts[spec.path] = artifact;
    }
    const datasetFiles: UploadedTaskFiles = {
      splits: definition.splits,
      source: definition.source,
      ...(definition.description ? { description: definition.description } : {}),
      artifacts,
    };
    const [row] = await db
      .insert(tasks)
      .values({
        id: taskId,
        slug: definition.slug,
        title: definition.title,
        inputFields: definition.inputFields,
        labels: definition.labels,
        metrics: definition.metrics,
        datasetFiles: datasetFiles as unknown as Record<string, unknown>,
        competitionId,
      })
      .returning();
    if (!row) throw new Error("insert into tasks returned no row");
    return toChoice(row);
  } catch (error) {
    await Promise.allSettled(stored.map((artifact) => store.delete(artifact.key)));
    throw error;
  }
}

/**
 * The development split of a task, for download: to organizers of a competition using it and site admins, and
 * to members of teams registered for such a competition. The test split is never offered: it holds the hidden
 * labels. Returns null when the task has no development split.
 */
export async function openDevelopmentData(
  db: Database,
  store: ArtifactStore,
  actorId: ActorId,
  competitionSlug: string,
  taskId: string,
): Promise<{
  fileName: string;
  body: NodeJS.ReadableStream | AsyncIterable<Uint8Array>;
  sha256: string | null;
} | null> {
  const access = await competitionAccess(db, actorId, { slug: competitionSlug });
  const [used] = await db
    .select({ task: tasks })
    .from(tracks)
    .innerJoin(tasks, eq(tasks.id, tracks.taskId))
    .where(and(eq(tracks.competitionId, access.competition.id), eq(tracks.taskId, taskId)))
    .limit(1);
  if (!used) throw new AppError("NOT_FOUND", "This competition has no such task.");
  if (!access.canManage) {
    if (!actorId)
      throw new AppError("UNAUTHENTICATED", "Sign in, and register a team, to download the development data.");
    const [registered] = await db
      .select({ teamId: competitionRegistrations.teamId })
      .from(competitionRegistrations)
      .innerJoin(teamMemberships, eq(teamMemberships.teamId, competitionRegistrations.teamId))
      .where(
        and(eq(competitionRegistrations.competitionId, access.competition.id), eq(teamMemberships.userId, actorId)),
      )
      .limit(1);
    if (!registered)
      throw new AppError(
        "FORBIDDEN",
        "Register one of your teams for this competition to download its development data.",
      );
  }
  return developmentFileOf(store, used.task);
}

async function developmentFileOf(store: ArtifactStore, task: Task) {
  const files = task.datasetFiles as Partial<UploadedTaskFiles>;
  if (Object.keys(files).length === 0) {
    const dev = getTaskDefinition(task.slug).splits.dev;
    if (!dev) return null;
    const { createReadStream } = await import("node:fs");
    const path = await import("node:path");
    const { resolveDatasetsRoot } = await import("../tasks/datasets-root");
    return {
      fileName: `${task.slug}-dev${path.extname(dev.path) || ".txt"}`,
      body: createReadStream(path.join(resolveDatasetsRoot(), dev.path)),
      sha256: null,
    };
  }
  const dev = files.splits?.dev;
  const artifact = dev ? files.artifacts?.[dev.path] : undefined;
  // Never the test split's file, even if a row names it for both (uploads refuse that; see missingFileProblems).
  if (!dev || !artifact || dev.path === files.splits?.test.path) return null;
  const extension = dev.path.includes(".") ? dev.path.slice(dev.path.lastIndexOf(".")) : ".txt";
  return { fileName: `${task.slug}-dev${extension}`, body: await store.get(artifact.key), sha256: artifact.sha256 };
}

/** Tasks uploaded for these competitions, with their rows (export needs them whole). */
export async function taskRowsByIds(db: DatabaseOrTransaction, ids: readonly string[]): Promise<Task[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(tasks)
    .where(inArray(tasks.id, [...ids]));
}

export function taskFileKey(taskId: string, filePath: string): string {
  return `tasks/${taskId}/${filePath.replace(/[^A-Za-z0-9._/-]/g, "_")}`;
}

export function parseDefinition(json: unknown): TaskDefinition {
  try {
    return parseTaskDefinition(json);
  } catch (error) {
    throw new AppError("VALIDATION_FAILED", error instanceof Error ? error.message : "The task definition is invalid.");
  }
}

/**
 * One message per file path the definition names and no upload provides; and a development split that reuses
 * the test split's file, which would hand the hidden labels to every registered team.
 */
export function missingFileProblems(definition: TaskDefinition, provided: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (definition.splits.dev?.path === definition.splits.test.path) {
    problems.push(
      `The dev split uses the test split's file "${definition.splits.test.path}"; teams download the dev split, so give it a file of its own.`,
    );
  }
  for (const { split, spec } of splitFiles(definition)) {
    if (!provided.has(spec.path))
      problems.push(`The ${split} split names the file "${spec.path}", which was not uploaded.`);
  }
  return problems;
}

function toChoice(row: Task): TaskChoice {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    metrics: row.metrics,
    labels: row.labels,
    shipped: row.competitionId === null,
  };
}
