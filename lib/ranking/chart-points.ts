/**
 * What the board's quality-against-cost charts plot, from the same standings as the table: one point per entry
 * with both figures, what a reader needs to identify it (model, team, its figures), whether it is a baseline or
 * the viewer's own team's, and the Pareto front drawn through the points.
 */
import { whPerThousandFromJoulesPerInference } from "@/lib/format/energy-display";
import { paretoFront } from "./pareto";
import type { RankedEntry } from "./types";

export interface ChartPoint {
  submissionId: string;
  modelName: string;
  teamName: string;
  /** The cost on the horizontal axis, in the axis's SI unit (Wh per 1,000 inferences, or seconds). */
  x: number;
  /** Quality in percent. */
  y: number;
  /** The quality metric as a fraction, for the tooltip. */
  quality: number;
  energyWhPerThousand: number | null;
  latencyP90Seconds: number | null;
  isBaseline: boolean;
  /** An entry of a team the viewer belongs to. */
  isOwnTeam: boolean;
  belowThreshold: boolean;
  onParetoFront: boolean;
}

export type ChartCost = "energy" | "latency";

/** What a chart draws: its points and the Pareto front through them (the same objects). */
export interface PlottedPoints {
  points: ChartPoint[];
  front: ChartPoint[];
}

/** The horizontal figure of an entry in the axis's SI unit; null when it has none. */
export function costOf(row: RankedEntry, cost: ChartCost): number | null {
  const { entry } = row;
  if (cost === "energy")
    return entry.energyJoulesPerInference === null
      ? null
      : whPerThousandFromJoulesPerInference(entry.energyJoulesPerInference);
  return entry.latencyP90Ms === null ? null : entry.latencyP90Ms / 1000;
}

/**
 * Points for the rows a chart can place (a positive cost for the log axis, and a quality), and the Pareto front
 * among them in cost order. Unranked rows (failed, the other energy kind) are left out: their figures do not
 * compare with the board's.
 */
export function chartPointsOf(
  rows: readonly RankedEntry[],
  cost: ChartCost,
  viewerTeamIds: readonly string[] = [],
): PlottedPoints {
  const ownTeams = new Set(viewerTeamIds);
  const points: ChartPoint[] = [];
  for (const row of rows) {
    const x = costOf(row, cost);
    const quality = row.entry.quality;
    if (row.section === "unranked" || x === null || !(x > 0) || quality === null) continue;
    const { entry } = row;
    points.push({
      submissionId: entry.submissionId,
      modelName: entry.modelName,
      teamName: entry.teamName,
      x,
      y: quality * 100,
      quality,
      energyWhPerThousand: costOf(row, "energy"),
      latencyP90Seconds: costOf(row, "latency"),
      isBaseline: entry.isBaseline,
      isOwnTeam: ownTeams.has(entry.teamId),
      belowThreshold: row.section === "below-threshold",
      onParetoFront: false,
    });
  }
  const frontIds = paretoFront(points.map((point) => ({ id: point.submissionId, quality: point.y, cost: point.x })));
  const byId = new Map(points.map((point) => [point.submissionId, point]));
  const front = frontIds.map((id) => byId.get(id)).filter((point): point is ChartPoint => point !== undefined);
  for (const point of front) point.onParetoFront = true;
  return { points, front };
}
