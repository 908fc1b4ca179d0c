/**
 * The site's check of a multi-task bundle before anything is queued: the layout (lib/bundle/benchmark-bundle.ts),
 * then each task's own bundle with the single-task check (./check-bundle.ts), every problem of every task named
 * in one refusal, prefixed with the task's slug. The temporary extraction is always removed.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isBundleError, joinProblems } from "../bundle/bundle-error";
import { splitBenchmarkBundle } from "../bundle/benchmark-bundle";
import { BundleRejectedError, isBundleRejected } from "./bundle-rejected";
import { checkBundleForTasks, type TaskShape } from "./check-bundle";

export type BenchmarkTaskShape = TaskShape & { slug: string };

export async function checkBenchmarkBundle(bundlePath: string, tasks: readonly BenchmarkTaskShape[]): Promise<void> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-check-benchmark-"));
  try {
    const bundles = await splitBenchmarkBundle(
      bundlePath,
      path.join(workDir, "split"),
      tasks.map((task) => task.slug),
    ).catch((error: unknown) => {
      throw isBundleError(error)
        ? new BundleRejectedError(error.code, error.message, error.details ?? [error.message])
        : error;
    });
    const problems: string[] = [];
    for (const bundle of bundles) {
      const task = tasks.find((candidate) => candidate.slug === bundle.slug)!;
      try {
        await checkBundleForTasks(bundle.zipPath, [task]);
      } catch (error) {
        if (!isBundleRejected(error)) throw error;
        const details = error.details.length > 0 ? error.details : [error.message];
        problems.push(...details.map((detail) => `${bundle.slug}: ${detail}`));
      }
    }
    if (problems.length > 0) {
      throw new BundleRejectedError(
        "BENCHMARK_TASK_INVALID",
        `The multi-task bundle does not fit its tasks: ${joinProblems(problems, 20)}.`,
        problems,
      );
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
