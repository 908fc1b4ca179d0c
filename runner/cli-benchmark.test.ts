/**
 * `npx joulebench evaluate --task boolq,cb,rte` on a multi-task bundle: a real process, the real sandbox, the
 * real BoolQ, CB and RTE files; per-task and aggregate figures printed, and the same in --json.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchmarkEntries, writeBenchmarkBundle } from "../test-support/multitask/benchmark-bundle-fixture";

const run = promisify(execFile);
const CLI = path.resolve("runner/cli.mjs");
const DATASETS = path.resolve("../shared/datasets");
const QUICK = [
  "--blocks",
  "1",
  "--warmup-queries",
  "2",
  "--min-queries",
  "20",
  "--min-duration-ms",
  "50",
  "--throughput-min-duration-ms",
  "50",
];
const TASKS = [
  { slug: "boolq", labels: ["no", "yes"] },
  { slug: "cb", labels: ["entailment", "contradiction", "neutral"] },
  { slug: "rte", labels: ["entailment", "not_entailment"] },
];

let scratch: string;
let bundle: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "joulebench-cli-benchmark-"));
  bundle = path.join(scratch, "benchmark.zip");
  await writeBenchmarkBundle(bundle, benchmarkEntries(TASKS));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, JOULEBENCH_DATA_DIR: path.join(scratch, "data") },
      timeout: 240_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe.skipIf(!existsSync(DATASETS))("joulebench evaluate on a multi-task bundle", () => {
  it("prints each task's figures, truncation counted, and the benchmark's aggregates", async () => {
    const result = await cli([
      "evaluate",
      bundle,
      "--task",
      "boolq,cb,rte",
      "--weights",
      "1,1,2",
      "--datasets",
      DATASETS,
      "--json",
      ...QUICK,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      kind: string;
      tasks: {
        slug: string;
        weight: number;
        report: { scores: { split: string; examples: number; truncated: number }[] };
      }[];
      aggregates: {
        test: { score: number; answers: number; energyJoules: number | null; taskScores: Record<string, number> };
      };
    };
    expect(report.kind).toBe("benchmark");
    expect(report.tasks.map((task) => [task.slug, task.weight])).toEqual([
      ["boolq", 1],
      ["cb", 1],
      ["rte", 2],
    ]);
    expect(report.aggregates.test.answers).toBe(3270 + 56 + 277);
    const { boolq, cb, rte } = report.aggregates.test.taskScores as { boolq: number; cb: number; rte: number };
    expect(report.aggregates.test.score).toBeCloseTo((boolq + cb + 2 * rte) / 4, 12);
    // The fixture manifests allow 32 tokens: most BoolQ passages are longer and are cut, as the report says.
    const boolqTest = report.tasks[0]!.report.scores.find((score) => score.split === "test")!;
    expect(boolqTest.truncated).toBeGreaterThan(3000);
    expect(boolqTest.truncated).toBeLessThanOrEqual(3270);
  }, 240_000);

  it("refuses weights that do not fit the tasks", async () => {
    const result = await cli([
      "evaluate",
      bundle,
      "--task",
      "boolq,cb,rte",
      "--weights",
      "0,0,0",
      "--datasets",
      DATASETS,
      ...QUICK,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--weights needs 3 numbers of at least 0 that add up to a positive number");
  });
});
