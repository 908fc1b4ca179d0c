"use client";
/**
 * The interactive board: what to rank by (the track's rule, a composite with the visitor's weights, or lifetime
 * cost for the visitor's deployment), re-ranked in the browser with the same pure functions the server uses
 * (lib/ranking), then the table and the charts from those standings.
 */
import { useMemo, useState } from "react";
import { sortRows, type ColumnKey } from "@/lib/ranking/columns";
import { COMPOSITE_METRICS, DEFAULT_COMPOSITE_WEIGHTS, type CompositeMetric, type CompositeWeights } from "@/lib/ranking/composite";
import { DEFAULT_DEPLOYMENT, type DeploymentAssumptions } from "@/lib/ranking/lifetime";
import { rankBoard } from "@/lib/ranking/rank-board";
import type { StarBand } from "@/lib/ranking/star-bands";
import type { BoardEntry, TrackRules } from "@/lib/ranking/types";
import { BoardCharts } from "./board-charts";
import { BoardTable, type SortState } from "./board-table";

export type RankBy = "track" | "composite" | "lifetime";

/**
 * Rows rendered at first (50), and added per "show more": a board of hundreds of teams stays a page that renders
 * quickly on a phone and on the server, while every entry still takes part in the ranking and the charts.
 */
const ROWS_PER_STEP = 50;

interface BoardViewProps {
  entries: BoardEntry[];
  rules: TrackRules;
  starBands: StarBand[];
  baseline: BoardEntry | null;
  showOutOfDomain: boolean;
}

export function BoardView({ entries, rules, starBands, baseline, showOutOfDomain }: BoardViewProps) {
  const [rankBy, setRankBy] = useState<RankBy>(rules.rule === "composite" ? "composite" : "track");
  const [weights, setWeights] = useState<CompositeWeights>(DEFAULT_COMPOSITE_WEIGHTS);
  const [deployment, setDeployment] = useState<DeploymentAssumptions>(DEFAULT_DEPLOYMENT);
  const [sort, setSort] = useState<SortState>({ key: "rank", direction: "ascending" });
  const [visibleRows, setVisibleRows] = useState(ROWS_PER_STEP);

  const standings = useMemo(() => {
    if (rankBy === "composite") return rankBoard(entries, { ...rules, rule: "composite" }, { compositeWeights: weights });
    if (rankBy === "lifetime") return rankBoard(entries, rules, { lifetime: deployment });
    return rankBoard(entries, rules);
  }, [entries, rules, rankBy, weights, deployment]);
  // Sorted by rank, the board keeps its sections (ranked, below threshold, unranked) in order.
  const rows = useMemo(() => (sort.key === "rank" && sort.direction === "ascending" ? standings : sortRows(standings, sort.key, sort.direction)), [standings, sort]);

  const onSort = (key: ColumnKey) =>
    setSort((current) => ({ key, direction: current.key === key && current.direction === "ascending" ? "descending" : "ascending" }));

  return (
    <div className="min-w-0 max-w-full space-y-6">
      <fieldset className="min-w-0 space-y-3 rounded border border-stone-200 p-3 dark:border-stone-700">
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
              <input type="radio" name="rank-by" value={value} checked={rankBy === value} onChange={() => setRankBy(value)} />
              {label}
            </label>
          ))}
        </div>
        {rankBy === "composite" ? <WeightControls weights={weights} onChange={setWeights} /> : null}
        {rankBy === "lifetime" ? <DeploymentControls deployment={deployment} onChange={setDeployment} /> : null}
      </fieldset>
      <p className="sr-only" aria-live="polite" data-testid="board-leader">
        {standings[0]?.section === "ranked" ? `First: ${standings[0].entry.teamName}, ${standings[0].entry.modelName}` : "No ranked entry"}
      </p>
      <BoardTable
        rows={rows.slice(0, visibleRows)}
        allRows={standings}
        sort={sort}
        onSort={onSort}
        rankedEnergyKind={rules.rankedEnergyKind}
        starBands={starBands}
        showOutOfDomain={showOutOfDomain}
        lifetime={rankBy === "lifetime" ? deployment : null}
        baseline={baseline}
      />
      {rows.length > visibleRows ? (
        <p className="text-sm">
          Showing {visibleRows} of {rows.length} rows.{" "}
          <button type="button" className="text-leaf-700 underline dark:text-leaf-50" onClick={() => setVisibleRows((count) => count + ROWS_PER_STEP)}>
            Show {Math.min(ROWS_PER_STEP, rows.length - visibleRows)} more
          </button>
        </p>
      ) : null}
      <BoardCharts rows={standings} />
    </div>
  );
}

function WeightControls({ weights, onChange }: { weights: CompositeWeights; onChange: (weights: CompositeWeights) => void }) {
  const total = Object.values(weights).reduce((sum, weight) => sum + weight, 0);
  return (
    <div className="grid gap-2 sm:grid-cols-2" data-testid="weight-controls">
      <p className="text-xs sm:col-span-2">
        Each metric is scaled from the worst entry (0) to the best (1), energy, latency, throughput and memory on a log scale, then
        averaged with these weights (divided by their total, {total.toFixed(2)}). Defaults: quality 0.5, energy 0.3, latency 0.1,
        throughput 0.05, memory 0.05.
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

function DeploymentControls({ deployment, onChange }: { deployment: DeploymentAssumptions; onChange: (deployment: DeploymentAssumptions) => void }) {
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
        Defaults: 1,000,000 queries a day for 2 years at 481 gCO2e/kWh (world average 2023, Ember). Lifetime energy = energy per inference × queries
        + the team&apos;s declared training energy; entries that declared none are counted on inference alone and say so.
      </p>
    </div>
  );
}
