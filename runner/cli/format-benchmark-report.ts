import type { BenchmarkReport } from "../evaluate/benchmark-report";

const sig = (value: number | null | undefined) =>
  value === null || value === undefined ? "missing" : Number(value.toPrecision(3)).toString();

/** A figure with an SI prefix on its unit, 3 significant digits: "808 mJ", "59.5 µWh". */
function si(value: number | null, unit: string): string {
  if (value === null) return "missing";
  const [scale, prefix] = (
    [
      [1e3, "k"],
      [1, ""],
      [1e-3, "m"],
      [1e-6, "µ"],
    ] as const
  ).find(([factor]) => Math.abs(value) >= factor) ?? [1e-9, "n"];
  return `${sig(value / scale)} ${prefix}${unit}`;
}
const joules = (value: number | null) => si(value, "J");

/** The summary `joulebench evaluate --task a,b,c` prints: each task, then the benchmark's aggregates. */
export function formatBenchmarkReport(report: BenchmarkReport): string {
  const lines: string[] = [];
  lines.push(
    `Joulebench multi-task evaluation: ${report.tasks.map((task) => task.slug).join(", ")} on ${report.profile}${report.sandboxed ? "" : "  (UNSANDBOXED)"}${report.noisy ? "  (NOISY)" : ""}`,
  );
  for (const reason of report.noisyReasons) lines.push(`  noisy: ${reason}`);
  lines.push("");
  lines.push("Per task");
  for (const task of report.tasks) {
    const test = task.report.scores.find((score) => score.split === "test");
    const score = report.aggregates.test.taskScores[task.slug];
    const { energy, latency } = task.report;
    lines.push(
      `  ${task.slug.padEnd(10)} ${task.metric} ${sig(score)} (weight ${task.weight})  n=${test?.examples ?? "?"}, ${test?.truncated ?? 0} truncated  ` +
        `${joules(energy.joulesPerInference)} per inference  p50 ${sig(latency.p50Ms)} ms  p90 ${sig(latency.p90Ms)} ms  ${sig(task.report.throughput.examplesPerSecond)} /s`,
    );
  }
  const aggregate = report.aggregates.test;
  lines.push("");
  lines.push("Benchmark");
  lines.push(`  score ${sig(aggregate.score)} (weighted mean of the task scores, as SuperGLUE computes it)`);
  lines.push(
    `  energy ${joules(aggregate.energyJoules)} to answer all ${aggregate.answers.toLocaleString("en")} test examples once` +
      (aggregate.energyInterval
        ? ` [tasks' 95% intervals summed: ${joules(aggregate.energyInterval[0])}–${joules(aggregate.energyInterval[1])}]`
        : "") +
      `; ${si(aggregate.meanWhPerThousand, "Wh")} per 1,000 answers, mean over tasks`,
  );
  lines.push(
    `  slowest task's p90 ${sig(aggregate.slowestP90Ms)} ms (${aggregate.slowestP90Task}); ${sig(aggregate.throughputPerSecond)} answers/s over the benchmark`,
  );
  lines.push(`Took ${(report.timings.totalMs / 1000).toFixed(1)} s`);
  return `${lines.join("\n")}\n`;
}
