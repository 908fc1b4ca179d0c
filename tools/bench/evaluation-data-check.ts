/**
 * What the evaluation-data check (runner/evaluate/evaluation-data-check.ts) costs on a real task, so it does not
 * make every evaluation slow. On the shipped SST-2 task (test + 3 out-of-domain splits, 4,821 texts), in this
 * process:
 *   - loading the splits and building the string index (once per task per runner);
 *   - building the hash index (once per task and set of MurmurHash3 seeds; only for a model that stores enough
 *     large integers);
 *   - one check of: an ordinary bag-of-words model with a 2,000-word tokenizer, TinyBERT with its tokenizer (when
 *     ../shared/models holds it), the LabelEncoder over the test sentences, and the MurmurHash3-keyed table.
 * Each check is the median of 5. Target: an ordinary model's check under 50 ms once the index is built.
 *
 *   npm run bench:integrity
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { EvaluationTextIndex } from "../../runner/integrity/embedded-evaluation-data";
import { modelLookupKeys } from "../../runner/integrity/model-lookup-keys";
import { hashedLookupTableModel, lookupTableModel } from "../../test-support/onnx/gaming-models";
import { decodeModel } from "../../lib/onnx/introspect";
import { bagOfWordsClassifier } from "../../test-support/onnx/test-models";
import { resolveDatasetsRoot } from "../../lib/tasks/datasets-root";
import { loadExamples } from "../../lib/tasks/load-examples";
import { getTaskDefinition } from "../../lib/tasks/shipped-tasks";
import { splitFiles } from "../../lib/tasks/task-definition";

const ORDINARY_TARGET_MS = 50;
const datasetsRoot = resolveDatasetsRoot();
const task = getTaskDefinition("sst2");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

async function main() {
  const started = performance.now();
  const files = splitFiles(task).filter((file) => file.split === "test" || file.split.startsWith("ood:"));
  const splits = await Promise.all(
    files.map(async (file) => ({
      split: file.split,
      examples: (await loadExamples(file.spec, datasetsRoot, task)).inputs,
    })),
  );
  const loadMs = performance.now() - started;
  const texts = splits.reduce((sum, split) => sum + split.examples.length, 0);
  const index = new EvaluationTextIndex(splits);
  const test = splits[0]!.examples.map(([text]) => text!);
  const labels = test.map((_, i) => i % 2);

  const vocabulary = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`word${i}`, i]));
  const ordinaryTokenizer = JSON.stringify({ model: { type: "WordLevel", vocab: vocabulary, unk_token: "[UNK]" } });
  const models: { name: string; bytes: Uint8Array; tokenizer: string | null }[] = [
    {
      name: "bag of words, 2,000-word tokenizer",
      bytes: bagOfWordsClassifier({ vocabSize: 2000, embeddingDim: 64, labelCount: 2, seed: 1 }).bytes,
      tokenizer: ordinaryTokenizer,
    },
    { name: "LabelEncoder over the test sentences", bytes: lookupTableModel(test, labels), tokenizer: null },
    { name: "MurmurHash3-keyed table (seed 11)", bytes: hashedLookupTableModel(test, labels, 11), tokenizer: null },
  ];
  const tinyBert = path.resolve("../shared/models/tribuo_tinybert");
  if (existsSync(tinyBert)) {
    models.splice(1, 0, {
      name: "TinyBERT with its tokenizer",
      bytes: readFileSync(path.join(tinyBert, "tinybert.onnx")),
      tokenizer: readFileSync(path.join(tinyBert, "tinybert-tokenizer.json"), "utf8"),
    });
  }

  console.log(`SST-2 evaluation splits: ${texts} texts in ${splits.length} splits, loaded in ${loadMs.toFixed(0)} ms`);
  const rows: string[] = [];
  let ordinaryMs = Infinity;
  for (const { name, bytes, tokenizer } of models) {
    const model = decodeModel(bytes);
    const first = timed(() => index.find(modelLookupKeys(model, tokenizer)));
    const again = median(
      Array.from({ length: 5 }, () => timed(() => index.find(modelLookupKeys(model, tokenizer))).ms),
    );
    if (name.startsWith("bag of words")) ordinaryMs = again;
    const verdict =
      first.value.length === 0
        ? "passed"
        : `refused: ${first.value.map((split) => `${split.split} (${split.found}, ${split.how})`).join(", ")}`;
    rows.push(`| ${name} | ${first.ms.toFixed(0)} | ${again.toFixed(1)} | ${verdict} |`);
  }
  console.log("| model | first check, ms (builds what it needs) | later checks, ms (median of 5) | verdict |");
  console.log("| --- | ---: | ---: | --- |");
  for (const row of rows) console.log(row);
  const ok = ordinaryMs < ORDINARY_TARGET_MS;
  console.log(
    `${ok ? "OK" : "MISS"}: an ordinary model's check takes ${ordinaryMs.toFixed(1)} ms (target < ${ORDINARY_TARGET_MS} ms)`,
  );
  if (!ok) process.exitCode = 1;
}

await main();
