/**
 * A chart point in words: the tooltip's lines on hover and focus, and the point link's accessible name. Every
 * figure in the site's units (energy in Wh per 1,000 inferences with an SI prefix, latency in seconds with one),
 * three significant digits, never in exponent notation.
 */
import { ENERGY_DISPLAY_BASIS, ENERGY_DISPLAY_UNIT } from "@/lib/format/energy-display";
import { formatQualityPercent, metricTitle } from "@/lib/format/metric-names";
import { formatSi } from "@/lib/format/si-quantity";
import type { ChartPoint } from "@/lib/ranking/chart-points";

export interface PointText {
  model: string;
  team: string;
  figures: string[];
  marks: string[];
}

export function describePoint(point: ChartPoint, qualityMetric: string): PointText {
  const marks: string[] = [];
  if (point.isOwnTeam) marks.push("your team");
  if (point.isBaseline) marks.push("baseline");
  if (point.belowThreshold) marks.push("below the quality threshold, not ranked");
  if (point.onParetoFront) marks.push("on the Pareto front");
  return {
    model: point.modelName,
    team: point.teamName,
    figures: [
      `${metricTitle(qualityMetric)} ${formatQualityPercent(point.quality)}`,
      `Energy ${formatSi(point.energyWhPerThousand, ENERGY_DISPLAY_UNIT)} ${ENERGY_DISPLAY_BASIS}`,
      `Latency p90 ${formatSi(point.latencyP90Seconds, "s")}`,
    ],
    marks,
  };
}

/** One sentence for a screen reader: who, the figures, the marks, and where the link goes. */
export function pointLabel(text: PointText): string {
  const marks = text.marks.length > 0 ? ` (${text.marks.join("; ")})` : "";
  return `${text.model} by ${text.team}${marks}: ${text.figures.join(", ")}. Opens the model page.`;
}
