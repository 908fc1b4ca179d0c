/**
 * The child half of checkBundleInChildProcess (./check-bundle-isolated.ts): reads `{ bundlePath, tasks }` as JSON
 * on stdin, runs the bundle check, and writes one JSON line: the checked bundle, or the refusal. Run by the web
 * process, never imported by it: the inflated model and its decoded graph live and die in this process.
 */
import { isBundleRejected } from "./bundle-rejected";
import { checkBenchmarkBundle, type BenchmarkTaskShape } from "./check-benchmark-bundle";
import { checkBundleForTasks, type TaskShape } from "./check-bundle";

export type ChildAnswer =
  | { ok: true; manifest: unknown; manifestInferred: boolean }
  | { ok: false; reason: string; message: string; details: string[] }
  | { ok: false; internal: string };

async function main(): Promise<ChildAnswer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const { bundlePath, tasks, benchmark } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
    bundlePath: string;
    tasks: TaskShape[];
    /** A multi-task bundle: each task's folder checked against its task (tasks carry their slugs then). */
    benchmark?: boolean;
  };
  try {
    if (benchmark) {
      await checkBenchmarkBundle(bundlePath, tasks as BenchmarkTaskShape[]);
      return { ok: true, manifest: null, manifestInferred: false };
    }
    const checked = await checkBundleForTasks(bundlePath, tasks);
    return { ok: true, manifest: checked.manifest, manifestInferred: checked.manifestInferred };
  } catch (error) {
    if (isBundleRejected(error))
      return { ok: false, reason: error.reason, message: error.message, details: error.details };
    return { ok: false, internal: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

const answer = await main();
process.stdout.write(`${JSON.stringify(answer)}\n`, () => process.exit(0));
