import { mkdtemp, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  benchmarkEntries,
  FIXTURE_TOKENIZER,
  taskManifest,
  taskModel,
  writeBenchmarkBundle,
} from "../../test-support/multitask/benchmark-bundle-fixture";
import type { BundleRejectedError } from "./bundle-rejected";
import { checkBenchmarkBundle } from "./check-benchmark-bundle";

const TASKS = [
  { slug: "boolq", title: "BoolQ", labels: ["no", "yes"], inputFields: ["passage", "question"] },
  {
    slug: "cb",
    title: "CB",
    labels: ["entailment", "contradiction", "neutral"],
    inputFields: ["premise", "hypothesis"],
  },
  { slug: "rte", title: "RTE", labels: ["entailment", "not_entailment"], inputFields: ["premise", "hypothesis"] },
];

async function bundle(entries: Parameters<typeof writeBenchmarkBundle>[1]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "joulebench-benchmark-test-"));
  const zipPath = path.join(dir, "bundle.zip");
  await writeBenchmarkBundle(zipPath, entries);
  return zipPath;
}

async function refusal(zipPath: string): Promise<BundleRejectedError> {
  return checkBenchmarkBundle(zipPath, TASKS).then(
    () => {
      throw new Error("expected the bundle to be refused");
    },
    (error: BundleRejectedError) => error,
  );
}

const leftovers = async () =>
  (await readdir(os.tmpdir())).filter((name) => name.startsWith("joulebench-check-benchmark-")).length;

describe("checkBenchmarkBundle", () => {
  it("accepts one folder per task with the tokenizer stored once in shared/", async () => {
    await expect(checkBenchmarkBundle(await bundle(benchmarkEntries(TASKS)), TASKS)).resolves.toBeUndefined();
  });

  it("names a missing task, an unknown folder and a file at the top level in one refusal, leaving nothing behind", async () => {
    const before = await leftovers();
    const entries = benchmarkEntries(TASKS).filter((entry) => !entry.name.startsWith("cb/"));
    const error = await refusal(
      await bundle([...entries, { name: "mnli/model.onnx", data: taskModel(3, 9) }, { name: "README.md", data: "hi" }]),
    );
    expect(error.code).toBe("BUNDLE_REJECTED");
    expect(error.reason).toBe("BENCHMARK_LAYOUT");
    expect(error.details).toEqual([
      'folder "mnli" names no task of this track (its tasks: boolq, cb, rte)',
      '"README.md" is at the top level: put each task\'s files in a folder named after the task (boolq, cb, rte), and files they share in shared/',
      'no folder for task "cb"',
    ]);
    expect(await leftovers()).toBe(before);
  });

  it("names a task folder without a model", async () => {
    const entries = benchmarkEntries(TASKS).filter((entry) => entry.name !== "rte/model.onnx");
    expect((await refusal(await bundle(entries))).details).toEqual([
      'task "rte" has no model.onnx (neither in rte/ nor in shared/)',
    ]);
  });

  it("refuses two tasks that use the same model with different manifests", async () => {
    const shared = taskModel(2, 5);
    const entries = [
      { name: "shared/model.onnx", data: shared },
      { name: "shared/tokenizer.json", data: FIXTURE_TOKENIZER },
      { name: "boolq/joulebench.json", data: taskManifest(["no", "yes"]) },
      { name: "rte/joulebench.json", data: taskManifest(["entailment", "not_entailment"]) },
      { name: "cb/model.onnx", data: taskModel(3, 6) },
      { name: "cb/joulebench.json", data: taskManifest(TASKS[1]!.labels) },
    ];
    const error = await refusal(await bundle(entries));
    expect(error.reason).toBe("BENCHMARK_LAYOUT");
    expect(error.details).toEqual([
      'tasks "boolq" and "rte" use the same model (shared/model.onnx) with different manifests: a shared model needs one manifest, or give each task its own model',
    ]);
  });

  it("names, per task, a model whose labels do not match its task, for every such task", async () => {
    const entries = benchmarkEntries(TASKS).map((entry) =>
      entry.name === "cb/joulebench.json"
        ? { ...entry, data: taskManifest(["entailment", "contradiction", "maybe"]) }
        : entry.name === "boolq/joulebench.json"
          ? { ...entry, data: taskManifest(["false", "true"]) }
          : entry,
    );
    const error = await refusal(await bundle(entries));
    expect(error.reason).toBe("BENCHMARK_TASK_INVALID");
    expect(error.details.some((detail) => detail.startsWith("boolq: ") && detail.includes('"false"'))).toBe(true);
    expect(error.details.some((detail) => detail.startsWith("cb: ") && detail.includes('"maybe"'))).toBe(true);
    expect(error.details.some((detail) => detail.startsWith("rte: "))).toBe(false);
  });

  it("refuses an unsafe path inside a folder as unsafe", async () => {
    const error = await refusal(await bundle([...benchmarkEntries(TASKS), { name: "rte/../../evil.onnx", data: "x" }]));
    expect(error.reason).toBe("UNSAFE_ZIP_PATH");
  });
});
