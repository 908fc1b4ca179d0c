/**
 * What a client needs to know of a track's task to check a bundle before uploading it (the CLI's pre-flight runs
 * the site's own bundle check, lib/bundle/check-bundle-for-task.ts): its labels and input fields. Public facts of
 * the task, readable by whoever may see the competition; never its data files.
 */
import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { tasks } from "../../db/schema";
import type { ActorId } from "./competition-access";
import { trackTasksOf } from "./multi-task-tracks";
import { getTrack, trackNotFound } from "./tracks";

interface TaskFacts {
  slug: string;
  title: string;
  labels: string[];
  inputFields: string[];
}

export interface TrackTask {
  trackId: string;
  trackTitle: string;
  hardwareProfileId: string;
  /** The track's task; a multi-task track's first. */
  task: TaskFacts;
  /** A multi-task track's tasks in order, whose folders its bundle holds; empty for a single-task track. */
  benchmarkTasks: TaskFacts[];
}

/** NOT_FOUND when the track is not in that competition, or the competition is hidden from the actor. */
export async function getTrackTask(
  db: Database,
  actorId: ActorId,
  competitionSlug: string,
  trackId: string,
): Promise<TrackTask> {
  const track = await getTrack(db, actorId, trackId);
  if (track.competitionSlug !== competitionSlug) throw trackNotFound();
  const [task] = await db
    .select({ slug: tasks.slug, title: tasks.title, labels: tasks.labels, inputFields: tasks.inputFields })
    .from(tasks)
    .where(eq(tasks.id, track.taskId));
  if (!task) throw trackNotFound();
  // The access check above covers the track's tasks too. A track is multi-task when it aggregates its tasks.
  const benchmarkTasks =
    track.taskAggregate === null
      ? []
      : (await trackTasksOf(db, track.id)).map(({ slug, title, labels, inputFields }) => ({
          slug,
          title,
          labels,
          inputFields,
        }));
  return {
    trackId: track.id,
    trackTitle: track.title,
    hardwareProfileId: track.hardwareProfileId,
    task,
    benchmarkTasks,
  };
}
