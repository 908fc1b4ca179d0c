/**
 * The CLI's check before uploading: the site's own bundle check (lib/bundle/check-bundle-for-task.ts) against the
 * task of every track named, read from API v1, or for a multi-task track the site's multi-task check
 * (lib/submissions/check-benchmark-bundle.ts: one folder per task, each checked against its task). A bundle the
 * site would refuse is stopped here with the code the site would give, before its bytes are sent.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isBundleError } from "../../lib/bundle/bundle-error";
import { checkBundleForTask, readBundle, type TaskShape } from "../../lib/bundle/check-bundle-for-task";
import { isModelError } from "../../lib/onnx/model-error";
import { isBundleRejected } from "../../lib/submissions/bundle-rejected";
import { type BenchmarkTaskShape, checkBenchmarkBundle } from "../../lib/submissions/check-benchmark-bundle";

export interface PreflightProblem {
  code: string;
  message: string;
  details: string[];
}

/** The first problem the site would refuse the bundle for, or null when every task accepts it. */
export async function preflightBundle(
  bundlePath: string,
  tasks: readonly TaskShape[],
): Promise<PreflightProblem | null> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-preflight-"));
  try {
    const bundle = await readBundle(path.resolve(bundlePath), path.join(workDir, "bundle"));
    for (const task of tasks) checkBundleForTask(bundle, task);
    return null;
  } catch (error) {
    if (isBundleError(error)) return { code: error.code, message: error.message, details: error.details ?? [] };
    if (isModelError(error)) return { code: error.code, message: error.message, details: [] };
    throw error;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The same for a multi-task track's bundle, against the track's tasks (API v1's `benchmarkTasks`). */
export async function preflightBenchmarkBundle(
  bundlePath: string,
  tasks: readonly BenchmarkTaskShape[],
): Promise<PreflightProblem | null> {
  try {
    await checkBenchmarkBundle(path.resolve(bundlePath), tasks);
    return null;
  } catch (error) {
    // The site answers BUNDLE_REJECTED with the reason as its code's detail; the CLI names the reason.
    if (isBundleRejected(error)) return { code: error.reason, message: error.message, details: error.details };
    if (isModelError(error)) return { code: error.code, message: error.message, details: [] };
    throw error;
  }
}
