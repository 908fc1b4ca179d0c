/**
 * The site's bundle check, run before anything is queued: the one bundle check (lib/bundle/check-bundle-for-task.ts)
 * against the task of every track the team picked. A bundle that would fail in the runner fails here, with the
 * same code, and costs the team neither a queue slot nor quota. Run in a child process (./check-bundle-isolated.ts).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isBundleError } from "../bundle/bundle-error";
import { checkBundleForTask, readBundle, type CheckedBundle, type TaskShape } from "../bundle/check-bundle-for-task";
import { isModelError } from "../onnx/model-error";
import { BundleRejectedError } from "./bundle-rejected";

export type { CheckedBundle, TaskShape };

/** Throws BundleRejectedError naming every problem; the temporary extraction is always removed. */
export async function checkBundleForTasks(bundlePath: string, tasks: readonly TaskShape[]): Promise<CheckedBundle> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-check-"));
  try {
    const bundle = await readBundle(bundlePath, path.join(workDir, "bundle"));
    const [first, ...others] = tasks;
    if (!first) throw new Error("checkBundleForTasks needs at least one task");
    const result = checkBundleForTask(bundle, first);
    for (const task of others) checkBundleForTask(bundle, task);
    return result;
  } catch (error) {
    if (isBundleError(error)) throw new BundleRejectedError(error.code, error.message, error.details ?? []);
    if (isModelError(error)) throw new BundleRejectedError(error.code, error.message);
    throw error;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
