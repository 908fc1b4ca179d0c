/**
 * A three-task benchmark worked out by hand (the numbers in the comments), checked against what the runner
 * composes and what the worker stores. Task figures are given, not measured: the arithmetic is what is tested.
 */
import { describe, expect, it } from "vitest";
import { benchmarkResultRows } from "../worker/benchmark-result-rows";
import { sampleReport } from "../../test-support/runner/sample-report";
import { composeBenchmarkReport, type BenchmarkTaskReport } from "./benchmark-report";
import type { EvaluationReport, SplitScore } from "./evaluation-report";

type Metrics = SplitScore["metrics"];
const metrics = (accuracy: number, macro_f1: number): Metrics => ({ accuracy, macro_f1, mcc: 0 });

function taskReport(options: {
  examples: number;
  test: Metrics;
  publicPart: Metrics;
  privatePart: Metrics;
  energy: number;
  energyCi: [number, number];
  p50: number;
  p90: number;
  throughput: number;
  noisy?: boolean;
}): EvaluationReport {
  const base = sampleReport([
    {
      split: "test",
      examples: options.examples,
      truncated: 0,
      metrics: options.test,
      confusion: [],
      parts: [
        { name: "public", examples: options.examples / 2, metrics: options.publicPart, confusion: [] },
        { name: "private", examples: options.examples / 2, metrics: options.privatePart, confusion: [] },
      ],
    },
  ]);
  return {
    ...base,
    energy: { ...base.energy, joulesPerInference: options.energy, ciJoulesPerInference: options.energyCi },
    latency: {
      ...base.latency,
      p50Ms: options.p50,
      p90Ms: options.p90,
      p90CiMs: [options.p90 - 0.1, options.p90 + 0.1],
    },
    throughput: { ...base.throughput, examplesPerSecond: options.throughput },
    noisy: options.noisy ?? false,
    noisyReasons: options.noisy ? ["latency p90 interval 30% wide"] : [],
  };
}

// BoolQ: accuracy, weight 1, 100 examples. CB: mean of macro-F1 and accuracy, weight 1, 50 examples. RTE: accuracy, weight 2, 20 examples.
const TASKS: BenchmarkTaskReport[] = [
  {
    slug: "boolq",
    metric: "accuracy",
    weight: 1,
    report: taskReport({
      examples: 100,
      test: metrics(0.7, 0.65),
      publicPart: metrics(0.72, 0.6),
      privatePart: metrics(0.68, 0.6),
      energy: 0.02,
      energyCi: [0.018, 0.022],
      p50: 1.5,
      p90: 2,
      throughput: 900,
    }),
  },
  {
    slug: "cb",
    metric: "f1_accuracy_mean",
    weight: 1,
    report: taskReport({
      examples: 50,
      test: metrics(0.8, 0.6),
      publicPart: metrics(0.84, 0.7),
      privatePart: metrics(0.76, 0.5),
      energy: 0.03,
      energyCi: [0.027, 0.033],
      p50: 2.5,
      p90: 3,
      throughput: 500,
      noisy: true,
    }),
  },
  {
    slug: "rte",
    metric: "accuracy",
    weight: 2,
    report: taskReport({
      examples: 20,
      test: metrics(0.55, 0.5),
      publicPart: metrics(0.6, 0.5),
      privatePart: metrics(0.5, 0.5),
      energy: 0.01,
      energyCi: [0.009, 0.011],
      p50: 1,
      p90: 1.2,
      throughput: 1000,
    }),
  },
];

describe("benchmark aggregates of a three-task example, by hand", () => {
  const report = composeBenchmarkReport(TASKS, 1234);

  it("benchmark score: SuperGLUE's weighted mean, CB contributing the mean of its accuracy and macro-F1", () => {
    // CB's score (0.8 + 0.6) / 2 = 0.7; (1 × 0.7 + 1 × 0.7 + 2 × 0.55) / (1 + 1 + 2) = 2.5 / 4 = 0.625.
    expect(report.aggregates.test.taskScores).toEqual({ boolq: 0.7, cb: expect.closeTo(0.7, 12), rte: 0.55 });
    expect(report.aggregates.test.score).toBeCloseTo(0.625, 12);
    // Public: CB (0.84 + 0.7) / 2 = 0.77; (0.72 + 0.77 + 2 × 0.6) / 4 = 2.69 / 4 = 0.6725.
    expect(report.aggregates.public!.score).toBeCloseTo(0.6725, 12);
    // Private: CB (0.76 + 0.5) / 2 = 0.63; (0.68 + 0.63 + 2 × 0.5) / 4 = 2.31 / 4 = 0.5775.
    expect(report.aggregates.private!.score).toBeCloseTo(0.5775, 12);
  });

  it("benchmark energy: each task's joules per inference times its test size, summed, with the bounds summed alike", () => {
    // 0.02 × 100 + 0.03 × 50 + 0.01 × 20 = 2 + 1.5 + 0.2 = 3.7 J over 170 answers.
    const { test } = report.aggregates;
    expect(test.answers).toBe(170);
    expect(test.energyJoules).toBeCloseTo(3.7, 12);
    // 1.8 + 1.35 + 0.18 = 3.33 J and 2.2 + 1.65 + 0.22 = 4.07 J.
    expect(test.energyInterval![0]).toBeCloseTo(3.33, 12);
    expect(test.energyInterval![1]).toBeCloseTo(4.07, 12);
    expect(test.energyJoulesPerAnswer).toBeCloseTo(3.7 / 170, 12);
    // Wh per 1,000 averaged over tasks: (20 + 30 + 10) J / 3.6 / 3 = 5.5556 mWh.
    expect(test.meanWhPerThousand).toBeCloseTo(60 / 3600 / 3, 12);
    // The public and private parts cost the same: the energy is a property of the models, not of the scores.
    expect(report.aggregates.public!.energyJoules).toBeCloseTo(3.7, 12);
  });

  it("latency: each task keeps its own, the benchmark's is the slowest task's p90; throughput over the whole benchmark", () => {
    expect(report.aggregates.test.slowestP90Ms).toBe(3);
    expect(report.aggregates.test.slowestP90Task).toBe("cb");
    expect(report.aggregates.test.slowestP90Interval).toEqual([2.9, 3.1]);
    // 170 / (100/900 + 50/500 + 20/1000) s = 170 / 0.231111 s = 735.58 answers per second.
    expect(report.aggregates.test.throughputPerSecond).toBeCloseTo(170 / (100 / 900 + 50 / 500 + 20 / 1000), 9);
  });

  it("is noisy when a task is, saying which", () => {
    expect(report.noisy).toBe(true);
    expect(report.noisyReasons).toEqual(["cb: latency p90 interval 30% wide"]);
  });

  it("stores the aggregate rows the board ranks, and each task's rows under its own name", () => {
    const rows = benchmarkResultRows("evaluation-1", report);
    expect(rows.map((row) => row.split)).toEqual([
      "public",
      "private",
      "task:boolq:public",
      "task:boolq:private",
      "task:cb:public",
      "task:cb:private",
      "task:rte:public",
      "task:rte:private",
    ]);
    const publicRow = rows[0]!;
    expect(publicRow.metrics.benchmark_score).toBeCloseTo(0.6725, 12);
    expect(publicRow.metrics["task:cb"]).toBeCloseTo(0.77, 12);
    expect(publicRow.examples).toBe(85);
    expect(publicRow.energyJoulesPerInference).toBeCloseTo(3.7 / 170, 12);
    expect(publicRow.energyCiLowJoulesPerInference).toBeCloseTo(3.33 / 170, 12);
    expect(publicRow.energyWhPerThousand).toBeCloseTo(((3.7 / 170) * 1000) / 3600, 12);
    expect(publicRow.latencyP90Ms).toBe(3);
    expect(publicRow.noisy).toBe(true);
    expect((publicRow.details as { benchmark: { energyJoules: number } }).benchmark.energyJoules).toBeCloseTo(3.7, 12);
    const cbPublic = rows.find((row) => row.split === "task:cb:public")!;
    expect(cbPublic.metrics).toMatchObject({ accuracy: 0.84, macro_f1: 0.7 });
    expect(cbPublic.energyJoulesPerInference).toBe(0.03);
  });
});
