/**
 * What a visitor needs to choose a competition at a glance, for the home page and the competitions list: its
 * tasks and tracks, the deadline of the phase now open (or the next one), how many teams registered, and each
 * track's current leader with the top of its board. Authorization is that of the functions it calls: only
 * competitions the actor may list, and boards as the actor may see them.
 */
import { count, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { competitionRegistrations } from "../../db/schema";
import type { RankedEntry } from "../ranking/types";
import type { ActorId } from "./competition-access";
import { listCompetitions, type CompetitionSummary } from "./competitions";
import { getPreparedBoard } from "./leaderboards";
import { listPhasesOf, phaseState, type PhaseSummary } from "./phases";
import { listTracksOf, type TrackSummary } from "./tracks";

/** Rows a track's preview shows: the podium, as on Kaggle's competition cards. */
export const TRACK_PREVIEW_ROWS = 3;

export interface TrackPreview {
  track: TrackSummary;
  /** The ranked top of the board (each team's best), at most TRACK_PREVIEW_ROWS. */
  top: RankedEntry[];
  /** Every entry the chart may plot (each team's best, ranked or below the bar). */
  standings: RankedEntry[];
  rankedCount: number;
}

export interface CompetitionCard extends CompetitionSummary {
  taskTitles: string[];
  tracks: TrackPreview[];
  /** The phase open now, else the next one; null when every phase has ended or none is scheduled. */
  currentPhase: (PhaseSummary & { state: "open" | "upcoming" }) | null;
  registeredTeams: number;
  /** Ranked entries over all tracks: how alive the competition is. */
  rankedEntries: number;
  /** The competition shown first: open, with the most ranked entries. */
  flagship: boolean;
}

export async function listCompetitionCards(
  db: Database,
  actorId: ActorId,
  now = new Date(),
): Promise<CompetitionCard[]> {
  const competitions = await listCompetitions(db, actorId);
  if (competitions.length === 0) return [];
  const teamCounts = new Map(
    (
      await db
        .select({ competitionId: competitionRegistrations.competitionId, teams: count() })
        .from(competitionRegistrations)
        .where(
          inArray(
            competitionRegistrations.competitionId,
            competitions.map((competition) => competition.id),
          ),
        )
        .groupBy(competitionRegistrations.competitionId)
    ).map((row) => [row.competitionId, row.teams]),
  );
  const cards = await Promise.all(
    competitions.map(async (competition): Promise<CompetitionCard> => {
      const [tracks, phases] = await Promise.all([listTracksOf(db, competition.id), listPhasesOf(db, competition.id)]);
      const previews = await Promise.all(tracks.map((track) => trackPreview(db, actorId, competition.slug, track)));
      return {
        ...competition,
        taskTitles: [...new Set(tracks.map((track) => track.taskTitle))],
        tracks: previews,
        currentPhase: currentPhaseOf(phases, now),
        registeredTeams: teamCounts.get(competition.id) ?? 0,
        rankedEntries: previews.reduce((sum, preview) => sum + preview.rankedCount, 0),
        flagship: false,
      };
    }),
  );
  return withFlagshipFirst(cards);
}

/** The top of one track's board as the actor may see it (each team's best, the board's default view). */
export async function trackPreview(
  db: Database,
  actorId: ActorId,
  competitionSlug: string,
  track: TrackSummary,
): Promise<TrackPreview> {
  const { prepared } = await getPreparedBoard(db, actorId, { competitionSlug, trackId: track.id, scope: "team-best" });
  const ranked = prepared.standings.filter((row) => row.section === "ranked");
  return {
    track,
    top: ranked.slice(0, TRACK_PREVIEW_ROWS),
    standings: prepared.standings.filter((row) => row.section !== "unranked"),
    rankedCount: ranked.length,
  };
}

export function currentPhaseOf(phases: readonly PhaseSummary[], now: Date): CompetitionCard["currentPhase"] {
  for (const phase of [...phases].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
    const state = phaseState(phase, now);
    if (state === "open" || state === "upcoming") return { ...phase, state };
  }
  return null;
}

/**
 * Open competitions first, the one with the most ranked entries leading (ties: the list's order, by title), then
 * the rest in the list's order. The first open one is the flagship whose board the home page shows.
 */
export function withFlagshipFirst(cards: readonly CompetitionCard[]): CompetitionCard[] {
  const open = cards.filter((card) => card.status === "open");
  const others = cards.filter((card) => card.status !== "open");
  const ordered = [...open].sort((a, b) => b.rankedEntries - a.rankedEntries);
  return [...ordered, ...others].map((card, index) => ({ ...card, flagship: index === 0 && card.status === "open" }));
}
