/**
 * Models that never answer, through the whole evaluateModel pipeline in the real sandbox: the watchdog stops each
 * with TIMEOUT naming the stage that stalled, under the protocol's per-stage bounds (set small here through the
 * protocol overrides), long before the run's overall limit, which is set high enough that reaching it would fail
 * the test with a different message.
 */
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeZip } from "../../test-support/bundle/build-zip";
import { endlessLoopModel, stallsOnSingleExamplesModel } from "../../test-support/onnx/gaming-models";
import { bagOfWordsClassifier } from "../../test-support/onnx/test-models";
import { getHardwareProfile } from "../../lib/profiles/hardware-profiles";
import { parseTaskDefinition } from "../../lib/tasks/task-definition";
import { evaluateModel } from "./evaluate-model";
import { describeFailure } from "./evaluation-error";
import { sandboxAvailable } from "./host-capabilities";
import type { MeasurementProtocol } from "./measurement-protocol";

const TOKENIZER = readFileSync(
  new URL("../../lib/tokenize/fixtures/wordlevel-tokenizer.json", import.meta.url),
  "utf8",
);
const LABELS = ["thumbs-down", "thumbs-up"];
const MANIFEST = {
  schemaVersion: 1,
  inputs: { input_ids: "input_ids", attention_mask: "attention_mask" },
  maxSequenceLength: 16,
  tokenizer: "tokenizer.json",
  output: { name: "logits", scores: "logits", labels: LABELS },
};
const TASK = parseTaskDefinition({
  slug: "tiny-sentiment",
  title: "Tiny sentiment",
  inputFields: ["sentence"],
  labels: LABELS,
  metrics: ["accuracy"],
  splits: {
    test: {
      path: "tiny/test.txt",
      format: "label-text",
      header: false,
      columns: { label: 0, sentence: 1 },
      labelMap: { "0": LABELS[0]!, "1": LABELS[1]! },
    },
  },
  source: { description: "forty sentences written for this test", url: "https://example.com/tiny" },
});
const OVERALL_LIMIT_MS = 240_000;

let scratch: string;
const sandbox = await sandboxAvailable();

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "joulebench-stalled-"));
  await mkdir(path.join(scratch, "datasets", "tiny"), { recursive: true });
  const rows = Array.from(
    { length: 40 },
    (_, i) => `${i % 2} ${i % 2 ? "i loved it , great acting !" : "the plot was boring and terrible ."}`,
  );
  await writeFile(path.join(scratch, "datasets", "tiny", "test.txt"), `${rows.join("\n")}\n`);
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function evaluate(model: Uint8Array, name: string, protocol: Partial<MeasurementProtocol> = {}) {
  const bundlePath = path.join(scratch, `${name}.zip`);
  await writeZip(bundlePath, [
    { name: "model.onnx", data: Buffer.from(model) },
    { name: "tokenizer.json", data: TOKENIZER },
    { name: "joulebench.json", data: JSON.stringify(MANIFEST) },
  ]);
  return evaluateModel({
    bundlePath,
    task: TASK,
    datasetsRoot: path.join(scratch, "datasets"),
    profile: getHardwareProfile("cpu-1t"),
    protocol: {
      warmupQueries: 2,
      minQueries: 20,
      minDurationMs: 100,
      throughputMinDurationMs: 100,
      timeoutMs: OVERALL_LIMIT_MS,
      modelLoadTimeoutMs: 60_000,
      firstBatchTimeoutMs: 3_000,
      stallTimeoutMs: 3_000,
      ...protocol,
    },
    sandbox: sandbox.ok,
    workRoot: scratch,
    childBundleDir: path.join(scratch, "child"),
  });
}

const failureOf = (evaluation: Promise<unknown>) =>
  evaluation.then(
    () => expect.unreachable("the evaluation should have been stopped"),
    (error: unknown) => describeFailure(error),
  );

describe("the watchdog on models that never answer", () => {
  it(
    "stops a graph whose Loop never ends in its first batch, naming that stage",
    async () => {
      const failure = await failureOf(evaluate(endlessLoopModel(), "endless"));
      expect(failure.code).toBe("TIMEOUT");
      expect(failure.message).toMatch(
        /^The model made no progress for 3 s in the first batch of the accuracy pass and was stopped/,
      );
    },
    OVERALL_LIMIT_MS + 30_000,
  );

  it(
    "stops a graph that answers batches but never a single example, naming the warm-up after the accuracy pass",
    async () => {
      const failure = await failureOf(evaluate(stallsOnSingleExamplesModel(), "stalls-later"));
      expect(failure.code).toBe("TIMEOUT");
      expect(failure.message).toMatch(
        /^The model made no progress for 3 s in the warm-up queries before the timed passes and was stopped/,
      );
    },
    OVERALL_LIMIT_MS + 30_000,
  );

  it(
    "lets a model that answers steadily run passes much longer than the stall bound (its heartbeats count)",
    async () => {
      // The offline pass reports no progress of its own: within one of its blocks (at least 2.5 s of the 25 s, over
      // the default 10 blocks) only the child's per-batch heartbeat, at most one a second, keeps it alive.
      const { bytes } = bagOfWordsClassifier({ vocabSize: 20, embeddingDim: 8, labelCount: 2, seed: 3 });
      const report = await evaluate(bytes, "steady", {
        throughputMinDurationMs: 25_000,
        stallTimeoutMs: 1_500,
        firstBatchTimeoutMs: 2_000,
      });
      expect(report.status).toBe("ok");
    },
    OVERALL_LIMIT_MS + 30_000,
  );
});
