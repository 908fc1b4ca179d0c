/**
 * What the evaluation of a multi-task bundle produced: each task's full report (the same as a single-task
 * evaluation's) and the track's aggregates, on the whole test sets and on their public and private parts.
 * Composed by a pure function so the unit test can check it against numbers worked out by hand.
 */
import { benchmarkAggregate, type BenchmarkAggregate, type TaskFigures } from "../../lib/multitask/benchmark-aggregate";
import type { EvaluationReport } from "./evaluation-report";

export interface BenchmarkTaskReport {
  slug: string;
  metric: string;
  weight: number;
  report: EvaluationReport;
}

export interface BenchmarkReport {
  status: "ok";
  kind: "benchmark";
  profile: string;
  tasks: BenchmarkTaskReport[];
  /** On every test example ("test"), and on the public and private parts when the tests were divided. */
  aggregates: { test: BenchmarkAggregate; public?: BenchmarkAggregate; private?: BenchmarkAggregate };
  sandboxed: boolean;
  noisy: boolean;
  /** Each noisy task's reasons, prefixed with its slug. */
  noisyReasons: string[];
  versions: EvaluationReport["versions"];
  timings: { totalMs: number };
}

export type AnyEvaluationReport = EvaluationReport | BenchmarkReport;

export function isBenchmarkReport(report: AnyEvaluationReport): report is BenchmarkReport {
  return "kind" in report && report.kind === "benchmark";
}

/** The figures of one task that the aggregates read, on the whole test split or on one of its parts. */
export function taskFigures(task: BenchmarkTaskReport, part: "test" | "public" | "private"): TaskFigures | null {
  const test = task.report.scores.find((score) => score.split === "test");
  if (!test) throw new Error(`the report of task ${task.slug} has no test split`);
  const scored = part === "test" ? test : test.parts?.find((candidate) => candidate.name === part);
  if (!scored) return null;
  const { report } = task;
  return {
    slug: task.slug,
    metric: task.metric,
    weight: task.weight,
    testExamples: test.examples,
    metrics: { ...scored.metrics },
    energyJoulesPerInference: report.energy.joulesPerInference,
    energyInterval: report.energy.ciJoulesPerInference,
    latencyP50Ms: report.latency.p50Ms,
    latencyP90Ms: report.latency.p90Ms,
    latencyP90Interval: report.latency.p90CiMs,
    throughputPerSecond: report.throughput.examplesPerSecond,
  };
}

export function composeBenchmarkReport(tasks: BenchmarkTaskReport[], totalMs: number): BenchmarkReport {
  const first = tasks[0];
  if (!first) throw new Error("a benchmark report needs at least one task");
  const aggregateOf = (part: "test" | "public" | "private") => {
    const figures = tasks.map((task) => taskFigures(task, part));
    return figures.every((figure) => figure !== null) ? benchmarkAggregate(figures as TaskFigures[]) : undefined;
  };
  const noisyReasons = tasks.flatMap((task) => task.report.noisyReasons.map((reason) => `${task.slug}: ${reason}`));
  const publicPart = aggregateOf("public");
  const privatePart = aggregateOf("private");
  return {
    status: "ok",
    kind: "benchmark",
    profile: first.report.profile,
    tasks,
    aggregates: {
      test: aggregateOf("test")!,
      ...(publicPart ? { public: publicPart } : {}),
      ...(privatePart ? { private: privatePart } : {}),
    },
    sandboxed: tasks.every((task) => task.report.sandboxed),
    noisy: tasks.some((task) => task.report.noisy),
    noisyReasons,
    versions: first.report.versions,
    timings: { totalMs },
  };
}
