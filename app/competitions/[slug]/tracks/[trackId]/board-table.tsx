"use client";
/**
 * The board's table: sortable by every column (headers are buttons, aria-sort says the order), the best of each
 * column marked, ties and unranked entries explained in the row. Fed by the same standings as the charts.
 */
import Link from "next/link";
import { EnergyBadge } from "@/app/components/leaderboard/energy-badge";
import { formatBytes, formatDate, formatInterval, formatNumber, formatPercent, MISSING } from "@/app/components/leaderboard/format";
import { Stars } from "@/app/components/leaderboard/stars";
import { robustnessGap, whPerThousand, whPerThousandCorrect, type ColumnKey } from "@/lib/ranking/columns";
import { breakEven, lifetimeCost, type DeploymentAssumptions } from "@/lib/ranking/lifetime";
import { starsFor, type StarBand } from "@/lib/ranking/star-bands";
import type { BoardEntry, RankedEntry } from "@/lib/ranking/types";
import { BenchmarkCells, BenchmarkHeaders, type BenchmarkColumnTask } from "./benchmark-columns";

export type SortState = { key: ColumnKey; direction: "ascending" | "descending" };

interface BoardTableProps {
  rows: RankedEntry[];
  /** The best value of each column over every row of the board (not only the rows shown). */
  best: Partial<Record<ColumnKey, number>>;
  sort: SortState;
  /** False while the board's entries are loading: sorting the first rows alone would mislead. */
  sortable: boolean;
  onSort: (key: ColumnKey) => void;
  rankedEnergyKind: string;
  starBands: StarBand[];
  showOutOfDomain: boolean;
  /** A multi-task track's tasks (empty for a single task): their columns follow the track's own. */
  benchmarkTasks: BenchmarkColumnTask[];
  lifetime: DeploymentAssumptions | null;
  baseline: BoardEntry | null;
}

const HEADERS: { key: ColumnKey; label: string; title?: string }[] = [
  { key: "rank", label: "Rank" },
  { key: "team", label: "Team" },
  { key: "model", label: "Model" },
  { key: "quality", label: "Quality" },
  { key: "qualityOutOfDomain", label: "OOD", title: "Quality on the out-of-domain split" },
  { key: "robustnessGap", label: "Gap", title: "In-domain minus out-of-domain quality" },
  { key: "energyWhPerThousand", label: "Wh / 1k", title: "Energy per 1,000 inferences, with its interval" },
  { key: "energyWhPerThousandCorrect", label: "Wh / 1k correct", title: "Energy per 1,000 correct answers" },
  { key: "carbonGramsPerThousand", label: "gCO2e / 1k" },
  { key: "latencyP50Ms", label: "p50 ms" },
  { key: "latencyP90Ms", label: "p90 ms" },
  { key: "throughputPerSecond", label: "Per second", title: "Throughput, examples per second" },
  { key: "peakMemoryMb", label: "Peak memory" },
  { key: "parameters", label: "Params" },
  { key: "sparsity", label: "Sparsity" },
  { key: "weightPrecision", label: "Precision" },
  { key: "fileSizeKb", label: "File" },
  { key: "macsPerExample", label: "MACs" },
  { key: "submittedAt", label: "Date" },
];

export function BoardTable(props: BoardTableProps) {
  const headers = HEADERS.filter((header) => props.showOutOfDomain || (header.key !== "qualityOutOfDomain" && header.key !== "robustnessGap"));
  return (
    // relative: the cells' screen-reader-only text is absolutely positioned; without a positioned ancestor it would
    // escape this scroll box and widen the page on a phone.
    <div className="relative w-full max-w-full min-w-0 overflow-x-auto rounded border border-stone-200 dark:border-stone-700" tabIndex={0} role="region" aria-label="Leaderboard table, scrolls sideways">
      <table className="w-full min-w-max text-left text-sm" data-testid="board-table">
        <caption className="sr-only">Leaderboard; column headers sort the table.</caption>
        <thead className="bg-stone-100 text-xs text-stone-700 dark:bg-stone-800 dark:text-stone-200">
          <tr>
            {headers.map((header) => (
              <th key={header.key} scope="col" className="px-2 py-2" aria-sort={props.sort.key === header.key ? props.sort.direction : undefined}>
                <button type="button" className="font-semibold hover:underline focus-visible:outline-2 focus-visible:outline-leaf-700" title={header.title} disabled={!props.sortable} onClick={() => props.onSort(header.key)}>
                  {header.label}
                  {props.sort.key === header.key ? (props.sort.direction === "ascending" ? " ▲" : " ▼") : ""}
                </button>
              </th>
            ))}
            <BenchmarkHeaders tasks={props.benchmarkTasks} />
            <th scope="col" className="px-2 py-2">Energy rating</th>
            {props.lifetime ? (
              <>
                <th scope="col" className="px-2 py-2">Lifetime kWh</th>
                <th scope="col" className="px-2 py-2">Lifetime kg CO2e</th>
                <th scope="col" className="px-2 py-2">Repays training vs baseline</th>
              </>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <BoardRow key={row.entry.submissionId} row={row} headers={headers} {...props} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BoardRow({ row, best, headers, starBands, lifetime, baseline, rankedEnergyKind, benchmarkTasks }: { row: RankedEntry; headers: typeof HEADERS } & BoardTableProps) {
  const { entry } = row;
  const mark = (key: ColumnKey, value: number | null) =>
    value !== null && best[key] !== undefined && row.section === "ranked" && Math.abs(value - best[key]!) <= Math.abs(best[key]!) * 1e-12 ? (
      <span className="ml-1 rounded bg-leaf-50 px-1 text-[10px] font-bold text-leaf-900 dark:bg-leaf-900 dark:text-leaf-50" title="Best in this column">
        best
      </span>
    ) : null;
  const cells: Record<ColumnKey, React.ReactNode> = {
    rank: <RankCell row={row} />,
    team: entry.teamName,
    model: (
      <Link href={`/models/${entry.submissionId}`} className="text-leaf-700 underline dark:text-leaf-300">
        {entry.modelName}
        {entry.isBaseline ? <span className="ml-1 rounded bg-stone-200 px-1 text-[10px] text-stone-800 dark:bg-stone-700 dark:text-stone-100">baseline</span> : null}
      </Link>
    ),
    quality: <>{formatPercent(entry.quality)}{mark("quality", entry.quality)}</>,
    qualityOutOfDomain: <>{formatPercent(entry.qualityOutOfDomain)}{mark("qualityOutOfDomain", entry.qualityOutOfDomain)}</>,
    robustnessGap: <>{formatPercent(robustnessGap(entry))}{mark("robustnessGap", robustnessGap(entry))}</>,
    energyWhPerThousand: (
      <span className="whitespace-nowrap">
        {formatNumber(whPerThousand(entry))}
        {mark("energyWhPerThousand", whPerThousand(entry))}
        <EnergyBadge method={entry.energyMethod} kind={entry.energyKind} />
        {entry.noisy ? <span className="ml-1 text-xs font-semibold text-red-800 dark:text-red-300" title="Still noisy after re-measuring: wide interval">noisy</span> : null}
        <span className="block text-[11px] text-stone-600 dark:text-stone-300">{formatInterval(entry.energyInterval, 1000 / 3600)}</span>
      </span>
    ),
    energyWhPerThousandCorrect: <>{formatNumber(whPerThousandCorrect(entry))}{mark("energyWhPerThousandCorrect", whPerThousandCorrect(entry))}</>,
    carbonGramsPerThousand: <>{formatNumber(entry.carbonGramsPerThousand)}{mark("carbonGramsPerThousand", entry.carbonGramsPerThousand)}</>,
    latencyP50Ms: (
      <span className="whitespace-nowrap">
        {formatNumber(entry.latencyP50Ms)}
        {mark("latencyP50Ms", entry.latencyP50Ms)}
        <span className="block text-[11px] text-stone-600 dark:text-stone-300">{formatInterval(entry.latencyP50Interval)}</span>
      </span>
    ),
    latencyP90Ms: (
      <span className="whitespace-nowrap">
        {formatNumber(entry.latencyP90Ms)}
        {mark("latencyP90Ms", entry.latencyP90Ms)}
        <span className="block text-[11px] text-stone-600 dark:text-stone-300">{formatInterval(entry.latencyP90Interval)}</span>
      </span>
    ),
    throughputPerSecond: <>{formatNumber(entry.throughputPerSecond)}{mark("throughputPerSecond", entry.throughputPerSecond)}</>,
    peakMemoryMb: formatBytes(entry.peakMemoryBytes),
    parameters: <>{formatNumber(entry.parameters)}{mark("parameters", entry.parameters)}</>,
    sparsity: formatPercent(entry.sparsity, 0),
    weightPrecision: entry.weightPrecision ?? MISSING,
    fileSizeKb: formatBytes(entry.fileSizeBytes),
    macsPerExample: formatNumber(entry.macsPerExample),
    submittedAt: formatDate(entry.submittedAt),
  };
  const energy = entry.energyJoulesPerInference;
  const cost = lifetime && energy !== null ? lifetimeCost(energy, entry.trainingEnergyKwh, lifetime) : null;
  const sameKind = rankedEnergyKind;
  return (
    <tr className={`border-t border-stone-200 align-top dark:border-stone-700 ${row.section === "ranked" ? "" : "bg-stone-50 text-stone-700 dark:bg-stone-900 dark:text-stone-300"}`} data-testid="board-row" data-section={row.section}>
      {headers.map((header) => (
        <td key={header.key} className="px-2 py-2">
          {cells[header.key]}
        </td>
      ))}
      <BenchmarkCells entry={entry} tasks={benchmarkTasks} />
      <td className="px-2 py-2">
        <Stars stars={starsFor(energy, starBands)} />
        <span className="sr-only"> ({sameKind} energy bands)</span>
      </td>
      {lifetime ? (
        <>
          <td className="px-2 py-2">{cost ? formatNumber(cost.totalKwh) : MISSING}{cost && cost.trainingKwh === null ? <span className="block text-[11px]">training not declared</span> : null}</td>
          <td className="px-2 py-2">{cost ? formatNumber(cost.carbonKg) : MISSING}</td>
          <td className="px-2 py-2">{describeBreakEven(entry, baseline, lifetime)}</td>
        </>
      ) : null}
    </tr>
  );
}

function RankCell({ row }: { row: RankedEntry }) {
  if (row.section !== "ranked") {
    return (
      <span className="text-xs" data-testid="unranked-reason">
        <span className="font-semibold">{row.section === "below-threshold" ? "below threshold" : "unranked"}</span>
        <span className="block max-w-48 whitespace-normal">{row.unrankedReason}</span>
      </span>
    );
  }
  return (
    <span data-testid="rank">
      <span className="font-bold">{row.tiedCount > 0 ? `=${row.rank}` : row.rank}</span>
      {row.tieReason ? <span className="block max-w-48 whitespace-normal text-[11px]" data-testid="tie-reason">{row.tieReason}</span> : null}
    </span>
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
      return `after ${formatNumber(result.queries)} queries (${formatNumber(result.days)} days)`;
    case "never":
      return `never: ${result.reason}`;
    case "unknown":
      return `unknown: ${result.reason}`;
  }
}
