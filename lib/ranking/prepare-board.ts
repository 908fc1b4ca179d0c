/**
 * What a board shows for a scope, from every entry the viewer may see: each team's best (the default) or every
 * submission (capped, so a board of 100,000 submissions stays a page; the CSV export has them all), the track's
 * star bands (from ranked entries only) and its reference baseline. Pure; shared by the page, the JSON and CSV exports and the badge.
 */
import { rankBoard } from "./rank-board";
import { starBands, type StarBand } from "./star-bands";
import { teamBestStandings } from "./team-best";
import type { BoardEntry, RankedEntry, TrackRules } from "./types";

export type BoardScope = "team-best" | "all";

/**
 * Rows the page renders at first (and adds per "show more"): a board of hundreds of teams stays a page that
 * renders quickly on a phone and on the server, while every entry still takes part in the ranking and the charts.
 */
export const BOARD_ROWS_PER_STEP = 25;

/** Rows a page renders at most in the "every submission" view. */
export const ALL_SUBMISSIONS_PAGE_LIMIT = 1000;

export interface PreparedBoard {
  standings: RankedEntry[];
  /** Entries shown, in standing order (what the page re-ranks in the browser). */
  shown: BoardEntry[];
  /** How many entries there were before the cap. */
  totalEntries: number;
  truncated: boolean;
  starBands: StarBand[];
  /** The track's reference for break-even: its best-ranked baseline, else none. */
  baseline: BoardEntry | null;
}

export function prepareBoard(
  entries: readonly BoardEntry[],
  rules: TrackRules,
  scope: BoardScope,
  limit = ALL_SUBMISSIONS_PAGE_LIMIT,
): PreparedBoard {
  const full = scope === "team-best" ? teamBestStandings(entries, rules) : rankBoard(entries, rules);
  const truncated = scope === "all" && full.length > limit;
  const standings = truncated ? full.slice(0, limit) : full;
  // Bands over every ranked entry of the ranked kind among all submissions, so a team's star does not depend on
  // the view, and an unranked entry (below the quality bar, say) neither gets stars nor stretches the bands.
  const everySubmission = scope === "all" ? full : rankBoard(entries, rules);
  const bands = starBands(
    everySubmission
      .filter((row) => row.section === "ranked" && row.entry.energyKind === rules.rankedEnergyKind)
      .flatMap((row) => (row.entry.energyJoulesPerInference === null ? [] : [row.entry.energyJoulesPerInference])),
  );
  const baseline = full.find((row) => row.entry.isBaseline && row.section !== "unranked")?.entry ?? null;
  return {
    standings,
    shown: standings.map((row) => row.entry),
    totalEntries: full.length,
    truncated,
    starBands: bands,
    baseline,
  };
}
