/**
 * `npx joulebench evaluate` as a team runs it: a real process, the real sandbox, a tiny task on disk.
 */
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { lstatSync, readdirSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { writeZip } from "../test-support/bundle/build-zip";
import { bagOfWordsClassifier } from "../test-support/onnx/test-models";

const run = promisify(execFile);
const CLI = path.resolve("runner/cli.mjs");
const QUICK = [
  "--blocks",
  "2",
  "--warmup-queries",
  "2",
  "--min-queries",
  "20",
  "--min-duration-ms",
  "50",
  "--throughput-min-duration-ms",
  "50",
];

let scratch: string;
let bundle: string;
let taskFile: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "joulebench-cli-"));
  await mkdir(path.join(scratch, "datasets"), { recursive: true });
  const rows = Array.from({ length: 30 }, (_, i) => `${i % 2}\t${i % 2 ? "great fun" : "dull and slow"} ${i}`);
  await writeFile(path.join(scratch, "datasets", "tiny.tsv"), `${rows.join("\n")}\n`);
  taskFile = path.join(scratch, "tiny-task.json");
  await writeFile(
    taskFile,
    JSON.stringify({
      slug: "tiny",
      title: "Tiny",
      inputFields: ["sentence"],
      labels: ["neg", "pos"],
      metrics: ["accuracy", "macro_f1", "mcc"],
      splits: {
        test: {
          path: "tiny.tsv",
          format: "tsv",
          header: false,
          columns: { label: 0, sentence: 1 },
          labelMap: { "0": "neg", "1": "pos" },
        },
      },
      source: { description: "thirty lines written for this test", url: "https://example.com/tiny" },
    }),
  );
  const tokenizer = await readFile("lib/tokenize/fixtures/wordlevel-tokenizer.json", "utf8");
  const vocabSize = Object.keys(JSON.parse(tokenizer).model.vocab).length;
  bundle = path.join(scratch, "bundle.zip");
  await writeZip(bundle, [
    {
      name: "model.onnx",
      data: Buffer.from(bagOfWordsClassifier({ vocabSize, embeddingDim: 8, labelCount: 2, seed: 5 }).bytes),
    },
    { name: "tokenizer.json", data: tokenizer },
    {
      name: "joulebench.json",
      data: JSON.stringify({
        schemaVersion: 1,
        inputs: { input_ids: "input_ids", attention_mask: "attention_mask" },
        maxSequenceLength: 16,
        tokenizer: "tokenizer.json",
        output: { name: "logits", scores: "logits", labels: ["neg", "pos"] },
      }),
    },
  ]);
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, JOULEBENCH_DATA_DIR: path.join(scratch, "data"), ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("joulebench evaluate", () => {
  it("prints one complete JSON object with --json", async () => {
    const result = await cli([
      "evaluate",
      bundle,
      "--task",
      taskFile,
      "--datasets",
      path.join(scratch, "datasets"),
      "--json",
      ...QUICK,
    ]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!);
    expect(report.status).toBe("ok");
    expect(report.scores[0]).toMatchObject({ split: "test", examples: 30 });
    expect(report.scores[0].metrics.accuracy).toBeGreaterThanOrEqual(0);
    expect(report.latency.p50Ms).toBeGreaterThan(0);
    expect(report.latency.p90Ms).toBeGreaterThanOrEqual(report.latency.p50Ms);
    expect(report.latency.p99Ms).toBeGreaterThanOrEqual(report.latency.p90Ms);
    expect(report.latency.queriesPerBlock).toHaveLength(2);
    expect(report.energy.kind).toBe(report.energy.method === "estimated" ? "estimated" : "measured");
    expect(report.consistency.mismatched).toBe(0);
    expect(report.throughput.examplesPerSecond).toBeGreaterThan(0);
    expect(report.energy.method).toMatch(/^(estimated|measured-rapl)$/);
    expect(report.energy.joulesPerInference).toBeGreaterThan(0);
    expect(report.energy.whPerThousand).toBeCloseTo((report.energy.joulesPerInference * 1000) / 3600, 12);
    expect(report.carbon.gramsPerThousand).toBeGreaterThan(0);
    expect(report.memory.peakRssBytes).toBeGreaterThan(0);
    expect(report.model.parameters).toBeGreaterThan(0);
    expect(report.host).toMatchObject({ node: process.version });
    expect(report.versions.onnxruntime).toMatch(/^\d+\.\d+/);
    expect(report.sandboxed).toBe(true);
  });

  it("prints a readable summary without --json", async () => {
    const result = await cli([
      "evaluate",
      bundle,
      "--task",
      taskFile,
      "--datasets",
      path.join(scratch, "datasets"),
      ...QUICK,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Quality\n\s+test\s+n=30/);
    expect(result.stdout).toMatch(/p50 [\d.,]+ [nµm]?s/);
    expect(result.stdout).toMatch(/J per inference/);
    expect(result.stdout).toMatch(/\d [pnµm]?Wh per 1,000 inferences/);
    // Figures for people never fall back to exponent notation (1.54e-5).
    expect(result.stdout).not.toMatch(/\de[+-]\d/);
  });

  it("fails with a stable code and exit 1 on a file that is not a model", async () => {
    const junk = path.join(scratch, "notes.txt");
    await writeFile(junk, "these are not weights");
    const result = await cli([
      "evaluate",
      junk,
      "--task",
      taskFile,
      "--datasets",
      path.join(scratch, "datasets"),
      "--json",
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: "failed", error: { code: "NOT_A_BUNDLE" } });
  });

  it("names an unknown task and profile", async () => {
    const task = await cli(["evaluate", bundle, "--task", "no-such-task", "--json"]);
    expect(task.code).toBe(1);
    expect(JSON.parse(task.stdout).error.code).toBe("UNKNOWN_TASK");
    const profile = await cli(["evaluate", bundle, "--task", taskFile, "--profile", "cpu-64t", "--json"]);
    expect(profile.code).toBe(1);
    expect(JSON.parse(profile.stdout).error.message).toMatch(/cpu-1t/);
  });

  it("names a missing model file, a task file that is not JSON or not there, and an unknown split", async () => {
    const missing = await cli(["evaluate", path.join(scratch, "nope.zip"), "--task", taskFile, "--json"]);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error).toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining("nope.zip"),
    });

    const brokenTask = path.join(scratch, "broken-task.json");
    await writeFile(brokenTask, "{ not json");
    const broken = await cli(["evaluate", bundle, "--task", brokenTask, "--json"]);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout).error).toMatchObject({
      code: "TASK_DEFINITION_INVALID",
      message: expect.stringContaining("not valid JSON"),
    });

    const absent = await cli(["evaluate", bundle, "--task", path.join(scratch, "absent.json"), "--json"]);
    expect(JSON.parse(absent.stdout).error).toMatchObject({
      code: "TASK_DEFINITION_INVALID",
      message: expect.stringContaining("absent.json"),
    });

    const split = await cli([
      "evaluate",
      bundle,
      "--task",
      taskFile,
      "--datasets",
      path.join(scratch, "datasets"),
      "--split",
      "ood:mars",
      "--json",
    ]);
    expect(split.code).toBe(1);
    expect(JSON.parse(split.stdout).error).toMatchObject({
      code: "UNKNOWN_SPLIT",
      message: expect.stringContaining('"ood:mars"'),
    });
  });

  it("exits 2 on a bad command line", async () => {
    const missingTask = await cli(["evaluate", bundle]);
    expect(missingTask.code).toBe(2);
    expect(missingTask.stderr).toMatch(/--task/);
    const badNumber = await cli(["evaluate", bundle, "--task", taskFile, "--blocks", "many"]);
    expect(badNumber.code).toBe(2);
  });

  it("killed in the middle of a measurement, leaves its copies only until the next run, and never open to others", async () => {
    // The runs' temp folder: like the system's, every user may pass through it (the sandbox user must), not list it.
    const temp = await mkdtemp(path.join(os.tmpdir(), "joulebench-cli-temp-"));
    await chmod(temp, 0o711);
    onTestFinished(() => rm(temp, { recursive: true, force: true }));
    const staged = () => {
      const found: { path: string; mode: number }[] = [];
      const walk = (dir: string) => {
        for (const name of (() => {
          try {
            return readdirSync(dir);
          } catch {
            return [];
          }
        })()) {
          const full = path.join(dir, name);
          try {
            const info = lstatSync(full);
            found.push({ path: full, mode: info.mode & 0o777 });
            if (info.isDirectory()) walk(full);
          } catch {
            // removed while we looked
          }
        }
      };
      for (const name of readdirSync(temp).filter((entry) => entry.startsWith("joulebench-")))
        walk(path.join(temp, name));
      return found;
    };
    const openToOthers = new Set<string>();
    const sampler = setInterval(() => {
      for (const entry of staged())
        if (entry.mode & 0o007) openToOthers.add(`${path.relative(temp, entry.path)} ${entry.mode.toString(8)}`);
    }, 15);
    const long = [
      "--blocks",
      "2",
      "--warmup-queries",
      "2",
      "--min-queries",
      "20",
      "--min-duration-ms",
      "600000",
      "--throughput-min-duration-ms",
      "50",
    ];
    const killed = spawn(
      process.execPath,
      [CLI, "evaluate", bundle, "--task", taskFile, "--datasets", path.join(scratch, "datasets"), "--json", ...long],
      {
        env: { ...process.env, JOULEBENCH_DATA_DIR: path.join(scratch, "data"), TMPDIR: temp },
        stdio: "ignore",
      },
    );
    try {
      const deadline = Date.now() + 90_000;
      // The sandbox user's copy (root) or the run's own job file: the measurement is under way.
      while (
        !staged().some(
          (entry) =>
            entry.path.endsWith(`${path.sep}job.json`) &&
            (process.getuid?.() !== 0 || entry.path.includes(`${path.sep}sandbox-`)),
        )
      ) {
        if (Date.now() > deadline || killed.exitCode !== null) throw new Error("the run never staged its job");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      killed.kill("SIGKILL");
      await once(killed, "exit");
    } finally {
      clearInterval(sampler);
    }
    const leftByKill = (await readdir(temp)).filter((name) => name.startsWith("joulebench-"));
    expect(leftByKill, "what the killed run left").toHaveLength(1);

    const next = await cli(
      ["evaluate", bundle, "--task", taskFile, "--datasets", path.join(scratch, "datasets"), "--json", ...QUICK],
      { TMPDIR: temp },
    );
    expect(next.code, `${next.stdout}${next.stderr}`).toBe(0);
    expect((await readdir(temp)).filter((name) => name.startsWith("joulebench-"))).toEqual([]);
    expect([...openToOthers]).toEqual([]);
  }, 240_000);
});
