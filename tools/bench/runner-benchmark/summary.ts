/**
 * Turns the benchmark's raw runs into the three figures the runner is held to, each a ratio against a baseline
 * measured in the same command (the host may be shared, so absolute times travel badly), and prints them.
 * A missed target is reported, never turned into a failing exit code: a benchmark measures, it does not judge.
 */
import { coefficientOfVariation, medianAndSpread } from "../../../lib/statistics/sample-statistics";
import type { PairedComparison } from "./bare-loop";

export const TARGETS = {
  /** Runner p50 / bare-loop p50 (per-query latency). */
  latencyRatio: 1.03,
  /** Evaluation wall time (measurement passes taken out) / bare load + accuracy sweep in a fresh process. */
  wallRatio: 1.5,
  /** Coefficient of variation of the runner's reported p50 over repeated evaluations. */
  p50Cv: 0.03,
} as const;

export interface LatencyRound {
  order: "bare-first" | "runner-first";
  runnerP50Ms: number;
  runnerTokenizationP50Ms: number;
  /** Relative width of the report's p50 interval over blocks. */
  runnerRelativeSpread: number;
  /** The report's own noise flag (an interval wider than its limit, NOISE_THRESHOLDS, or a disturbed pass) and its reasons. */
  runnerNoisy: boolean;
  runnerNoisyReasons: string[];
  /** Per block. */
  runnerQueriesPerRepeat: number[];
  /** The report's interference figures for its latency and throughput passes. */
  runnerInterference: { latency: unknown; throughput: unknown };
  bareP50Ms: number;
  bareTokenizeP50Ms: number;
  bareSessionRunP50Ms: number;
  bareQueriesPerRepeat: number[];
  ratio: number;
}

export interface WallRound {
  runnerTotalMs: number;
  /** totalMs less the latency and throughput passes' own wall time, as the child reports it. */
  runnerWithoutMeasurementPassesMs: number;
  runnerTimings: Record<string, number>;
  bareWallMs: number;
  bareLoadMs: number;
  bareAccuracyPassMs: number;
}

export interface ModelSummary {
  model: string;
  description: string;
  latency: {
    rounds: number;
    runnerP50MedianMs: number;
    bareP50MedianMs: number;
    /** Median over rounds of (runner p50 / bare p50); each round's pair ran back to back. */
    ratio: number;
    ratioRange: [number, number];
    runnerP50Cv: number | null;
    bareP50Cv: number | null;
    bareSessionRunP50MedianMs: number;
  };
  /** Diagnostic, no target: the child's query code against the bare query in one process. */
  paired: PairedComparison;
  wall: {
    rounds: number;
    runnerMedianMs: number;
    runnerTotalMedianMs: number;
    bareMedianMs: number;
    ratio: number;
    rawTotalRatio: number;
  };
  verdicts: { latencyRatio: Verdict; wallRatio: Verdict; p50Cv: Verdict };
}

export type Verdict = "PASS" | "MISS" | "n/a";

const median = (values: readonly number[]) => medianAndSpread(values).median;
const cv = (values: readonly number[]) => (values.length >= 2 ? coefficientOfVariation(values) : null);

export function summarizeModel(
  model: string,
  description: string,
  latency: LatencyRound[],
  wall: WallRound[],
  paired: PairedComparison,
): ModelSummary {
  const ratios = latency.map((round) => round.ratio);
  const runnerCv = cv(latency.map((round) => round.runnerP50Ms));
  const latencyRatio = median(ratios);
  const wallRunner = median(wall.map((round) => round.runnerWithoutMeasurementPassesMs));
  const wallBare = median(wall.map((round) => round.bareWallMs));
  const wallRatio = wallRunner / wallBare;
  return {
    model,
    description,
    latency: {
      rounds: latency.length,
      runnerP50MedianMs: median(latency.map((round) => round.runnerP50Ms)),
      bareP50MedianMs: median(latency.map((round) => round.bareP50Ms)),
      ratio: latencyRatio,
      ratioRange: [Math.min(...ratios), Math.max(...ratios)],
      runnerP50Cv: runnerCv,
      bareP50Cv: cv(latency.map((round) => round.bareP50Ms)),
      bareSessionRunP50MedianMs: median(latency.map((round) => round.bareSessionRunP50Ms)),
    },
    paired,
    wall: {
      rounds: wall.length,
      runnerMedianMs: wallRunner,
      runnerTotalMedianMs: median(wall.map((round) => round.runnerTotalMs)),
      bareMedianMs: wallBare,
      ratio: wallRatio,
      rawTotalRatio: median(wall.map((round) => round.runnerTotalMs)) / wallBare,
    },
    verdicts: {
      latencyRatio: latencyRatio <= TARGETS.latencyRatio ? "PASS" : "MISS",
      wallRatio: wallRatio <= TARGETS.wallRatio ? "PASS" : "MISS",
      p50Cv: runnerCv === null ? "n/a" : runnerCv < TARGETS.p50Cv ? "PASS" : "MISS",
    },
  };
}

export function formatSummaryTable(summaries: readonly ModelSummary[]): string {
  const rows: string[][] = [["model", "figure", "runner", "baseline", "ratio / value", "target", "verdict"]];
  const ms = (value: number) => (value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(value >= 1 ? 3 : 4)} ms`);
  const pct = (value: number | null) => (value === null ? "n/a" : `${(value * 100).toFixed(2)}%`);
  for (const summary of summaries) {
    const { latency, wall, verdicts } = summary;
    rows.push([
      summary.model,
      "(a) latency p50, batch 1",
      ms(latency.runnerP50MedianMs),
      ms(latency.bareP50MedianMs),
      `${latency.ratio.toFixed(4)} (${latency.ratioRange.map((r) => r.toFixed(3)).join("–")})`,
      `≤ ${TARGETS.latencyRatio}`,
      verdicts.latencyRatio,
    ]);
    rows.push(["", "    onnxruntime session.run alone", "", ms(latency.bareSessionRunP50MedianMs), "", "", ""]);
    rows.push([
      "",
      "    child query code, same process",
      ms(summary.paired.childP50Ms),
      ms(summary.paired.bareP50Ms),
      `${summary.paired.ratio.toFixed(4)} (${signedMicros(summary.paired.childOverheadUs)}, CI ${summary.paired.childOverheadCiUs.map((value) => value.toFixed(1)).join("…")})`,
      "",
      "diagnostic",
    ]);
    rows.push([
      "",
      "(b) evaluation wall (no lat/thr passes)",
      ms(wall.runnerMedianMs),
      ms(wall.bareMedianMs),
      wall.ratio.toFixed(3),
      `≤ ${TARGETS.wallRatio}`,
      verdicts.wallRatio,
    ]);
    rows.push([
      "",
      "    whole minimal evaluation",
      ms(wall.runnerTotalMedianMs),
      ms(wall.bareMedianMs),
      wall.rawTotalRatio.toFixed(3),
      "",
      "",
    ]);
    rows.push([
      "",
      `(c) CV of p50 over ${latency.rounds} evaluations`,
      pct(latency.runnerP50Cv),
      pct(latency.bareP50Cv),
      pct(latency.runnerP50Cv),
      `< ${TARGETS.p50Cv * 100}%`,
      verdicts.p50Cv,
    ]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export function signedMicros(micros: number): string {
  return `${micros >= 0 ? "+" : "−"}${Math.abs(micros).toFixed(2)} µs`;
}
