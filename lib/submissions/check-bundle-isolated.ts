/**
 * The site's bundle check (./check-bundle.ts), run in a child process with a capped heap, so the web process
 * never holds an inflated model: a 1 MiB upload that inflates to a few hundred MiB (within the zip limits)
 * costs the child that memory for a second, and the web process nothing (docs/BENCHMARKS.md, bench:submit).
 * At most CONCURRENT_CHECKS children run at once; later uploads wait their turn, so a burst of uploads cannot
 * multiply the memory either.
 */
import type { BenchmarkTaskShape } from "./check-benchmark-bundle";
import { spawn } from "node:child_process";
import path from "node:path";
import type { Manifest } from "../bundle/bundle-manifest";
import { BundleRejectedError } from "./bundle-rejected";
import type { CheckedBundle, TaskShape } from "./check-bundle";
import type { ChildAnswer } from "./check-bundle-child";

/**
 * V8's heap in the child. Decoding a model keeps its graph and any tensors stored as repeated numbers on the
 * heap; weights stored as raw bytes stay in the file's buffer, which is bounded by the zip's 1 GiB per file.
 */
export const CHECK_HEAP_MIB = 1024;
const CONCURRENT_CHECKS = 2;

let running = 0;
const waiting: (() => void)[] = [];

async function turn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= CONCURRENT_CHECKS) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/** The child's script: found from the project root, which is the working directory of every launcher and test. */
function childScript(): string {
  return path.join(process.cwd(), "lib", "submissions", "check-bundle-child.ts");
}

function childEnvironment(): NodeJS.ProcessEnv {
  const env: Record<string, string> = {};
  for (const name of ["PATH", "NODE_ENV", "TMPDIR", "HOME"]) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return env as NodeJS.ProcessEnv;
}

/** As checkBundleForTasks: throws BundleRejectedError naming every problem, or returns the checked manifest. */
export function checkBundleInChildProcess(bundlePath: string, tasks: readonly TaskShape[]): Promise<CheckedBundle> {
  return turn(() => runChild(bundlePath, tasks, false));
}

/**
 * As checkBenchmarkBundle (a multi-task bundle, one folder per task, each task checked as a single-task bundle),
 * in the same capped child: a multi-task bundle inflates one model per task, so it needs the cap more, not less.
 */
export async function checkBenchmarkBundleInChildProcess(
  bundlePath: string,
  tasks: readonly BenchmarkTaskShape[],
): Promise<void> {
  await turn(() => runChild(bundlePath, tasks, true));
}

function runChild(bundlePath: string, tasks: readonly TaskShape[], benchmark: boolean): Promise<CheckedBundle> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${CHECK_HEAP_MIB}`, "--import", "tsx", childScript()],
      {
        cwd: process.cwd(),
        stdio: ["pipe", "pipe", "pipe"],
        // Only what node and the temporary folder need: the child has no business with the site's secrets.
        env: childEnvironment(),
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
    child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr = (stderr + text).slice(-4000)));
    child.once("error", reject);
    child.once("close", (code, signal) => {
      const line = stdout.trim().split("\n").at(-1) ?? "";
      let answer: ChildAnswer | undefined;
      try {
        answer = JSON.parse(line) as ChildAnswer;
      } catch {
        answer = undefined;
      }
      if (answer?.ok)
        return resolve({ manifest: answer.manifest as Manifest, manifestInferred: answer.manifestInferred });
      if (answer && "reason" in answer)
        return reject(new BundleRejectedError(answer.reason, answer.message, answer.details));
      if (/heap out of memory|Allocation failed/i.test(stderr)) {
        return reject(
          new BundleRejectedError(
            "TOO_LARGE",
            `The model needs more than ${CHECK_HEAP_MIB} MiB of memory to read; a bundle must be readable within that.`,
          ),
        );
      }
      reject(
        new Error(
          `bundle check child failed (exit ${code ?? signal}): ${answer && "internal" in answer ? answer.internal : stderr}`,
        ),
      );
    });
    child.stdin.end(JSON.stringify({ bundlePath, tasks, benchmark }));
  });
}
