/**
 * Each team's best entry: what a board shows by default. The best is the team's first entry in the full
 * standings (ranked before below-threshold before unranked); the chosen entries are then ranked again among
 * themselves, so ranks count teams, not submissions. Baselines are the organizers' reference points and are all
 * kept.
 */
import { rankBoard, type RankOptions } from "./rank-board";
import type { BoardEntry, RankedEntry, TrackRules } from "./types";

export function teamBestStandings(
  entries: readonly BoardEntry[],
  track: TrackRules,
  options: RankOptions = {},
): RankedEntry[] {
  const seenTeams = new Set<string>();
  const chosen: BoardEntry[] = [];
  for (const { entry } of rankBoard(entries, track, options)) {
    if (entry.isBaseline) {
      chosen.push(entry);
      continue;
    }
    if (seenTeams.has(entry.teamId)) continue;
    seenTeams.add(entry.teamId);
    chosen.push(entry);
  }
  return rankBoard(chosen, track, options);
}
