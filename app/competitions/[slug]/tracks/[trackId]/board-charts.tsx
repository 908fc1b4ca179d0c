"use client";
/**
 * The board's charts: quality against energy per 1,000 inferences and against latency p90 (log scales), from the
 * same standings as the table (lib/ranking/chart-points.ts). Each point links to its model page; the signed-in
 * viewer's own team's entries are ringed. The home page shows the energy chart alone, for its flagship board.
 */
import { metricTitle } from "@/lib/format/metric-names";
import type { RankedEntry } from "@/lib/ranking/types";
import { QualityChart } from "./quality-chart";

const NO_TEAMS: readonly string[] = [];

interface BoardChartsProps {
  rows: RankedEntry[];
  /** The track's quality metric key ("accuracy", "macro_f1"); "quality" when not given. */
  qualityMetric?: string;
  /** Teams the signed-in viewer belongs to, so their entries are marked; none for a visitor. */
  viewerTeamIds?: readonly string[];
}

export function BoardCharts({ rows, qualityMetric = "quality", viewerTeamIds = NO_TEAMS }: BoardChartsProps) {
  const metric = metricTitle(qualityMetric);
  return (
    <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
      <QualityChart
        title={`${metric} against energy per 1,000 inferences (log scale)`}
        rows={rows}
        cost="energy"
        qualityMetric={qualityMetric}
        viewerTeamIds={viewerTeamIds}
        testId="chart-energy"
      />
      <QualityChart
        title={`${metric} against latency p90 (log scale)`}
        rows={rows}
        cost="latency"
        qualityMetric={qualityMetric}
        viewerTeamIds={viewerTeamIds}
        testId="chart-latency"
      />
    </div>
  );
}

/** The quality-versus-energy chart alone, for the home page's flagship board. */
export function EnergyQualityChart({
  rows,
  title,
  qualityMetric = "quality",
  viewerTeamIds = NO_TEAMS,
}: BoardChartsProps & { title: string }) {
  return (
    <QualityChart
      title={title}
      rows={rows}
      cost="energy"
      qualityMetric={qualityMetric}
      viewerTeamIds={viewerTeamIds}
      testId="chart-energy"
    />
  );
}
