/**
 * The aggregates of a multi-task track, from each task's own measurement (docs/methodology.md, "Multi-task
 * tracks"). Pure: the runner's report, the result rows and the unit test that recomputes them by hand all call
 * this one function.
 *
 * - Benchmark score: the weighted mean of the task scores, as SuperGLUE computes its score (Wang et al. 2019,
 *   section 4: "a simple average of scores across tasks", a task with two metrics contributing their mean,
 *   lib/tasks/task-score.ts). With every weight 1 it is SuperGLUE's number.
 * - Benchmark energy: what it costs to answer every test example of every task once, Σ energy per inference of
 *   task i × test examples of task i, in joules. SustaiNLP 2020 measured the energy of running the whole test
 *   sets (Wang and Wolf 2020); the per-task sum is this project's own way to get that figure from per-task
 *   measurements. Its interval adds the tasks' interval bounds the same way: when every task's interval holds,
 *   the sum lies inside it, so it holds at least as often as all of them together (at least 1 − Σ of their
 *   miss rates, Bonferroni), and in practice more, since the tasks' errors do not all lean the same way.
 * - Energy per 1,000 answers averaged over tasks: the unweighted mean of the tasks' Wh per 1,000, beside the total,
 *   so a small task is not drowned by a large one.
 * - Latency: each task keeps its p50 and p90; the benchmark's is the slowest task's p90.
 */
import { metricValue } from "../tasks/task-score";

/** The quality metric of a multi-task track's aggregate result rows. */
export const BENCHMARK_SCORE_METRIC = "benchmark_score";
/** A task's own score in the aggregate rows' metrics: "task:<slug>". */
export const taskScoreKey = (slug: string) => `task:${slug}`;

export interface TaskFigures {
  slug: string;
  /** The track's metric for this task (its score) and its weight in the benchmark score. */
  metric: string;
  weight: number;
  /** Examples in the task's whole test split: what answering the task once costs. */
  testExamples: number;
  /** The task's metrics on the part of the test split being aggregated (public, private or all of it). */
  metrics: Record<string, number>;
  energyJoulesPerInference: number | null;
  energyInterval: [number, number] | null;
  latencyP50Ms: number;
  latencyP90Ms: number;
  latencyP90Interval: [number, number];
  throughputPerSecond: number;
}

export interface BenchmarkAggregate {
  score: number;
  /** Each task's score (its metric, CB's being the mean of two), by slug. */
  taskScores: Record<string, number>;
  /** Answers it takes to go through every test set once. */
  answers: number;
  /** Joules to answer every test example of every task once; null when a task has no energy figure. */
  energyJoules: number | null;
  energyInterval: [number, number] | null;
  /** energyJoules / answers: ranking on it ranks on the benchmark energy (the answers are the track's, fixed). */
  energyJoulesPerAnswer: number | null;
  energyIntervalPerAnswer: [number, number] | null;
  /** Unweighted mean over tasks of Wh per 1,000 inferences. */
  meanWhPerThousand: number | null;
  slowestP90Ms: number;
  slowestP90Interval: [number, number];
  slowestP90Task: string;
  slowestP50Ms: number;
  /** Answers per second over the whole benchmark: answers / Σ (test examples / the task's throughput). */
  throughputPerSecond: number;
}

export function benchmarkAggregate(tasks: readonly TaskFigures[]): BenchmarkAggregate {
  if (tasks.length === 0) throw new RangeError("benchmarkAggregate: no tasks");
  const totalWeight = tasks.reduce((sum, task) => sum + task.weight, 0);
  if (!(totalWeight > 0))
    throw new RangeError(
      `benchmarkAggregate: the weights add up to ${totalWeight}; they must add up to a positive number`,
    );

  const taskScores: Record<string, number> = {};
  let weighted = 0;
  for (const task of tasks) {
    const score = metricValue(task.metrics, task.metric);
    if (score === null) throw new RangeError(`benchmarkAggregate: task ${task.slug} has no ${task.metric}`);
    taskScores[task.slug] = score;
    weighted += task.weight * score;
  }

  const answers = tasks.reduce((sum, task) => sum + task.testExamples, 0);
  const everyEnergy = tasks.every((task) => task.energyJoulesPerInference !== null);
  const energyJoules = everyEnergy
    ? tasks.reduce((sum, task) => sum + task.energyJoulesPerInference! * task.testExamples, 0)
    : null;
  const everyInterval = everyEnergy && tasks.every((task) => task.energyInterval !== null);
  const energyInterval: [number, number] | null = everyInterval
    ? [
        tasks.reduce((sum, task) => sum + task.energyInterval![0] * task.testExamples, 0),
        tasks.reduce((sum, task) => sum + task.energyInterval![1] * task.testExamples, 0),
      ]
    : null;
  const slowest = tasks.reduce((worst, task) => (task.latencyP90Ms > worst.latencyP90Ms ? task : worst));
  const secondsForAll = tasks.reduce((sum, task) => sum + task.testExamples / task.throughputPerSecond, 0);

  return {
    score: weighted / totalWeight,
    taskScores,
    answers,
    energyJoules,
    energyInterval,
    energyJoulesPerAnswer: energyJoules === null ? null : energyJoules / answers,
    energyIntervalPerAnswer:
      energyInterval === null ? null : [energyInterval[0] / answers, energyInterval[1] / answers],
    meanWhPerThousand: everyEnergy
      ? tasks.reduce((sum, task) => sum + (task.energyJoulesPerInference! * 1000) / 3600, 0) / tasks.length
      : null,
    slowestP90Ms: slowest.latencyP90Ms,
    slowestP90Interval: slowest.latencyP90Interval,
    slowestP90Task: slowest.slug,
    slowestP50Ms: Math.max(...tasks.map((task) => task.latencyP50Ms)),
    throughputPerSecond: answers / secondsForAll,
  };
}
