/**
 * The top of a board in four columns (rank, model and team, the track's metric, energy): small enough for a
 * phone, used by the home page's flagship board and the competition page's track previews.
 */
import Link from "next/link";
import { ENERGY_DISPLAY_UNIT, whPerThousandFromJoulesPerInference } from "@/lib/format/energy-display";
import { formatScaled, sharedPrefixFor } from "@/lib/format/si-quantity";
import { formatQualityPercent, metricTitle } from "@/lib/format/metric-names";
import type { RankedEntry } from "@/lib/ranking/types";

export function TopEntriesTable({
  rows,
  qualityMetric,
  caption,
}: {
  rows: readonly RankedEntry[];
  qualityMetric: string;
  caption: string;
}) {
  if (rows.length === 0) return <p className="text-sm text-stone-600 dark:text-stone-400">No ranked entry yet.</p>;
  // As on the board: one prefix for the energy column, named in its header.
  const whOf = (joules: number | null) => (joules === null ? null : whPerThousandFromJoulesPerInference(joules));
  const prefix = sharedPrefixFor(rows.map((row) => whOf(row.entry.energyJoulesPerInference)));
  return (
    <table className="w-full table-fixed text-left text-sm" data-testid="top-entries">
      <caption className="sr-only">{caption}</caption>
      <thead className="border-b border-stone-300 text-stone-600 dark:border-stone-600 dark:text-stone-400">
        <tr>
          <th scope="col" className="w-12 py-1">
            Rank
          </th>
          <th scope="col" className="py-1">
            Model
          </th>
          <th scope="col" className="w-24 py-1 text-right">
            {metricTitle(qualityMetric)}
          </th>
          <th scope="col" className="w-32 py-1 text-right" title="Energy per 1,000 inferences">
            {prefix.symbol}
            {ENERGY_DISPLAY_UNIT} / 1,000
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.entry.submissionId} className="border-b border-stone-200 dark:border-stone-700">
            <td className="py-1 tabular-nums">{row.tiedCount > 0 ? `=${row.rank}` : row.rank}</td>
            <td className="truncate py-1" title={`${row.entry.modelName} by ${row.entry.teamName}`}>
              <Link
                href={`/models/${row.entry.submissionId}`}
                className="font-medium text-leaf-700 underline dark:text-leaf-300"
              >
                {row.entry.modelName}
              </Link>{" "}
              <span className="text-stone-600 dark:text-stone-400">{row.entry.teamName}</span>
            </td>
            <td className="py-1 text-right tabular-nums">{formatQualityPercent(row.entry.quality)}</td>
            <td className="py-1 text-right tabular-nums">
              {formatScaled(whOf(row.entry.energyJoulesPerInference), { prefix })}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
