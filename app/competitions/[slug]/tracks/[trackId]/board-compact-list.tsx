/**
 * The ranking on a narrow screen: one line per entry with rank, model (and team), the track's metric and energy,
 * in the column's one prefix; under a visitor's own view, its figure (composite score, lifetime energy) under the
 * model. The full table, with every column, is for wider screens.
 */
import Link from "next/link";
import { ENERGY_DISPLAY_UNIT } from "@/lib/format/energy-display";
import { formatQualityPercent, metricTitle } from "@/lib/format/metric-names";
import { formatScaled, formatSi, formatSignificant } from "@/lib/format/si-quantity";
import { whPerThousand, type ColumnPrefixes } from "@/lib/ranking/columns";
import type { RankedEntry, TrackRules } from "@/lib/ranking/types";
import type { RankBy } from "./board-table";

interface BoardCompactListProps {
  rows: RankedEntry[];
  rules: TrackRules;
  prefixes: ColumnPrefixes;
  rankBy: RankBy;
}

export function BoardCompactList({ rows, rules, prefixes, rankBy }: BoardCompactListProps) {
  const unit = `${prefixes.energyWhPerThousand.symbol}${ENERGY_DISPLAY_UNIT}`;
  return (
    <div className="md:hidden" data-testid="board-compact">
      <div
        className="grid grid-cols-[2.5rem_1fr_4rem_4.5rem] gap-x-2 border-b border-stone-300 pb-1 text-xs font-semibold text-stone-700 dark:border-stone-600 dark:text-stone-200"
        aria-hidden="true"
      >
        <span>Rank</span>
        <span>Model</span>
        <span className="text-right">{metricTitle(rules.qualityMetric)}</span>
        <span className="text-right">{unit} / 1k</span>
      </div>
      <ol
        className="divide-y divide-stone-200 dark:divide-stone-700"
        aria-label={`Ranking: rank, model, ${metricTitle(rules.qualityMetric)}, energy in ${unit} per 1,000 inferences (${rules.rankedEnergyKind})`}
      >
        {rows.map((row) => (
          <li
            key={row.entry.submissionId}
            className="grid grid-cols-[2.5rem_1fr_4rem_4.5rem] items-baseline gap-x-2 py-2 text-sm"
            data-testid="board-compact-row"
            data-section={row.section}
          >
            <span className="font-bold tabular-nums">
              {row.section === "ranked" ? (row.tiedCount > 0 ? `=${row.rank}` : row.rank) : "—"}
            </span>
            <span className="min-w-0">
              <Link
                href={`/models/${row.entry.submissionId}`}
                className="block truncate text-leaf-700 underline dark:text-leaf-300"
                title={row.entry.modelName}
              >
                {row.entry.modelName}
              </Link>
              <span className="block truncate text-xs text-stone-600 dark:text-stone-300">
                {row.entry.teamName}
                {row.section !== "ranked"
                  ? ` · ${row.section === "below-threshold" ? "below the bar" : "unranked"}`
                  : ""}
                {viewFigure(row, rankBy)}
              </span>
            </span>
            <span className="text-right tabular-nums">{formatQualityPercent(row.entry.quality)}</span>
            <span className="text-right tabular-nums">
              {formatScaled(whPerThousand(row.entry), { prefix: prefixes.energyWhPerThousand })}
            </span>
          </li>
        ))}
      </ol>
      <p className="mt-1 text-xs text-stone-700 dark:text-stone-300">
        Energy: {rules.rankedEnergyKind}, {unit} per 1,000 inferences. The full table, with every column, is on a wider
        screen.
      </p>
    </div>
  );
}

function viewFigure(row: RankedEntry, rankBy: RankBy): string {
  if (rankBy === "track" || row.rankingValue === undefined) return "";
  return rankBy === "composite"
    ? ` · score ${formatSignificant(row.rankingValue)}`
    : ` · lifetime ${formatSi(row.rankingValue * 1000, "Wh")}`;
}
