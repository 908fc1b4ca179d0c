/**
 * An organizer uploads a task as one zip: `task.json` (the format of lib/tasks/definitions) at its top level and
 * every data file at the path its splits name (e.g. `my-task/test.tsv`). Read with the same untrusting reader as
 * competition files; stored through lib/data/tasks.ts, all or nothing.
 */
import type { Database } from "../../db/client";
import { AppError } from "../errors";
import type { ArtifactStore } from "../storage/artifact-store";
import type { ActorId } from "../data/competition-access";
import { createUploadedTask, type TaskChoice } from "../data/tasks";
import { openCompetitionZip } from "./zip-reader";

export const TASK_DEFINITION_NAME = "task.json";

export async function createTaskFromZip(
  db: Database,
  store: ArtifactStore,
  actorId: ActorId,
  competitionId: string,
  zipPath: string,
): Promise<TaskChoice> {
  const { zip, problems } = await openCompetitionZip(zipPath);
  if (!zip || problems.length > 0) throw new AppError("VALIDATION_FAILED", problems.join(" "));
  try {
    if (!zip.names.has(TASK_DEFINITION_NAME)) {
      throw new AppError(
        "VALIDATION_FAILED",
        `The zip has no ${TASK_DEFINITION_NAME} at its top level; put the task definition there, beside its data files.`,
      );
    }
    let definition: unknown;
    try {
      definition = JSON.parse(await zip.text(TASK_DEFINITION_NAME));
    } catch (error) {
      throw new AppError(
        "VALIDATION_FAILED",
        `${TASK_DEFINITION_NAME} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
    const paths = new Set([...zip.names].filter((name) => name !== TASK_DEFINITION_NAME));
    return await createUploadedTask(db, store, actorId, competitionId, definition, {
      paths,
      open: (name) => zip.stream(name),
    });
  } finally {
    zip.close();
  }
}
