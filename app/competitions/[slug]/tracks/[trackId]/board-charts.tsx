"use client";
/**
 * The board's charts: quality against energy per 1,000 inferences and against latency p90 (log scales), from the
 * same standings as the table (lib/ranking/chart-points.ts). Each point links to its model page; the signed-in
 * viewer's own team's entries are ringed. The home page shows the energy chart alone, for its flagship board, from
 * points made on the server: a chart needs a few fields of each entry, not the whole entry in the page.
 */
import { useMemo } from "react";
import { metricTitle } from "@/lib/format/metric-names";
import { chartPointsOf, type PlottedPoints } from "@/lib/ranking/chart-points";
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
  const energy = useMemo(() => chartPointsOf(rows, "energy", viewerTeamIds), [rows, viewerTeamIds]);
  const latency = useMemo(() => chartPointsOf(rows, "latency", viewerTeamIds), [rows, viewerTeamIds]);
  return (
    <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
      <QualityChart
        title={`${metric} against energy per 1,000 inferences (log scale)`}
        plotted={energy}
        cost="energy"
        qualityMetric={qualityMetric}
        testId="chart-energy"
      />
      <QualityChart
        title={`${metric} against latency p90 (log scale)`}
        plotted={latency}
        cost="latency"
        qualityMetric={qualityMetric}
        testId="chart-latency"
      />
    </div>
  );
}

/** The quality-versus-energy chart alone, for the home page's flagship board: `plotted` from chartPointsOf. */
export function EnergyQualityChart({
  plotted,
  title,
  qualityMetric = "quality",
}: {
  plotted: PlottedPoints;
  title: string;
  qualityMetric?: string;
}) {
  return (
    <QualityChart title={title} plotted={plotted} cost="energy" qualityMetric={qualityMetric} testId="chart-energy" />
  );
}
