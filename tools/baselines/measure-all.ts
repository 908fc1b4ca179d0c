/**
 * `npx tsx tools/baselines/measure-all.ts`: runs every built baseline (.data/baselines/build-summary.json, from
 * `npm run baselines`) through `joulebench evaluate --json` on each hardware profile and every split of its
 * task, and collects the reports in .data/baselines/results.json, written after each run so an interrupted
 * measurement keeps what it has. The chart (render-chart.ts) and docs/BASELINES.md are made from that file.
 *
 * It goes through the CLI, in a child process, because that is exactly the path a team's pre-flight takes, and
 * because only runner/ may load onnxruntime. Options:
 *   --profiles cpu-1t,cpu-2t   --only name,name   --blocks N   --quick (the short protocol, for a dry run)
 *   --dir .data/baselines
 */
import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { getTaskDefinition } from "../../lib/tasks/shipped-tasks";
import { splitFiles } from "../../lib/tasks/task-definition";

export interface MeasuredRun {
  name: string;
  task: string;
  profile: string;
  splits: string[];
  status: "ok" | "failed";
  /** The CLI's JSON report (status "ok") or its error object. */
  report: Record<string, unknown>;
  /** When the run started (ISO 8601), and the host's 1/5/15-minute load averages just before: on a shared host they
   * say how much else was running, which the report's own noise flag only hints at. Absent in older results. */
  startedAt?: string;
  loadAverage?: number[];
}

export interface MeasureOptions {
  dir: string;
  profiles: string[];
  only: string[] | null;
  blocks: number | null;
  quick: boolean;
}

/** Short enough for a smoke test of the whole pipeline; the numbers it gives are not for publication. */
const QUICK_PROTOCOL = [
  "--blocks",
  "2",
  "--min-queries",
  "50",
  "--min-duration-ms",
  "200",
  "--throughput-min-duration-ms",
  "200",
];

export function parseMeasureOptions(argv: readonly string[]): MeasureOptions {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const list = (text: string | undefined) =>
    text
      ? text
          .split(",")
          .map((item) => item.trim())
          .filter(Boolean)
      : null;
  const blocks = value("--blocks");
  return {
    dir: path.resolve(value("--dir") ?? ".data/baselines"),
    profiles: list(value("--profiles")) ?? ["cpu-1t", "cpu-2t"],
    only: list(value("--only")),
    blocks: blocks === undefined ? null : Number(blocks),
    quick: argv.includes("--quick"),
  };
}

/** Every split the task defines: test, dev when there is one, and each out-of-domain set. */
export function splitsOf(taskSlug: string): string[] {
  return splitFiles(getTaskDefinition(taskSlug)).map((file) => file.split);
}

export function evaluateArguments(bundle: string, task: string, profile: string, options: MeasureOptions): string[] {
  return [
    "runner/cli.mjs",
    "evaluate",
    bundle,
    "--task",
    task,
    "--profile",
    profile,
    "--split",
    ...splitsOf(task),
    ...(options.quick ? QUICK_PROTOCOL : options.blocks !== null ? ["--blocks", String(options.blocks)] : []),
    "--json",
  ];
}

async function main(): Promise<void> {
  const options = parseMeasureOptions(process.argv.slice(2));
  const summary = JSON.parse(await readFile(path.join(options.dir, "build-summary.json"), "utf8")) as {
    baselines: { name: string; task: string; bundle: string }[];
  };
  const chosen = summary.baselines.filter((baseline) => options.only === null || options.only.includes(baseline.name));
  const runs: MeasuredRun[] = [];
  const resultsPath = path.join(options.dir, "results.json");
  for (const baseline of chosen) {
    for (const profile of options.profiles) {
      process.stderr.write(`${baseline.name} on ${profile} ...\n`);
      const args = evaluateArguments(baseline.bundle, baseline.task, profile, options);
      const startedAt = new Date().toISOString();
      const loadAverage = os.loadavg().map((value) => Number(value.toFixed(2)));
      // One evaluation at a time: concurrent runs would share cores and spoil each other's energy numbers.
      const child = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      let report: Record<string, unknown>;
      try {
        report = JSON.parse(child.stdout) as Record<string, unknown>;
      } catch {
        report = {
          status: "failed",
          error: { code: "NO_JSON", message: `exit ${child.status}: ${child.stderr.slice(-2000)}` },
        };
      }
      runs.push({
        name: baseline.name,
        task: baseline.task,
        profile,
        splits: splitsOf(baseline.task),
        status: report.status === "ok" ? "ok" : "failed",
        report,
        startedAt,
        loadAverage,
      });
      await writeFile(
        resultsPath,
        `${JSON.stringify({ protocol: options.quick ? "quick" : "full", runs }, null, 2)}\n`,
      );
    }
  }
  const failed = runs.filter((run) => run.status === "failed");
  process.stderr.write(
    `wrote ${runs.length} runs to ${path.relative(process.cwd(), resultsPath)}${failed.length ? `; ${failed.length} failed` : ""}\n`,
  );
  if (failed.length > 0) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  await main();
}
