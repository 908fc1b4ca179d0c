/**
 * One submission measured more than once (organizers' re-runs; a team cannot re-roll a scored result, see
 * lib/data/submission-actions.ts). Two rules, explained to visitors in docs/methodology.md ("Repeated
 * measurements of one submission"):
 * - Which measurements count: every finished evaluation under the protocol of the latest finished one. A run
 *   under a newer protocol is a new measurement that replaces the older-protocol ones, never mixed with them.
 * - How they combine: each figure is the median of the counted measurements, so neither the luckiest nor the
 *   unluckiest run decides, and its interval is the envelope of the runs' own 95% intervals and of the runs'
 *   figures. The envelope holds the distribution-free interval of the median [X(1), X(n)] (coverage
 *   1 − 2^(1−n) for any continuous distribution: 75% for 2 runs, 93.8% for 5) widened by each run's own
 *   uncertainty, so it is conservative: re-runs that disagree make ties more likely, never a rank more certain.
 * Pure; the board's query (lib/data/leaderboards.ts) selects the counted measurements with the same rule in SQL.
 */
import { percentile } from "../statistics/sample-statistics";
import type { BoardEntry, Interval } from "./types";

export interface EvaluationOfSubmission {
  id: string;
  state: string;
  createdAt: Date | string;
  /** The measurement protocol it ran under (evaluations.versions.protocol); null when not recorded. */
  protocol: string | null;
}

export interface CountedMeasurements {
  /** The protocol of the latest finished evaluation: the one whose measurements count. */
  protocol: string | null;
  /** Finished evaluations that count, latest first. */
  counted: string[];
  /** Finished evaluations under an older protocol, replaced by the counted ones, latest first. */
  replaced: string[];
}

export function countedMeasurements(history: readonly EvaluationOfSubmission[]): CountedMeasurements {
  const finished = history
    .filter((evaluation) => evaluation.state === "finished")
    .sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime());
  const latest = finished[0];
  if (!latest) return { protocol: null, counted: [], replaced: [] };
  const counts = (evaluation: EvaluationOfSubmission) => evaluation.protocol === latest.protocol;
  return {
    protocol: latest.protocol,
    counted: finished.filter(counts).map((evaluation) => evaluation.id),
    replaced: finished.filter((evaluation) => !counts(evaluation)).map((evaluation) => evaluation.id),
  };
}

/** The median of the finite figures, null when there is none (percentile's definition 7: the mean of the two middle ones). */
export function medianOf(values: readonly (number | null)[]): number | null {
  const finite = values.filter((value): value is number => value !== null && Number.isFinite(value));
  return finite.length === 0 ? null : percentile(finite, 50);
}

/**
 * The combined interval of one figure: the envelope of the runs' intervals and figures. With one run it is that
 * run's own interval (possibly none); with several, the runs' spread alone is already an interval of the median.
 */
export function combinedInterval(
  figures: readonly (number | null)[],
  intervals: readonly (Interval | null)[],
): Interval | null {
  const points = figures.filter((value): value is number => value !== null && Number.isFinite(value));
  if (points.length <= 1) return intervals.find((interval) => interval !== null) ?? null;
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const value of [
    ...points,
    ...intervals.flatMap((interval) => (interval ? [interval.low, interval.high] : [])),
  ]) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return { low, high };
}

/**
 * One board entry from the counted measurements of one submission, latest first. What is not a measured figure
 * (the model's facts, names, the energy method) comes from the latest; energy is combined only over runs of the
 * latest run's energy kind, since measured and estimated energy are never mixed.
 */
export function combineMeasurements(measurements: readonly BoardEntry[]): BoardEntry {
  const latest = measurements[0];
  if (!latest) throw new RangeError("combineMeasurements: no measurement to combine");
  if (measurements.length === 1) return latest;
  const figure = (read: (entry: BoardEntry) => number | null, runs: readonly BoardEntry[] = measurements) =>
    medianOf(runs.map(read));
  const sameEnergyKind = measurements.filter((entry) => entry.energyKind === latest.energyKind);
  const metrics: Record<string, number> = {};
  for (const name of Object.keys(latest.metrics)) {
    const value = figure((entry) => entry.metrics[name] ?? null);
    if (value !== null) metrics[name] = value;
  }
  return {
    ...latest,
    // A held measurement holds the entry: the organizers have not yet cleared what it would count.
    status: measurements.some((entry) => entry.status === "held-for-review") ? "held-for-review" : latest.status,
    quality: figure((entry) => entry.quality),
    qualityOutOfDomain: figure((entry) => entry.qualityOutOfDomain),
    metrics,
    energyJoulesPerInference: figure((entry) => entry.energyJoulesPerInference, sameEnergyKind),
    energyInterval: combinedInterval(
      sameEnergyKind.map((entry) => entry.energyJoulesPerInference),
      sameEnergyKind.map((entry) => entry.energyInterval),
    ),
    carbonGramsPerThousand: figure((entry) => entry.carbonGramsPerThousand, sameEnergyKind),
    latencyP50Ms: figure((entry) => entry.latencyP50Ms),
    latencyP50Interval: combinedInterval(
      measurements.map((entry) => entry.latencyP50Ms),
      measurements.map((entry) => entry.latencyP50Interval),
    ),
    latencyP90Ms: figure((entry) => entry.latencyP90Ms),
    latencyP90Interval: combinedInterval(
      measurements.map((entry) => entry.latencyP90Ms),
      measurements.map((entry) => entry.latencyP90Interval),
    ),
    throughputPerSecond: figure((entry) => entry.throughputPerSecond),
    peakMemoryBytes: figure((entry) => entry.peakMemoryBytes),
    // Flagged noisy if any counted run was: the combined figure leans on it too.
    noisy: measurements.some((entry) => entry.noisy),
    measurementCount: measurements.reduce((count, entry) => count + entry.measurementCount, 0),
  };
}
