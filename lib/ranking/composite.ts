/**
 * A weighted composite of normalized metrics, in the manner of Dynabench's Dynascore (Ma et al. 2021,
 * "Dynaboard: An Evaluation-As-A-Service Platform for Holistic Next-Generation Benchmarking",
 * https://arxiv.org/abs/2106.06052): each metric is put on a common 0..1 scale where 1 is the best entry on the
 * board and 0 the worst, then the weights (which a visitor can move) average them. Dynascore converts units
 * with the marginal rate of substitution; we use min-max normalization instead because it needs no reference
 * model and stays readable ("0.8 of the way from the worst to the best"). Cost metrics that span orders of
 * magnitude (energy, latency, memory) are normalized on a log scale so one very slow model does not squash
 * everyone else to 1.
 */
import type { BoardEntry } from "./types";

export type CompositeMetric = "quality" | "energy" | "latencyP90" | "throughput" | "memory";

interface MetricDefinition {
  label: string;
  better: "higher" | "lower";
  scale: "linear" | "log";
  value: (entry: BoardEntry) => number | null;
}

export const COMPOSITE_METRICS: Record<CompositeMetric, MetricDefinition> = {
  quality: { label: "Quality", better: "higher", scale: "linear", value: (e) => e.quality },
  energy: { label: "Energy per inference", better: "lower", scale: "log", value: (e) => e.energyJoulesPerInference },
  latencyP90: { label: "Latency p90", better: "lower", scale: "log", value: (e) => e.latencyP90Ms },
  throughput: { label: "Throughput", better: "higher", scale: "log", value: (e) => e.throughputPerSecond },
  memory: { label: "Peak memory", better: "lower", scale: "log", value: (e) => e.peakMemoryBytes },
};

export type CompositeWeights = Record<CompositeMetric, number>;

/** Quality first, energy second: the competition is about accuracy per joule. Stated on the page. */
export const DEFAULT_COMPOSITE_WEIGHTS: CompositeWeights = {
  quality: 0.5,
  energy: 0.3,
  latencyP90: 0.1,
  throughput: 0.05,
  memory: 0.05,
};

function onScale(value: number, scale: "linear" | "log"): number | null {
  if (scale === "linear") return value;
  return value > 0 ? Math.log10(value) : null;
}

export type CompositeScore = { score: number; missing: null } | { score: null; missing: CompositeMetric[] };

/**
 * Scores every entry against the others. An entry missing a metric that has weight gets no score (its missing
 * metrics are returned): a missing measurement is never read as the worst or the best.
 */
export function compositeScores(
  entries: readonly BoardEntry[],
  weights: CompositeWeights,
): Map<string, CompositeScore> {
  const active = (Object.keys(COMPOSITE_METRICS) as CompositeMetric[]).filter((metric) => weights[metric] > 0);
  const totalWeight = active.reduce((sum, metric) => sum + weights[metric], 0);
  const ranges = new Map<CompositeMetric, { min: number; max: number }>();
  for (const metric of active) {
    const definition = COMPOSITE_METRICS[metric];
    const values = entries
      .map((entry) => definition.value(entry))
      .flatMap((v) => (v === null ? [] : [onScale(v, definition.scale)]));
    const present = values.filter((v): v is number => v !== null);
    // reduce, not Math.min(...present): 100,000 arguments would overflow the call stack.
    if (present.length > 0)
      ranges.set(metric, {
        min: present.reduce((a, b) => Math.min(a, b)),
        max: present.reduce((a, b) => Math.max(a, b)),
      });
  }
  const scores = new Map<string, CompositeScore>();
  for (const entry of entries) {
    const missing: CompositeMetric[] = [];
    let weighted = 0;
    for (const metric of active) {
      const definition = COMPOSITE_METRICS[metric];
      const raw = definition.value(entry);
      const value = raw === null ? null : onScale(raw, definition.scale);
      const range = ranges.get(metric);
      if (value === null || !range) {
        missing.push(metric);
        continue;
      }
      // Everyone equal on a metric: it separates nobody, so everyone gets the full mark.
      const span = range.max - range.min;
      const position = (value - range.min) / span;
      weighted += weights[metric] * (span === 0 ? 1 : definition.better === "higher" ? position : 1 - position);
    }
    scores.set(
      entry.submissionId,
      missing.length > 0
        ? { score: null, missing }
        : { score: totalWeight > 0 ? weighted / totalWeight : 0, missing: null },
    );
  }
  return scores;
}
