/** The track's ranking rule in words, for the board's header and the exports. */
import { formatQualityPercent, metricTitle } from "@/lib/format/metric-names";
import type { TrackRules } from "@/lib/ranking/types";

/** The metric reads as in the board's header ("Accuracy ≥ 80.0%"), in the percentage its column prints. */
export function describeRule(rules: TrackRules): string {
  const metric = metricTitle(rules.qualityMetric);
  const threshold =
    rules.qualityThreshold === null ? null : `${metric} ≥ ${formatQualityPercent(rules.qualityThreshold)}`;
  switch (rules.rule) {
    case "energy-at-threshold":
      return threshold
        ? `lowest energy per inference among entries with ${threshold} (SustaiNLP's rule); entries below the threshold are listed apart, unranked.`
        : "lowest energy per inference (this track sets no quality threshold).";
    case "latency-p90":
      return threshold
        ? `lowest latency p90 among entries with ${threshold}; entries below are listed apart, unranked.`
        : "lowest latency p90.";
    case "quality":
      return `highest ${metric}; equal scores ordered by energy per inference.`;
    case "pareto":
      return `Pareto fronts of ${metric} against energy: entries no other entry beats on both share rank 1, the next front the next rank.`;
    case "composite":
      return "a weighted composite of normalized quality, energy, latency, throughput and memory; move the weights below.";
  }
}
