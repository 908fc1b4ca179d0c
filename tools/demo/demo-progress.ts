/**
 * How far the demo's measurements have come, board by board, in the words `npm start` prints:
 *   Demo: 3/7 baselines measured on "SST-2: sustainable inference" cpu-1t — http://localhost:3000/competitions/…
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { submissions } from "../../db/schema";
import type { DemoTrack } from "./submit-baselines";

export interface TrackProgress {
  track: DemoTrack;
  baselines: number;
  /** Scored: measured and on the board. */
  measured: number;
  failed: number;
}

export async function trackProgress(
  db: Database,
  teamId: string,
  demoTracks: readonly DemoTrack[],
): Promise<TrackProgress[]> {
  if (demoTracks.length === 0) return [];
  const rows = await db
    .select({ trackId: submissions.trackId, state: submissions.state, count: sql<number>`count(*)::int` })
    .from(submissions)
    .where(
      and(
        eq(submissions.teamId, teamId),
        eq(submissions.isBaseline, true),
        inArray(
          submissions.trackId,
          demoTracks.map((track) => track.id),
        ),
      ),
    )
    .groupBy(submissions.trackId, submissions.state);
  return demoTracks.map((track) => {
    const mine = rows.filter((row) => row.trackId === track.id);
    const sum = (states: string[]) =>
      mine.filter((row) => states.includes(row.state)).reduce((total, row) => total + row.count, 0);
    return {
      track,
      baselines: sum(["uploaded", "queued", "evaluating", "scored", "failed"]),
      measured: sum(["scored"]),
      failed: sum(["failed"]),
    };
  });
}

export const boardPath = (track: Pick<DemoTrack, "competitionSlug" | "id">) =>
  `/competitions/${track.competitionSlug}/tracks/${track.id}`;

export function describeProgress(progress: TrackProgress, siteUrl: string): string {
  const { track, baselines, measured, failed } = progress;
  const failures = failed > 0 ? ` (${failed} failed: see their submission pages)` : "";
  return `Demo: ${measured}/${baselines} baselines measured on ${track.competitionTitle}, ${track.profile}${failures} — ${siteUrl}${boardPath(track)}`;
}

export const isDone = (progress: TrackProgress) =>
  progress.baselines > 0 && progress.measured + progress.failed >= progress.baselines;
