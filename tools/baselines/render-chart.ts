/**
 * `npx tsx tools/baselines/render-chart.ts`: draws docs/baselines-quality-vs-energy.svg from the measurements
 * measure-all.ts wrote (.data/baselines/results.json). Options: --results <file>, --out <file>.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { getTaskDefinition } from "../../lib/tasks/shipped-tasks";
import type { MeasuredRun } from "./measure-all";
import { chartPoints, renderQualityEnergySvg } from "./quality-energy-chart";

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const option = (flag: string, fallback: string) => {
    const index = argv.indexOf(flag);
    return path.resolve(index >= 0 && argv[index + 1] ? argv[index + 1]! : fallback);
  };
  const resultsPath = option("--results", ".data/baselines/results.json");
  const outPath = option("--out", "docs/baselines-quality-vs-energy.svg");
  const results = JSON.parse(await readFile(resultsPath, "utf8")) as { protocol: string; runs: MeasuredRun[] };
  // The first metric of a task is its headline (lib/tasks/task-definition.ts).
  const points = chartPoints(results.runs, (task) => getTaskDefinition(task).metrics[0]!);
  // The energy method belongs in the title: an estimate and a RAPL reading of the same run are different figures.
  const methods = [
    ...new Set(
      results.runs.map((run) => (run.report as { energy?: { method?: string } }).energy?.method).filter(Boolean),
    ),
  ];
  const title = [
    "Joulebench baselines: quality vs energy",
    methods.length > 0 ? ` (energy ${methods.join(" / ")})` : "",
    results.protocol === "quick" ? " (quick protocol, not for publication)" : "",
  ].join("");
  await writeFile(outPath, renderQualityEnergySvg(points, title));
  process.stderr.write(`drew ${points.length} points into ${path.relative(process.cwd(), outPath)}\n`);
}

await main();
