"use client";
/**
 * The board's table: rank and model first and sticky (a row stays matched to its model when the table scrolls
 * sideways), then the figure of the visitor's view (composite score, lifetime energy), then the chosen columns
 * (board-column-set.ts), stars last. Headers are sort buttons (aria-sort says the order); the best of each column is
 * marked; shared ranks read "=2" and one note under the table says why. Fed by the same standings as the charts.
 */
import { EnergyBadge } from "@/app/components/leaderboard/energy-badge";
import { Stars } from "@/app/components/leaderboard/stars";
import { BenchmarkCells, BenchmarkHeaders, type BenchmarkColumnTask } from "./benchmark-columns";
import { formatSi, formatSignificant, MISSING_FIGURE } from "@/lib/format/si-quantity";
import { breakEven, lifetimeCost, type DeploymentAssumptions } from "@/lib/ranking/lifetime";
import type { ColumnKey, ColumnPrefixes } from "@/lib/ranking/columns";
import { starsForRow, type StarBand } from "@/lib/ranking/star-bands";
import type { BoardEntry, RankedEntry, TrackRules } from "@/lib/ranking/types";
import { BoardCell, ModelCell, RankCell, TIE_NOTE_ID } from "./board-cells";
import { columnHeader } from "./board-headers";
import { plainFigure } from "./board-figures";

export type SortState = { key: ColumnKey; direction: "ascending" | "descending" };
export type RankBy = "track" | "composite" | "lifetime";

export interface BoardTableProps {
  rows: RankedEntry[];
  /** The best value of each column over every row of the board (not only the rows shown). */
  best: Partial<Record<ColumnKey, number>>;
  sort: SortState;
  /** False while the board's entries are loading: sorting the first rows alone would mislead. */
  sortable: boolean;
  onSort: (key: ColumnKey) => void;
  rules: TrackRules;
  starBands: StarBand[];
  /** The chosen columns between model and stars, in the table's order. */
  columns: ColumnKey[];
  prefixes: ColumnPrefixes;
  rankBy: RankBy;
  lifetime: DeploymentAssumptions | null;
  baseline: BoardEntry | null;
  /** A multi-task track's tasks (empty for a single task): the benchmark energy and one column per task follow the chosen columns. */
  benchmarkTasks: BenchmarkColumnTask[];
}

// Sticky cells need an opaque background (the row's); rank is a fixed 5rem ("below bar" fits) so the model column
// can stick right beside it.
const STICKY_RANK = "sticky left-0 z-10 w-20 min-w-20 max-w-20 bg-inherit";
const STICKY_MODEL =
  "sticky left-20 z-10 bg-inherit shadow-[1px_0_0_0_var(--color-stone-300)] dark:shadow-[1px_0_0_0_var(--color-stone-700)]";

export function BoardTable(props: BoardTableProps) {
  const { rows, columns, sort, rules, rankBy } = props;
  const tieReasons = [
    ...new Set(rows.map((row) => row.tieReason).filter((reason): reason is string => reason !== null)),
  ];
  const sortButton = (key: ColumnKey, content: React.ReactNode, title?: string) => (
    <button
      type="button"
      className="text-left font-semibold hover:underline"
      title={title}
      disabled={!props.sortable}
      onClick={() => props.onSort(key)}
    >
      {content}
      {sort.key === key ? (sort.direction === "ascending" ? " ▲" : " ▼") : ""}
    </button>
  );
  return (
    <div>
      {/* relative: the cells' screen-reader-only text is absolutely positioned; without a positioned ancestor it
          would escape this scroll box and widen the page. */}
      <div
        className="relative w-full max-w-full min-w-0 overflow-x-auto rounded border border-stone-200 dark:border-stone-700"
        tabIndex={0}
        role="region"
        aria-label="Leaderboard table, scrolls sideways"
      >
        <table className="w-full text-left text-sm" data-testid="board-table">
          <caption className="sr-only">Leaderboard; column headers sort the table.</caption>
          <thead className="align-bottom text-xs text-stone-700 dark:text-stone-200">
            {/* The row holds the background: the sticky header cells inherit it. */}
            <tr className="bg-stone-100 dark:bg-stone-800">
              <th
                scope="col"
                className={`${STICKY_RANK} px-2 py-2`}
                aria-sort={sort.key === "rank" ? sort.direction : undefined}
              >
                {sortButton("rank", "Rank")}
              </th>
              <th
                scope="col"
                className={`${STICKY_MODEL} px-2 py-2`}
                aria-sort={sort.key === "model" ? sort.direction : undefined}
              >
                {sortButton("model", "Model")}
              </th>
              {rankBy === "composite" ? (
                <th scope="col" className="px-2 py-2" data-testid="view-figure-header">
                  Composite score <span className="block font-normal">0 to 1, higher is better</span>
                </th>
              ) : null}
              {rankBy === "lifetime" ? (
                <th scope="col" className="px-2 py-2" data-testid="view-figure-header">
                  Lifetime energy <span className="block font-normal">your deployment, training included</span>
                </th>
              ) : null}
              {columns.map((key) => {
                const header = columnHeader(key, rules, props.prefixes);
                return (
                  <th
                    key={key}
                    scope="col"
                    className="px-2 py-2"
                    aria-sort={sort.key === key ? sort.direction : undefined}
                    data-column={key}
                  >
                    {sortButton(key, header.label, header.title)}
                  </th>
                );
              })}
              <BenchmarkHeaders tasks={props.benchmarkTasks} />
              <th scope="col" className="px-2 py-2">
                Energy rating
              </th>
              {props.lifetime ? (
                <>
                  <th scope="col" className="px-2 py-2">
                    Lifetime CO2e
                  </th>
                  <th scope="col" className="px-2 py-2">
                    Repays training vs baseline
                  </th>
                </>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <BoardRow key={row.entry.submissionId} row={row} {...props} />
            ))}
          </tbody>
        </table>
      </div>
      {tieReasons.length > 0 ? (
        <p id={TIE_NOTE_ID} className="mt-2 text-xs text-stone-700 dark:text-stone-300" data-testid="tie-note">
          <strong>“=”</strong> marks a shared rank: {tieReasons.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

function BoardRow({
  row,
  best,
  columns,
  starBands,
  lifetime,
  baseline,
  rules,
  prefixes,
  rankBy,
  benchmarkTasks,
}: { row: RankedEntry } & BoardTableProps) {
  const { entry } = row;
  const energy = entry.energyJoulesPerInference;
  const cost = lifetime && energy !== null ? lifetimeCost(energy, entry.trainingEnergyKwh, lifetime) : null;
  const shade =
    row.section === "ranked"
      ? "bg-white dark:bg-stone-950"
      : "bg-stone-50 text-stone-700 dark:bg-stone-900 dark:text-stone-300";
  return (
    <tr
      className={`border-t border-stone-200 align-top dark:border-stone-700 ${shade}`}
      data-testid="board-row"
      data-section={row.section}
    >
      <td className={`${STICKY_RANK} px-2 py-2`}>
        <RankCell row={row} />
      </td>
      <td className={`${STICKY_MODEL} px-2 py-2`}>
        <ModelCell row={row} />
      </td>
      {rankBy === "composite" ? (
        <td className="px-2 py-2 font-semibold tabular-nums" data-testid="view-figure">
          {row.rankingValue === undefined ? MISSING_FIGURE : formatSignificant(row.rankingValue)}
        </td>
      ) : null}
      {rankBy === "lifetime" ? (
        <td className="px-2 py-2 font-semibold whitespace-nowrap tabular-nums" data-testid="view-figure">
          {cost ? formatSi(cost.totalKwh * 1000, "Wh") : MISSING_FIGURE}
          {cost && cost.trainingKwh === null ? (
            <span className="block text-[11px] font-normal">training not declared</span>
          ) : null}
        </td>
      ) : null}
      {columns.map((key) => (
        <td key={key} className="px-2 py-2 whitespace-nowrap tabular-nums" data-column={key}>
          <BoardCell column={key} row={row} best={best} prefixes={prefixes} />
          {key === "energyWhPerThousand" && entry.energyKind !== null && entry.energyKind !== rules.rankedEnergyKind ? (
            <EnergyBadge method={entry.energyMethod} kind={entry.energyKind} />
          ) : null}
        </td>
      ))}
      <BenchmarkCells entry={entry} tasks={benchmarkTasks} />
      <td className="px-2 py-2">
        <Stars stars={starsForRow(row, starBands, rules.rankedEnergyKind)} unranked={row.section !== "ranked"} />
      </td>
      {lifetime ? (
        <>
          <td className="px-2 py-2 whitespace-nowrap tabular-nums">
            {cost ? formatSi(cost.carbonKg * 1000, "g") : MISSING_FIGURE}
          </td>
          {/* Its sentence reads on a few lines, not one word per line (which made every row a screen tall). */}
          <td className="min-w-72 px-2 py-2 text-xs">{describeBreakEven(entry, baseline, lifetime)}</td>
        </>
      ) : null}
    </tr>
  );
}

function describeBreakEven(entry: BoardEntry, baseline: BoardEntry | null, lifetime: DeploymentAssumptions): string {
  if (!baseline) return "no baseline on this track";
  if (baseline.submissionId === entry.submissionId) return "is the baseline";
  const result = breakEven(
    { joulesPerInference: entry.energyJoulesPerInference, trainingKwh: entry.trainingEnergyKwh },
    { joulesPerInference: baseline.energyJoulesPerInference, trainingKwh: baseline.trainingEnergyKwh },
    lifetime.queriesPerDay,
  );
  switch (result.kind) {
    case "immediately":
      return "from the first query";
    case "after":
      return `after ${formatSi(result.queries, "").trim()} queries (${plainFigure(result.days)} days)`;
    case "never":
      return `never: ${result.reason}`;
    case "unknown":
      return `unknown: ${result.reason}`;
  }
}
