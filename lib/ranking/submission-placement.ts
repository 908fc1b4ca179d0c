/**
 * Where one submission placed on a board, for its team's submission page: its rank among each team's best (the
 * board's default view) and among every submission, or why it is not ranked, in words. Pure: the data layer
 * hands in the standings it already computed for the board (lib/data/leaderboards.ts).
 */
import { formatQualityPercent, metricTitle } from "../format/metric-names";
import type { RankedEntry, TrackRules } from "./types";

export interface Placement {
  /** Rank among every submission; null when not ranked. */
  rank: number | null;
  /** How many entries are ranked on the board in that view. */
  rankedCount: number;
  tied: boolean;
  /** Rank among each team's best, when this submission is its team's best; null otherwise. */
  teamBestRank: number | null;
  teamCount: number;
  /** Why it is not ranked (below the quality bar, energy of the other kind, moderated…); null when ranked. */
  unrankedReason: string | null;
  /** Whether the board lists it at all (an organizer's hidden or disqualified entry is not on the public one). */
  onBoard: boolean;
}

export function placementOf(
  everySubmission: readonly RankedEntry[],
  teamBest: readonly RankedEntry[],
  submissionId: string,
  rules: TrackRules,
): Placement {
  const rankedCount = everySubmission.filter((row) => row.section === "ranked").length;
  const teamCount = teamBest.filter((row) => row.section === "ranked").length;
  const row = everySubmission.find((candidate) => candidate.entry.submissionId === submissionId);
  if (!row)
    return {
      rank: null,
      rankedCount,
      tied: false,
      teamBestRank: null,
      teamCount,
      unrankedReason: null,
      onBoard: false,
    };
  const best = teamBest.find((candidate) => candidate.entry.submissionId === submissionId);
  return {
    rank: row.section === "ranked" ? row.rank : null,
    rankedCount,
    tied: row.tiedCount > 0,
    teamBestRank: best?.section === "ranked" ? best.rank : null,
    teamCount,
    unrankedReason: row.section === "ranked" ? null : reasonInWords(row, rules),
    onBoard: true,
  };
}

function reasonInWords(row: RankedEntry, rules: TrackRules): string {
  if (row.section === "below-threshold" && rules.qualityThreshold !== null) {
    return `Below the quality bar: ${metricTitle(rules.qualityMetric)} ${formatQualityPercent(row.entry.quality)}, and this track ranks ${formatQualityPercent(rules.qualityThreshold)} or more.`;
  }
  return row.unrankedReason ?? "Not ranked on this board.";
}
