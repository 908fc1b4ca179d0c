/**
 * What a client needs to pick a competition and a track without reading ids out of URLs: the competitions the
 * caller may see, and a competition's tracks with their hardware profile and whether a live runner serves it.
 * Visibility follows listCompetitions and listTracks (./competitions.ts, ./tracks.ts).
 */
import type { Database } from "../../db/client";
import type { ActorId } from "./competition-access";
import { listCompetitions } from "./competitions";
import { liveRunnerServes } from "./runners";
import { listTracks, listTracksOf } from "./tracks";

export interface CompetitionDirectoryEntry {
  slug: string;
  title: string;
  status: string;
  trackCount: number;
}

export interface TrackDirectoryEntry {
  id: string;
  title: string;
  taskSlug: string;
  hardwareProfileId: string;
  qualityMetric: string;
  qualityThreshold: number | null;
  rankingRule: string;
  rankedEnergyKind: string;
  /** Whether a runner with a recent heartbeat serves the track's profile: without one, a submission waits. */
  runnerOnline: boolean;
}

export async function listCompetitionDirectory(db: Database, actorId: ActorId): Promise<CompetitionDirectoryEntry[]> {
  const listed = await listCompetitions(db, actorId);
  return Promise.all(
    listed.map(async (competition) => ({
      slug: competition.slug,
      title: competition.title,
      status: competition.status,
      trackCount: (await listTracksOf(db, competition.id)).length,
    })),
  );
}

export async function listTrackDirectory(
  db: Database,
  actorId: ActorId,
  competitionSlug: string,
): Promise<TrackDirectoryEntry[]> {
  const tracks = await listTracks(db, actorId, competitionSlug);
  const online = new Map<string, boolean>();
  for (const profile of new Set(tracks.map((track) => track.hardwareProfileId)))
    online.set(profile, await liveRunnerServes(db, profile));
  return tracks.map((track) => ({
    id: track.id,
    title: track.title,
    taskSlug: track.taskSlug,
    hardwareProfileId: track.hardwareProfileId,
    qualityMetric: track.qualityMetric,
    qualityThreshold: track.qualityThreshold,
    rankingRule: track.rankingRule,
    rankedEnergyKind: track.rankedEnergyKind,
    runnerOnline: online.get(track.hardwareProfileId) ?? false,
  }));
}
