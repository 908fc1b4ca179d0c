/**
 * Test support: real multi-task bundles. Each task gets a bag-of-words classifier (random weights, real ONNX)
 * over the word-level fixture tokenizer, with a manifest naming the task's labels; the tokenizer is stored once,
 * in shared/.
 */
import { readFileSync } from "node:fs";
import { writeZip, type ZipFixtureEntry } from "../bundle/build-zip";
import { bagOfWordsClassifier } from "../onnx/test-models";

export const FIXTURE_TOKENIZER = readFileSync(
  new URL("../../lib/tokenize/fixtures/wordlevel-tokenizer.json", import.meta.url),
  "utf8",
);

export function taskManifest(labels: readonly string[], maxSequenceLength = 32): string {
  return JSON.stringify({
    schemaVersion: 1,
    inputs: { input_ids: "input_ids", attention_mask: "attention_mask" },
    maxSequenceLength,
    tokenizer: "tokenizer.json",
    output: { name: "logits", scores: "logits", labels: [...labels] },
  });
}

export function taskModel(labelCount: number, seed: number): Buffer {
  return Buffer.from(bagOfWordsClassifier({ vocabSize: 20, embeddingDim: 8, labelCount, seed }).bytes);
}

/** One folder per task (model and manifest) and shared/tokenizer.json; `extra` adds or replaces entries. */
export function benchmarkEntries(
  tasks: readonly { slug: string; labels: readonly string[]; maxSequenceLength?: number }[],
): ZipFixtureEntry[] {
  return [
    ...tasks.flatMap((task, index) => [
      { name: `${task.slug}/model.onnx`, data: taskModel(task.labels.length, index + 1) },
      { name: `${task.slug}/joulebench.json`, data: taskManifest(task.labels, task.maxSequenceLength) },
    ]),
    { name: "shared/tokenizer.json", data: FIXTURE_TOKENIZER },
  ];
}

export async function writeBenchmarkBundle(zipPath: string, entries: readonly ZipFixtureEntry[]): Promise<void> {
  await writeZip(zipPath, entries);
}
