/**
 * The `results` rows of a finished multi-task evaluation:
 * - each task's own rows, as a single-task evaluation writes them (./result-rows.ts), their split prefixed with
 *   the task: "task:boolq:public", "task:cb:private", "task:rte:ood:<name>";
 * - the track's aggregate rows, "public" and "private" (or "test" when the tests were not divided), which the
 *   board ranks: metrics { benchmark_score, "task:<slug>": each task's score }; energy per inference the
 *   benchmark energy per answer (so ranking on it ranks on the benchmark energy); p50 and p90 the slowest
 *   task's; throughput the benchmark's answers per second. details.benchmark holds the aggregate itself.
 * A noisy or held task makes the aggregate rows noisy or held. Pure: tested without a database.
 */
import { BENCHMARK_SCORE_METRIC, taskScoreKey, type BenchmarkAggregate } from "../../lib/multitask/benchmark-aggregate";
import type { BenchmarkReport } from "../evaluate/benchmark-report";
import { resultRows, type ResultRow } from "./result-rows";

export function benchmarkResultRows(evaluationId: string, report: BenchmarkReport): ResultRow[] {
  const taskRows = report.tasks.flatMap((task) =>
    resultRows(evaluationId, task.report).map((row) => ({ ...row, split: `task:${task.slug}:${row.split}` })),
  );
  const parts = (["public", "private"] as const).filter((part) => report.aggregates[part]);
  const aggregateRows = (parts.length > 0 ? parts : (["test"] as const)).map((part) =>
    aggregateRow(evaluationId, report, part, report.aggregates[part]!),
  );
  return [...aggregateRows, ...taskRows];
}

function aggregateRow(
  evaluationId: string,
  report: BenchmarkReport,
  split: string,
  aggregate: BenchmarkAggregate,
): ResultRow {
  const reports = report.tasks.map((task) => task.report);
  const slowest = report.tasks.find((task) => task.slug === aggregate.slowestP90Task)!.report;
  const methods = [...new Set(reports.map((task) => task.energy.method))];
  const energyPerAnswer = aggregate.energyJoulesPerAnswer;
  const examplesOf = (task: (typeof report.tasks)[number]) =>
    task.report.scores.find((score) => score.split === "test")!.examples;
  const carbonKnown = reports.every((task) => task.carbon.gramsPerThousand !== null);
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const modelFacts = (key: "parameters" | "nonZeroParameters" | "fileSizeBytes") =>
    sum(reports.map((task) => task.model[key]));
  const parameters = modelFacts("parameters");
  const scoreSplit = (task: (typeof report.tasks)[number]) =>
    split === "test"
      ? task.report.scores.find((score) => score.split === "test")!
      : task.report.scores.find((score) => score.split === "test")!.parts!.find((part) => part.name === split)!;
  return {
    evaluationId,
    split,
    examples: sum(report.tasks.map((task) => scoreSplit(task).examples)),
    metrics: {
      [BENCHMARK_SCORE_METRIC]: aggregate.score,
      ...Object.fromEntries(Object.entries(aggregate.taskScores).map(([slug, score]) => [taskScoreKey(slug), score])),
    },
    latencyP50Ms: aggregate.slowestP50Ms,
    latencyP90Ms: aggregate.slowestP90Ms,
    latencyP99Ms: Math.max(...reports.map((task) => task.latency.p99Ms)),
    latencyMeanMs: sum(report.tasks.map((task) => task.report.latency.meanMs * examplesOf(task))) / aggregate.answers,
    latencyP50CiLowMs: null,
    latencyP50CiHighMs: null,
    latencyP90CiLowMs: aggregate.slowestP90Interval[0],
    latencyP90CiHighMs: aggregate.slowestP90Interval[1],
    throughputPerSecond: aggregate.throughputPerSecond,
    throughputCiLowPerSecond: null,
    throughputCiHighPerSecond: null,
    energyJoulesPerInference: energyPerAnswer,
    energyCiLowJoulesPerInference: aggregate.energyIntervalPerAnswer?.[0] ?? null,
    energyCiHighJoulesPerInference: aggregate.energyIntervalPerAnswer?.[1] ?? null,
    energyWhPerThousand: energyPerAnswer === null ? null : (energyPerAnswer * 1000) / 3600,
    energyMethod: methods.length === 1 ? methods[0]! : methods.join(" / "),
    energyKind: reports.every((task) => task.energy.kind === "measured") ? "measured" : "estimated",
    energyGrossJoulesPerInference: null,
    energyGrossCiLowJoulesPerInference: null,
    energyGrossCiHighJoulesPerInference: null,
    energyHostMethod: null,
    energyHostJoulesPerInference: null,
    energyGpuMethod: null,
    energyGpuJoulesPerInference: null,
    carbonGramsPerThousand: carbonKnown
      ? sum(report.tasks.map((task) => task.report.carbon.gramsPerThousand! * examplesOf(task))) / aggregate.answers
      : null,
    peakRssBytes: Math.max(...reports.map((task) => task.memory.peakRssBytes ?? 0)) || null,
    noisy: report.noisy,
    noisyReasons: report.noisyReasons,
    reruns: sum(reports.map((task) => task.reruns)),
    interference: {},
    sandboxed: report.sandboxed,
    // The benchmark's models together: what a team ships to answer all of it.
    modelFacts: {
      parameters,
      nonZeroParameters: modelFacts("nonZeroParameters"),
      sparsity: parameters === 0 ? 0 : 1 - modelFacts("nonZeroParameters") / parameters,
      fileSizeBytes: modelFacts("fileSizeBytes"),
      // Per answer, weighted by the tasks' test sizes, as the energy is.
      macsPerExample: {
        total:
          sum(report.tasks.map((task) => task.report.model.macsPerExample.total * examplesOf(task))) /
          aggregate.answers,
      },
    },
    hostFingerprint: { ...reports[0]!.host },
    details: {
      benchmark: { ...aggregate },
      tasks: report.tasks.map((task) => ({
        slug: task.slug,
        metric: task.metric,
        weight: task.weight,
        testExamples: examplesOf(task),
        truncated: task.report.scores.find((score) => score.split === "test")!.truncated ?? 0,
      })),
      versions: report.versions,
      timings: report.timings,
    },
    heldForReview: reports.some((task) => task.audit?.flagged ?? false),
  };
}
