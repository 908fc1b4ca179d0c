/**
 * One evaluation of a multi-task bundle: its layout is checked and split into one single-task bundle per task
 * (lib/bundle/benchmark-bundle.ts), then each task is evaluated in turn with evaluateModel, under the same protocol
 * and integrity rules as a single-task track (evaluation data in the model, inconsistent predictions, the audit
 * split, a noisy measurement re-measured), with one progress bar over all of them. Shared by the CLI and the
 * queue worker.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { splitBenchmarkBundle } from "../../lib/bundle/benchmark-bundle";
import type { TaskDefinition } from "../../lib/tasks/task-definition";
import { measureUntilQuiet } from "../worker/rerun-noisy";
import { composeBenchmarkReport, type BenchmarkReport, type BenchmarkTaskReport } from "./benchmark-report";
import { evaluateModel, type EvaluateOptions } from "./evaluate-model";

export interface BenchmarkTaskInput {
  task: TaskDefinition;
  metric: string;
  weight: number;
  /** Where this task's split files are read from. */
  datasetsRoot: string;
  publicPrivateSplit?: { publicFraction: number; seed: number };
}

export interface EvaluateBenchmarkOptions
  extends Omit<EvaluateOptions, "task" | "datasetsRoot" | "publicPrivateSplit" | "splits"> {
  tasks: BenchmarkTaskInput[];
  /** Times a noisy task is measured again (the worker's protocol.maxReruns); 0 or absent: never. */
  maxReruns?: number;
  log?: (line: string) => void;
}

export async function evaluateBenchmark(options: EvaluateBenchmarkOptions): Promise<BenchmarkReport> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  progress({ stage: "validating", fraction: 0, detail: "splitting the multi-task bundle" });
  const workDir = await mkdtemp(path.join(options.workRoot ?? os.tmpdir(), "joulebench-benchmark-"));
  try {
    const bundles = await splitBenchmarkBundle(
      options.bundlePath,
      path.join(workDir, "tasks"),
      options.tasks.map((input) => input.task.slug),
    );
    const count = options.tasks.length;
    const reports: BenchmarkTaskReport[] = [];
    for (const [index, input] of options.tasks.entries()) {
      const bundle = bundles.find((candidate) => candidate.slug === input.task.slug)!;
      const label = `${input.task.slug} (${index + 1} of ${count})`;
      const report = await measureUntilQuiet(
        (rerun) =>
          evaluateModel({
            ...options,
            bundlePath: bundle.zipPath,
            task: input.task,
            datasetsRoot: input.datasetsRoot,
            publicPrivateSplit: input.publicPrivateSplit,
            // One bar for the whole benchmark: each task fills its share. After the first task the stage stays
            // "measuring", so the evaluation's timeline never goes back.
            onProgress: (update) =>
              progress({
                stage: index === 0 && rerun === 0 ? update.stage : "measuring",
                fraction: (index + update.fraction) / count,
                detail: `${label}${rerun > 0 ? `, re-measuring (${rerun})` : ""}: ${update.detail ?? update.stage}`,
              }),
          }),
        options.maxReruns ?? 0,
        (line) => options.log?.(`${input.task.slug}: ${line}`),
      );
      reports.push({ slug: input.task.slug, metric: input.metric, weight: input.weight, report });
    }
    return composeBenchmarkReport(reports, performance.now() - started);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
