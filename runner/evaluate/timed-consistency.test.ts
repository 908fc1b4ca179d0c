/**
 * A model that answers differently when it is timed one query at a time fails with INCONSISTENT_PREDICTIONS
 * (issue #8 item 2; MLPerf TEST01), through the whole sandboxed pipeline; an honest model passes the same check,
 * and its report says how many timed answers were compared.
 */
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeZip } from "../../test-support/bundle/build-zip";
import { bagOfWordsClassifier } from "../../test-support/onnx/test-models";
import { getHardwareProfile } from "../../lib/profiles/hardware-profiles";
import { parseTaskDefinition } from "../../lib/tasks/task-definition";
import { evaluateModel } from "./evaluate-model";
import { describeFailure } from "./evaluation-error";
import { batchSizeBranchModel } from "../../test-support/runner/batch-branch-model";

const TASK = parseTaskDefinition(
  {
    slug: "tiny-sentiment",
    title: "Tiny sentiment",
    inputFields: ["sentence"],
    labels: ["negative", "positive"],
    metrics: ["accuracy"],
    splits: {
      test: {
        path: "test.txt",
        format: "label-text",
        header: false,
        columns: { label: 0, sentence: 1 },
        labelMap: { "0": "negative", "1": "positive" },
      },
    },
    source: { description: "sentences written for this test", url: "https://example.com/tiny" },
  },
  "tiny-sentiment",
);
const SENTENCES = ["the plot was boring .", "i loved it !", "terrible acting .", "great movie !"];

let scratch: string;

async function bundle(modelBytes: Uint8Array): Promise<string> {
  const file = path.join(scratch, `bundle-${Math.random().toString(36).slice(2)}.zip`);
  await writeZip(file, [
    { name: "model.onnx", data: Buffer.from(modelBytes) },
    {
      name: "tokenizer.json",
      data: readFileSync(new URL("../../lib/tokenize/fixtures/wordlevel-tokenizer.json", import.meta.url), "utf8"),
    },
    {
      name: "joulebench.json",
      data: JSON.stringify({
        schemaVersion: 1,
        inputs: { input_ids: "input_ids", attention_mask: "attention_mask" },
        maxSequenceLength: 16,
        tokenizer: "tokenizer.json",
        output: { name: "logits", scores: "logits", labels: ["negative", "positive"] },
      }),
    },
  ]);
  return file;
}

function evaluate(bundlePath: string) {
  return evaluateModel({
    bundlePath,
    task: TASK,
    datasetsRoot: path.join(scratch, "datasets"),
    profile: getHardwareProfile("cpu-1t"),
    protocol: { blocks: 2, warmupQueries: 2, minQueries: 20, minDurationMs: 100, throughputMinDurationMs: 100 },
    sandbox: true,
    workRoot: scratch,
    childBundleDir: path.join(scratch, "child"),
  });
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "joulebench-consistency-"));
  await mkdir(path.join(scratch, "datasets"));
  // 40 examples: the accuracy pass runs batches of 32 and 8, never a batch of one.
  const lines = Array.from({ length: 40 }, (_, i) => `${i % 2} ${SENTENCES[i % SENTENCES.length]}`);
  await writeFile(path.join(scratch, "datasets", "test.txt"), `${lines.join("\n")}\n`);
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("timed answers must be the scored answers", () => {
  it("fails a model that branches on the batch size with INCONSISTENT_PREDICTIONS", async () => {
    const failure = await evaluate(await bundle(batchSizeBranchModel())).then(
      () => undefined,
      (error: unknown) => describeFailure(error),
    );
    expect(failure?.code).toBe("INCONSISTENT_PREDICTIONS");
    expect(failure?.message).toMatch(
      /answered differently when timed: \d+ of \d+ answers .*latency pass answered 0, the scored pass 1/,
    );
  }, 120_000);

  it("passes an honest model, reporting how many timed answers it compared", async () => {
    const report = await evaluate(
      await bundle(bagOfWordsClassifier({ vocabSize: 20, embeddingDim: 8, labelCount: 2, seed: 5 }).bytes),
    );
    expect(report.consistency.mismatched).toBe(0);
    expect(report.consistency.checked).toBe(
      report.latency.queriesPerBlock.reduce((a, b) => a + b, 0) +
        report.energy.passes.filter((p) => p.pass === "throughput").reduce((a, p) => a + p.inferences, 0),
    );
    expect(report.latency.blocks).toBe(2);
    expect(report.energy.passes.filter((pass) => pass.pass === "idle")).toHaveLength(2);
    expect(report.host.cores).toBe(1); // taken in the child, pinned to one core, not the runner's view
    expect(report.interference.latency?.cpuPerWall).toBeGreaterThan(0);
  }, 120_000);
});
