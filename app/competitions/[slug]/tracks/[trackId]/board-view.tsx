"use client";
/**
 * The interactive board: what to rank by (the track's rule, a composite with the visitor's weights, or lifetime
 * cost for the visitor's deployment), re-ranked in the browser with the same pure functions the server uses
 * (lib/ranking), then the table and the charts from those standings.
 *
 * The server renders the first rows as the track ranks them; every entry (which the re-ranking and the charts
 * need) is fetched once the page is up, from entries.json beside it. A board of 10,000 submissions thus answers
 * with a page of fifty rows instead of carrying all its entries in the HTML.
 *
 * On a narrow screen the ranking comes first as a compact list (board-compact-list.tsx); from 768 px the table.
 */
import { useEffect, useMemo, useState } from "react";
import { bestOfColumns, columnPrefixes, sortRows, type ColumnKey, type ColumnPrefixes } from "@/lib/ranking/columns";
import {
  COMPOSITE_METRICS,
  DEFAULT_COMPOSITE_WEIGHTS,
  type CompositeMetric,
  type CompositeWeights,
} from "@/lib/ranking/composite";
import { DEFAULT_DEPLOYMENT, type DeploymentAssumptions } from "@/lib/ranking/lifetime";
import { rankBoard } from "@/lib/ranking/rank-board";
import type { StarBand } from "@/lib/ranking/star-bands";
import type { BoardEntry, RankedEntry, TrackRules } from "@/lib/ranking/types";
import type { BenchmarkColumnTask } from "./benchmark-columns";
import { BoardCharts } from "./board-charts";
import { BoardCompactList } from "./board-compact-list";
import { BoardTable, type RankBy, type SortState } from "./board-table";
import { ColumnChooser } from "./column-chooser";

export type { RankBy };

interface BoardViewProps {
  /** The first rows under the track's rule, rendered by the server. */
  initialRows: RankedEntry[];
  /** How many rows the board has in all. */
  totalRows: number;
  /** The best of each column over the whole board, so the first rows carry the right marks before the rest loads. */
  initialBest: Partial<Record<ColumnKey, number>>;
  /** Where the board's entries are (same authorization as the page: the viewer's own session). */
  entriesUrl: string;
  rowsPerStep: number;
  rules: TrackRules;
  starBands: StarBand[];
  baseline: BoardEntry | null;
  /** The columns a visitor can choose from (the out-of-domain ones only where the task has that split). */
  availableColumns: ColumnKey[];
  /** The chosen columns, from the address (?cols=). */
  initialColumns: ColumnKey[];
  /** Each energy column's SI prefix over the whole board, so the first rows print as the rest will. */
  initialPrefixes: ColumnPrefixes;
  /** The signed-in viewer's teams, whose entries the charts mark; empty for a visitor. */
  viewerTeamIds: string[];
  /** A multi-task track's tasks: the benchmark energy and one column per task. */
  benchmarkTasks?: BenchmarkColumnTask[];
}

type EntriesState =
  | { state: "loading" }
  | { state: "loaded"; entries: BoardEntry[] }
  | { state: "failed"; message: string };

function useBoardEntries(url: string): EntriesState {
  const [entries, setEntries] = useState<EntriesState>({ state: "loading" });
  useEffect(() => {
    const abort = new AbortController();
    fetch(url, { signal: abort.signal, credentials: "same-origin" })
      .then(async (response) => {
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        setEntries({ state: "loaded", entries: (await response.json()) as BoardEntry[] });
      })
      .catch((error: unknown) => {
        if (!abort.signal.aborted)
          setEntries({ state: "failed", message: error instanceof Error ? error.message : String(error) });
      });
    return () => abort.abort();
  }, [url]);
  return entries;
}

export function BoardView(props: BoardViewProps) {
  const {
    initialRows,
    totalRows,
    initialBest,
    entriesUrl,
    rowsPerStep,
    rules,
    starBands,
    baseline,
    availableColumns,
    initialPrefixes,
  } = props;
  const [rankBy, setRankBy] = useState<RankBy>(rules.rule === "composite" ? "composite" : "track");
  const [weights, setWeights] = useState<CompositeWeights>(DEFAULT_COMPOSITE_WEIGHTS);
  const [deployment, setDeployment] = useState<DeploymentAssumptions>(DEFAULT_DEPLOYMENT);
  const [sort, setSort] = useState<SortState>({ key: "rank", direction: "ascending" });
  const [visibleRows, setVisibleRows] = useState(rowsPerStep);
  const [columns, setColumns] = useState<ColumnKey[]>(props.initialColumns);
  const loaded = useBoardEntries(entriesUrl);
  const entries = loaded.state === "loaded" ? loaded.entries : null;

  const standings = useMemo(() => {
    if (!entries) return initialRows;
    if (rankBy === "composite")
      return rankBoard(entries, { ...rules, rule: "composite" }, { compositeWeights: weights });
    if (rankBy === "lifetime") return rankBoard(entries, rules, { lifetime: deployment });
    return rankBoard(entries, rules);
  }, [entries, initialRows, rules, rankBy, weights, deployment]);
  const best = useMemo(
    () => (entries ? bestOfColumns(standings, rules.rankedEnergyKind) : initialBest),
    [entries, standings, initialBest, rules.rankedEnergyKind],
  );
  // Sorted by rank, the board keeps its sections (ranked, below threshold, unranked) in order.
  const rows = useMemo(
    () =>
      sort.key === "rank" && sort.direction === "ascending" ? standings : sortRows(standings, sort.key, sort.direction),
    [standings, sort],
  );
  const rowCount = entries ? rows.length : totalRows;
  const prefixes = useMemo(() => (entries ? columnPrefixes(entries) : initialPrefixes), [entries, initialPrefixes]);
  const shown = rows.slice(0, visibleRows);

  const onSort = (key: ColumnKey) =>
    setSort((current) => ({
      key,
      direction: current.key === key && current.direction === "ascending" ? "descending" : "ascending",
    }));

  return (
    <div className="flex min-w-0 max-w-full flex-col gap-6" aria-busy={loaded.state === "loading"}>
      <BoardCompactList rows={shown} rules={rules} prefixes={prefixes} rankBy={rankBy} />
      <fieldset
        className="min-w-0 space-y-3 rounded border border-stone-200 p-3 dark:border-stone-700"
        disabled={!entries}
      >
        <legend className="px-1 text-sm font-semibold">Rank by</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          {(
            [
              ["track", "The track's rule"],
              ["composite", "Composite score (your weights)"],
              ["lifetime", "Lifetime energy (your deployment)"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex items-center gap-2">
              <input
                type="radio"
                name="rank-by"
                value={value}
                checked={rankBy === value}
                onChange={() => setRankBy(value)}
              />
              {label}
            </label>
          ))}
        </div>
        {rankBy === "composite" ? <WeightControls weights={weights} onChange={setWeights} /> : null}
        {rankBy === "lifetime" ? <DeploymentControls deployment={deployment} onChange={setDeployment} /> : null}
      </fieldset>
      {loaded.state === "failed" ? (
        <p role="alert" className="text-sm">
          The board&apos;s entries could not be loaded ({loaded.message}), so it cannot be re-ranked or charted; the
          first {initialRows.length} rows below are as the track ranks them. Reload the page to try again.
        </p>
      ) : null}
      <p className="sr-only" aria-live="polite" data-testid="board-leader">
        {standings[0]?.section === "ranked"
          ? `First: ${standings[0].entry.teamName}, ${standings[0].entry.modelName}`
          : "No ranked entry"}
      </p>
      <div className="hidden space-y-2 md:block">
        <ColumnChooser
          chosen={columns}
          available={availableColumns}
          rules={rules}
          prefixes={prefixes}
          onChange={setColumns}
        />
        <BoardTable
          rows={shown}
          best={best}
          sort={sort}
          sortable={entries !== null}
          onSort={onSort}
          rules={rules}
          starBands={starBands}
          columns={columns.filter((key) => availableColumns.includes(key))}
          prefixes={prefixes}
          rankBy={rankBy}
          lifetime={rankBy === "lifetime" ? deployment : null}
          baseline={baseline}
          benchmarkTasks={props.benchmarkTasks ?? []}
        />
      </div>
      {rowCount > visibleRows ? (
        <p className="text-sm">
          Showing {visibleRows} of {rowCount} rows.{" "}
          <button
            type="button"
            className="text-leaf-700 underline disabled:no-underline dark:text-leaf-300"
            disabled={!entries}
            onClick={() => setVisibleRows((count) => count + rowsPerStep)}
          >
            Show {Math.min(rowsPerStep, rowCount - visibleRows)} more
          </button>
        </p>
      ) : null}
      {entries ? (
        <BoardCharts rows={standings} qualityMetric={props.rules.qualityMetric} viewerTeamIds={props.viewerTeamIds} />
      ) : (
        <p role="status" className="text-sm" data-testid="charts-loading">
          {loaded.state === "loading"
            ? "Loading the charts…"
            : "The charts need the board's entries, which did not load."}
        </p>
      )}
    </div>
  );
}

function WeightControls({
  weights,
  onChange,
}: {
  weights: CompositeWeights;
  onChange: (weights: CompositeWeights) => void;
}) {
  const total = Object.values(weights).reduce((sum, weight) => sum + weight, 0);
  return (
    <div className="grid gap-2 sm:grid-cols-2" data-testid="weight-controls">
      <p className="text-xs sm:col-span-2">
        Each metric is scaled from the worst entry (0) to the best (1), energy, latency, throughput and memory on a log
        scale, then averaged with these weights (divided by their total, {total.toFixed(2)}). Defaults: quality 0.5,
        energy 0.3, latency 0.1, throughput 0.05, memory 0.05.
      </p>
      {(Object.keys(COMPOSITE_METRICS) as CompositeMetric[]).map((metric) => (
        <label key={metric} className="flex items-center gap-2 text-sm">
          <span className="w-40">{COMPOSITE_METRICS[metric].label}</span>
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={weights[metric]}
            onChange={(event) => onChange({ ...weights, [metric]: Number(event.target.value) })}
            aria-valuetext={weights[metric].toFixed(2)}
            data-testid={`weight-${metric}`}
          />
          <output className="w-10 tabular-nums">{weights[metric].toFixed(2)}</output>
        </label>
      ))}
    </div>
  );
}

function DeploymentControls({
  deployment,
  onChange,
}: {
  deployment: DeploymentAssumptions;
  onChange: (deployment: DeploymentAssumptions) => void;
}) {
  const field = (key: keyof DeploymentAssumptions, label: string, step: number) => (
    <label className="flex flex-col text-sm">
      {label}
      <input
        type="number"
        min={0}
        step={step}
        value={deployment[key]}
        onChange={(event) => {
          const value = Number(event.target.value);
          if (Number.isFinite(value) && value >= 0) onChange({ ...deployment, [key]: value });
        }}
        className="mt-1 w-44 rounded border border-stone-400 bg-white px-2 py-1 dark:bg-stone-900"
        data-testid={`deployment-${key}`}
      />
    </label>
  );
  return (
    <div className="space-y-2" data-testid="deployment-controls">
      <div className="flex flex-wrap gap-4">
        {field("queriesPerDay", "Queries per day", 1000)}
        {field("years", "Years in service", 0.5)}
        {field("gridGramsPerKwh", "Grid intensity, gCO2e/kWh", 10)}
      </div>
      <p className="text-xs">
        Defaults: 1,000,000 queries a day for 2 years at 481 gCO2e/kWh (world average 2023, Ember). Lifetime energy =
        energy per inference × queries + the team&apos;s declared training energy; entries that declared none are
        counted on inference alone and say so.
      </p>
    </div>
  );
}
