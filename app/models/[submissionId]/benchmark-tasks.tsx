/**
 * A multi-task model's page section: the benchmark's aggregates (docs/methodology.md, "Multi-task tracks") and
 * each task's full measurement, from the rows the runner stored per task ("task:<slug>:<split>").
 */
import { formatInterval, formatNumber, MISSING } from "@/app/components/leaderboard/format";
import type { BenchmarkTaskMeasurement } from "@/lib/data/model-page";

type Json = Record<string, unknown>;

/** A figure with an SI prefix on its unit, 3 significant digits: "3.7 J", "21.8 mJ", "67.3 µWh". */
export function formatSi(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  const prefixes: [number, string][] = [[1e3, "k"], [1, ""], [1e-3, "m"], [1e-6, "µ"], [1e-9, "n"]];
  const [scale, prefix] = prefixes.find(([factor]) => Math.abs(value) >= factor) ?? prefixes[prefixes.length - 1]!;
  return `${Number((value / scale).toPrecision(3)).toString()} ${prefix}${unit}`;
}

export const formatJoules = (joules: number | null | undefined) => formatSi(joules, "J");

/** Counts are exact: 3,603 examples, not 3,600. */
const formatCount = (value: number | null) => (value === null ? MISSING : value.toLocaleString("en-US"));

const numberOr = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);
const pair = (value: unknown) => (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "number") ? { low: value[0] as number, high: value[1] as number } : null);

export function BenchmarkSummary({ details }: { details: Json }) {
  const benchmark = (details.benchmark ?? {}) as Json;
  const tasks = Array.isArray(details.tasks) ? (details.tasks as Json[]) : [];
  const interval = pair(benchmark.energyInterval);
  return (
    <section aria-labelledby="benchmark-heading" className="space-y-2 text-sm" data-testid="benchmark-summary">
      <h2 id="benchmark-heading" className="text-lg font-semibold">The benchmark as a whole</h2>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <dt className="font-semibold">Benchmark score</dt>
        <dd>{formatNumber(numberOr(benchmark.score), 4)} (weighted mean of the task scores, as SuperGLUE computes its score)</dd>
        <dt className="font-semibold">Benchmark energy</dt>
        <dd>
          {formatJoules(numberOr(benchmark.energyJoules))} to answer all {formatCount(numberOr(benchmark.answers))} test examples once
          {interval ? ` (95% interval per task, summed: ${formatJoules(interval.low)} to ${formatJoules(interval.high)})` : ""}
        </dd>
        <dt className="font-semibold">Energy per 1,000 answers, mean over tasks</dt>
        <dd>{formatSi(numberOr(benchmark.meanWhPerThousand), "Wh")}</dd>
        <dt className="font-semibold">Slowest task&apos;s latency p90</dt>
        <dd>{formatNumber(numberOr(benchmark.slowestP90Ms))} ms ({String(benchmark.slowestP90Task ?? MISSING)})</dd>
        <dt className="font-semibold">Tasks</dt>
        <dd>
          {tasks.map((task) => `${String(task.slug)} (${String(task.metric)}, weight ${formatNumber(numberOr(task.weight))}, ${formatCount(numberOr(task.testExamples))} examples, ${formatCount(numberOr(task.truncated))} truncated)`).join("; ") || MISSING}
        </dd>
      </dl>
    </section>
  );
}

export function BenchmarkTasks({ tasks }: { tasks: BenchmarkTaskMeasurement[] }) {
  return (
    <section aria-labelledby="benchmark-tasks-heading" className="space-y-2 text-sm">
      <h2 id="benchmark-tasks-heading" className="text-lg font-semibold">Each task&apos;s measurement</h2>
      <div className="max-w-full overflow-x-auto" tabIndex={0} role="region" aria-label="Each task's measurement, scrolls sideways">
        <table className="text-sm" data-testid="benchmark-tasks">
          <thead>
            <tr>
              {["Task", "Split", "Examples", "Metrics", "Energy / inference", "95% interval", "Wh / 1,000", "p50 ms", "p90 ms", "Throughput /s", "Method"].map((label) => (
                <th key={label} scope="col" className="pr-4 text-left">{label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tasks.flatMap((task) =>
              task.splits.map((split, index) => {
                const m = task.measurement;
                const energyInterval = m.energyCiLowJoulesPerInference !== null && m.energyCiHighJoulesPerInference !== null ? { low: m.energyCiLowJoulesPerInference, high: m.energyCiHighJoulesPerInference } : null;
                return (
                  <tr key={`${task.slug}:${split.split}`} className="border-t border-stone-200 dark:border-stone-700">
                    <th scope="row" className="py-1 pr-4 text-left">{index === 0 ? task.slug : ""}</th>
                    <td className="pr-4">{split.split}</td>
                    <td className="pr-4">{split.examples}</td>
                    <td className="pr-4">{Object.entries(split.metrics).map(([name, value]) => `${name} ${formatNumber(value, 4)}`).join(", ")}</td>
                    <td className="pr-4">{index === 0 ? formatJoules(m.energyJoulesPerInference) : ""}</td>
                    <td className="pr-4">{index === 0 ? formatInterval(energyInterval) : ""}</td>
                    <td className="pr-4">{index === 0 ? formatSi(m.energyWhPerThousand, "Wh") : ""}</td>
                    <td className="pr-4">{index === 0 ? formatNumber(m.latencyP50Ms) : ""}</td>
                    <td className="pr-4">{index === 0 ? formatNumber(m.latencyP90Ms) : ""}</td>
                    <td className="pr-4">{index === 0 ? formatNumber(m.throughputPerSecond) : ""}</td>
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
