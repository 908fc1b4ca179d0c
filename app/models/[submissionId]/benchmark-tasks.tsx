/**
 * A multi-task model's page section: the benchmark's aggregates (docs/methodology.md, "Multi-task tracks") and
 * each task's full measurement, from the rows the runner stored per task ("task:<slug>:<split>").
 */
import { formatQualityPercent, formatWeight } from "@/lib/format/metric-names";
import { formatSi, formatSignificant, MISSING_FIGURE as MISSING } from "@/lib/format/si-quantity";
import type { BenchmarkTaskMeasurement } from "@/lib/data/model-page";

type Json = Record<string, unknown>;

/** Seconds from milliseconds, for the SI formatter. */
const secondsOf = (ms: number | null) => (ms === null ? null : ms / 1000);

export const formatJoules = (joules: number | null | undefined) => formatSi(joules, "J");

/** Counts are exact: 3,603 examples, not 3,600. */
const formatCount = (value: number | null) => (value === null ? MISSING : value.toLocaleString("en-US"));

const numberOr = (value: unknown): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;
const pair = (value: unknown) =>
  Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "number")
    ? { low: value[0] as number, high: value[1] as number }
    : null;

export function BenchmarkSummary({ details }: { details: Json }) {
  const benchmark = (details.benchmark ?? {}) as Json;
  const tasks = Array.isArray(details.tasks) ? (details.tasks as Json[]) : [];
  const interval = pair(benchmark.energyInterval);
  return (
    <section aria-labelledby="benchmark-heading" className="space-y-2 text-sm" data-testid="benchmark-summary">
      <h2 id="benchmark-heading" className="text-lg font-semibold">
        The benchmark as a whole
      </h2>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <dt className="font-semibold">Benchmark score</dt>
        <dd>
          {formatQualityPercent(numberOr(benchmark.score))} (weighted mean of the task scores, as SuperGLUE computes its
          score)
        </dd>
        <dt className="font-semibold">Benchmark energy</dt>
        <dd>
          {formatJoules(numberOr(benchmark.energyJoules))} to answer all {formatCount(numberOr(benchmark.answers))} test
          examples once
          {interval
            ? ` (95% interval per task, summed: ${formatJoules(interval.low)} to ${formatJoules(interval.high)})`
            : ""}
        </dd>
        <dt className="font-semibold">Energy per 1,000 answers, mean over tasks</dt>
        <dd>{formatSi(numberOr(benchmark.meanWhPerThousand), "Wh")}</dd>
        <dt className="font-semibold">Slowest task&apos;s latency p90</dt>
        <dd>
          {formatSi(secondsOf(numberOr(benchmark.slowestP90Ms)), "s")} ({String(benchmark.slowestP90Task ?? MISSING)})
        </dd>
        <dt className="font-semibold">Tasks</dt>
        <dd>
          {tasks
            .map(
              (task) =>
                `${String(task.slug)} (${String(task.metric)}, weight ${formatWeight(numberOr(task.weight) ?? 0)}, ${formatCount(numberOr(task.testExamples))} examples, ${formatCount(numberOr(task.truncated))} truncated)`,
            )
            .join("; ") || MISSING}
        </dd>
      </dl>
    </section>
  );
}

export function BenchmarkTasks({ tasks }: { tasks: BenchmarkTaskMeasurement[] }) {
  return (
    <section aria-labelledby="benchmark-tasks-heading" className="space-y-2 text-sm">
      <h2 id="benchmark-tasks-heading" className="text-lg font-semibold">
        Each task&apos;s measurement
      </h2>
      <div
        className="max-w-full overflow-x-auto"
        tabIndex={0}
        role="region"
        aria-label="Each task's measurement, scrolls sideways"
      >
        <table className="text-sm" data-testid="benchmark-tasks">
          <thead>
            <tr>
              {[
                "Task",
                "Split",
                "Examples",
                "Metrics",
                "Energy / inference",
                "95% interval",
                "Energy / 1,000 inferences",
                "p50",
                "p90",
                "Throughput",
                "Method",
              ].map((label) => (
                <th key={label} scope="col" className="pr-4 text-left">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tasks.flatMap((task) =>
              task.splits.map((split, index) => {
                const m = task.measurement;
                const energyInterval =
                  m.energyCiLowJoulesPerInference !== null && m.energyCiHighJoulesPerInference !== null
                    ? { low: m.energyCiLowJoulesPerInference, high: m.energyCiHighJoulesPerInference }
                    : null;
                return (
                  <tr key={`${task.slug}:${split.split}`} className="border-t border-stone-200 dark:border-stone-700">
                    <th scope="row" className="py-1 pr-4 text-left">
                      {index === 0 ? task.slug : ""}
                    </th>
                    <td className="pr-4">{split.split}</td>
                    <td className="pr-4">{split.examples}</td>
                    <td className="pr-4">
                      {Object.entries(split.metrics)
                        .map(([name, value]) => `${name} ${formatSignificant(value, 4)}`)
                        .join(", ")}
                    </td>
                    <td className="pr-4">{index === 0 ? formatJoules(m.energyJoulesPerInference) : ""}</td>
                    <td className="pr-4">
                      {index === 0
                        ? energyInterval
                          ? `${formatJoules(energyInterval.low)} to ${formatJoules(energyInterval.high)}`
                          : "interval not reported"
                        : ""}
                    </td>
                    <td className="pr-4">{index === 0 ? formatSi(m.energyWhPerThousand, "Wh") : ""}</td>
                    <td className="pr-4">{index === 0 ? formatSi(secondsOf(m.latencyP50Ms), "s") : ""}</td>
                    <td className="pr-4">{index === 0 ? formatSi(secondsOf(m.latencyP90Ms), "s") : ""}</td>
                    <td className="pr-4">
                      {index === 0
                        ? m.throughputPerSecond === null
                          ? MISSING
                          : `${formatSignificant(m.throughputPerSecond)}/s`
                        : ""}
                    </td>
                    <td>{index === 0 ? `${m.energyMethod ?? MISSING}${m.noisy ? ", noisy" : ""}` : ""}</td>
                  </tr>
                );
              }),
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
