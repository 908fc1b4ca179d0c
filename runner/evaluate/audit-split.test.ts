/**
 * A task with a hidden audit split, through the whole evaluateModel pipeline: a model that learned the test set's
 * words instead of the task (it keys on "loved" and "boring", the two cue words of the test sentences) scores 100%
 * on test and half on the organizer's label-preserving rewrites, and its report carries a flagged audit verdict;
 * a model that learned the task passes. The rewrites are written here, for this test.
 */
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeZip } from "../../test-support/bundle/build-zip";
import { tokenScoreTableModel } from "../../test-support/onnx/gaming-models";
import { getHardwareProfile } from "../../lib/profiles/hardware-profiles";
import { parseTaskDefinition } from "../../lib/tasks/task-definition";
import { evaluateModel } from "./evaluate-model";
import { sandboxAvailable } from "./host-capabilities";

const TOKENIZER = readFileSync(
  new URL("../../lib/tokenize/fixtures/wordlevel-tokenizer.json", import.meta.url),
  "utf8",
);
const VOCAB = (JSON.parse(TOKENIZER) as { model: { vocab: Record<string, number> } }).model.vocab;
const LABELS = ["thumbs-down", "thumbs-up"];
const spec = (file: string) => ({
  path: `tiny/${file}`,
  format: "label-text" as const,
  header: false,
  columns: { label: 0, sentence: 1 },
  labelMap: { "0": LABELS[0]!, "1": LABELS[1]! },
});
const TASK = parseTaskDefinition({
  slug: "tiny-audited",
  title: "Tiny sentiment with an audit split",
  inputFields: ["sentence"],
  labels: LABELS,
  metrics: ["accuracy"],
  splits: { test: spec("test.txt"), audit: { ...spec("audit.txt"), maxScoreGap: 0.2 } },
  source: { description: "sentences written for this test", url: "https://example.com/tiny" },
});
const TEST_ROWS = ["1 i loved it , great acting !", "0 the plot was boring and terrible ."];
// Label-preserving rewrites, in the same vocabulary, without the test sentences' cue words.
const AUDIT_ROWS = [
  "1 the movie was great !",
  "1 great acting , great movie .",
  "0 the movie was terrible .",
  "0 terrible acting and terrible plot .",
];

let scratch: string;
const sandbox = await sandboxAvailable();

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "joulebench-audit-"));
  await mkdir(path.join(scratch, "datasets", "tiny"), { recursive: true });
  await writeFile(
    path.join(scratch, "datasets", "tiny", "test.txt"),
    `${Array.from({ length: 20 }, (_, i) => TEST_ROWS[i % 2]).join("\n")}\n`,
  );
  await writeFile(
    path.join(scratch, "datasets", "tiny", "audit.txt"),
    `${Array.from({ length: 12 }, (_, i) => AUDIT_ROWS[i % 4]).join("\n")}\n`,
  );
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function evaluate(table: Record<string, number>, name: string) {
  const bundlePath = path.join(scratch, `${name}.zip`);
  const model = tokenScoreTableModel(new Map(Object.entries(table).map(([word, score]) => [VOCAB[word]!, score])));
  const manifest = {
    schemaVersion: 1,
    inputs: { input_ids: "input_ids", attention_mask: "attention_mask" },
    maxSequenceLength: 16,
    tokenizer: "tokenizer.json",
    output: { name: "logits", scores: "logits", labels: LABELS },
  };
  await writeZip(bundlePath, [
    { name: "model.onnx", data: Buffer.from(model) },
    { name: "tokenizer.json", data: TOKENIZER },
    { name: "joulebench.json", data: JSON.stringify(manifest) },
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
      timeoutMs: 120_000,
    },
    sandbox: sandbox.ok,
    workRoot: scratch,
    childBundleDir: path.join(scratch, "child"),
  });
}

describe("the audit split", () => {
  it("flags a model that knows the test sentences' cue words but not the task", async () => {
    const report = await evaluate({ loved: 1, boring: -1 }, "cue-words");
    expect(report.scores.find((score) => score.split === "test")?.metrics.accuracy).toBe(1);
    expect(report.audit).toEqual({
      metric: "accuracy",
      testScore: 1,
      score: 0.5,
      examples: 12,
      gap: 0.5,
      bound: 0.2,
      flagged: true,
    });
  }, 180_000);

  it("passes a model that learned the task", async () => {
    const report = await evaluate({ loved: 1, great: 1, boring: -1, terrible: -1 }, "sentiment-words");
    expect(report.audit).toMatchObject({ testScore: 1, score: 1, gap: 0, flagged: false });
  }, 180_000);
});
