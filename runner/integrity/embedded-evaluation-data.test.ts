/**
 * Evaluation inputs carried in a model: lookup tables over the split's texts, whole or hashed, built here as
 * real ONNX models, are found and named by split; ordinary models and tokenizers are not.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { hashedLookupTableModel, lookupTableModel } from "../../test-support/onnx/gaming-models";
import { graph, model, node, tensor, valueInfo } from "../../lib/onnx/graph-builder";
import { decodeModel } from "../../lib/onnx/introspect";
import { bagOfWordsClassifier } from "../../test-support/onnx/test-models";
import { resolveDatasetsRoot } from "../../lib/tasks/datasets-root";
import { loadExamples } from "../../lib/tasks/load-examples";
import { getTaskDefinition } from "../../lib/tasks/shipped-tasks";
import { splitFiles } from "../../lib/tasks/task-definition";
import { EvaluationTextIndex, minimumMatches, type EvaluationSplitTexts } from "./embedded-evaluation-data";
import { modelLookupKeys } from "./model-lookup-keys";
import { canonicalText, murmurHash3 } from "./text-hashes";

const SENTENCES = Array.from(
  { length: 100 },
  (_, index) => `Review number ${index}: the plot of film ${index * 7} drags, but the cast shines.`,
);
const SPLITS: EvaluationSplitTexts[] = [
  { split: "test", examples: SENTENCES.map((text) => [text]) },
  {
    split: "ood:other",
    examples: SENTENCES.map((text) => [
      `An unrelated remark ${text.length} about gadgets and phones, item ${text}`.slice(0, 40),
    ]),
  },
];
const LABELS = SENTENCES.map((_, index) => index % 2);
const find = (bytes: Uint8Array, tokenizerJson: string | null = null, splits = SPLITS) =>
  new EvaluationTextIndex(splits).find(modelLookupKeys(decodeModel(bytes), tokenizerJson));

describe("MurmurHash3 x86 32", () => {
  it("matches the reference implementation's published values", () => {
    const utf8 = (text: string) => new TextEncoder().encode(text);
    expect(murmurHash3(utf8(""), 0)).toBe(0);
    expect(murmurHash3(utf8(""), 1)).toBe(0x514e28b7);
    expect(murmurHash3(utf8("hello"), 0)).toBe(0x248bfa47);
    expect(murmurHash3(utf8("The quick brown fox jumps over the lazy dog"), 0)).toBe(0x2e4ff723);
  });
});

describe("evaluation inputs in a model", () => {
  it("finds a LabelEncoder keyed by the test texts and names the split", () => {
    expect(find(lookupTableModel(SENTENCES, LABELS))).toEqual([
      { split: "test", found: 100, examples: 100, how: "whole text" },
    ]);
  });

  it("finds the table under changed case, spacing, punctuation and Unicode compatibility forms", () => {
    const disguised = SENTENCES.map(
      (text, index) =>
        [
          text.toUpperCase(),
          text.replace(/ /g, "   "),
          text.replace(/[:,.]/g, ""),
          text.replace(/[0-9]/g, (digit) => String.fromCharCode(0xff10 + Number(digit))),
        ][index % 4]!,
    );
    expect(find(lookupTableModel(disguised, LABELS))).toEqual([
      { split: "test", found: 100, examples: 100, how: "whole text" },
    ]);
  });

  it("finds a table keyed by MurmurHash3 of the texts, with the model's own seed", () => {
    expect(find(hashedLookupTableModel(SENTENCES, LABELS, 1234))).toEqual([
      { split: "test", found: 100, examples: 100, how: "hashed text" },
    ]);
  });

  it("finds texts stored as whole tokens of the bundle's tokenizer", () => {
    const tokenizer = JSON.stringify({
      model: {
        type: "WordLevel",
        vocab: { "[UNK]": 0, ...Object.fromEntries(SENTENCES.map((text, index) => [text, index + 1])) },
      },
    });
    const { bytes } = bagOfWordsClassifier({ vocabSize: 101, embeddingDim: 4, labelCount: 2, seed: 1 });
    expect(find(bytes, tokenizer)).toEqual([{ split: "test", found: 100, examples: 100, how: "whole text" }]);
  });

  it("finds texts stored word by word in an n-gram pool (TfIdfVectorizer's pool_strings)", () => {
    const pool = SENTENCES.flatMap((text) => text.split(" "));
    const bytes = model({
      opsets: [{ domain: "", version: 17 }],
      graph: graph({
        inputs: [valueInfo("words", "string", [null])],
        outputs: [valueInfo("counts", "float32", null)],
        nodes: [
          node("TfIdfVectorizer", ["words"], ["counts"], {
            mode: "TF",
            min_gram_length: 1,
            max_gram_length: 15,
            max_skip_count: 0,
            pool_strings: pool,
            ngram_counts: [0],
            ngram_indexes: SENTENCES.map((_, index) => index),
          }),
        ],
      }),
    });
    expect(find(bytes)).toEqual([{ split: "test", found: 100, examples: 100, how: "whole text" }]);
    // The same words in another order are not the texts.
    const shuffled = model({
      graph: graph({
        inputs: [],
        outputs: [valueInfo("y", "string", null)],
        nodes: [node("Constant", [], ["y"], { value: tensor("pool", [pool.length], [...pool].reverse()) })],
      }),
    });
    expect(find(shuffled)).toEqual([]);
  });

  it("needs min(16, a quarter of the split) examples: 15 of 100 pass, 16 are refused", () => {
    expect(minimumMatches(100)).toBe(16);
    expect(minimumMatches(20)).toBe(5);
    expect(find(lookupTableModel(SENTENCES.slice(0, 15), LABELS.slice(0, 15)))).toEqual([]);
    expect(find(lookupTableModel(SENTENCES.slice(0, 16), LABELS.slice(0, 16)))).toEqual([
      { split: "test", found: 16, examples: 100, how: "whole text" },
    ]);
  });

  it("passes a model that holds no evaluation texts", () => {
    const { bytes } = bagOfWordsClassifier({ vocabSize: 2000, embeddingDim: 16, labelCount: 2, seed: 4 });
    expect(find(bytes)).toEqual([]);
    expect(find(lookupTableModel(["fine", "bad", "great movie"], [1, 0, 1]))).toEqual([]);
  });

  it("normalizes case, whitespace and NFKC", () => {
    expect(canonicalText("  Ｔｈｅ\tFILM\n is  ﬁne ")).toBe("the film is fine");
  });
});

const datasetsRoot = resolveDatasetsRoot();
const sst2 = getTaskDefinition("sst2");
const sst2TestFile = path.join(datasetsRoot, sst2.splits.test.path);

describe.skipIf(!existsSync(sst2TestFile))("on the real SST-2 evaluation splits", () => {
  let splits: EvaluationSplitTexts[];
  let index: EvaluationTextIndex;
  beforeAll(async () => {
    const files = splitFiles(sst2).filter((file) => file.split === "test" || file.split.startsWith("ood:"));
    splits = await Promise.all(
      files.map(async (file) => ({
        split: file.split,
        examples: (await loadExamples(file.spec, datasetsRoot, sst2)).inputs,
      })),
    );
    index = new EvaluationTextIndex(splits);
  });

  it("refuses a LabelEncoder over the 1,821 test sentences, naming the test split", async () => {
    const test = await loadExamples(sst2.splits.test, datasetsRoot, sst2);
    expect(test.inputs).toHaveLength(1821);
    const bytes = lookupTableModel(
      test.inputs.map(([text]) => text!),
      test.labels,
    );
    const started = performance.now();
    const found = index.find(modelLookupKeys(decodeModel(bytes), null));
    console.log(
      `whole-text check over ${splits.reduce((sum, split) => sum + split.examples.length, 0)} evaluation texts: ${(performance.now() - started).toFixed(0)} ms (first use)`,
    );
    expect(found.map((split) => split.split)).toEqual(["test"]);
    expect(found[0]!.found).toBeGreaterThanOrEqual(1800); // duplicate sentences in the file count once
  });

  it("refuses a MurmurHash3-keyed table over an out-of-domain split, naming it", async () => {
    const yelp = splits.find((split) => split.split === "ood:yelp")!;
    const bytes = hashedLookupTableModel(
      yelp.examples.map(([text]) => text!),
      yelp.examples.map(() => 1),
      7,
    );
    const started = performance.now();
    const found = index.find(modelLookupKeys(decodeModel(bytes), null));
    console.log(`hash check (first use, seeds 0 and 7): ${(performance.now() - started).toFixed(0)} ms`);
    expect(found.map((split) => split.split)).toEqual(["ood:yelp"]);
  });

  it.skipIf(!existsSync(path.resolve("../shared/models/tribuo_tinybert")))(
    "passes real models and a real tokenizer",
    () => {
      const models = path.resolve("../shared/models");
      const tinyBert = decodeModel(readFileSync(path.join(models, "tribuo_tinybert/tinybert.onnx")));
      const tokenizer = readFileSync(path.join(models, "tribuo_tinybert/tinybert-tokenizer.json"), "utf8");
      const started = performance.now();
      expect(index.find(modelLookupKeys(tinyBert, tokenizer))).toEqual([]);
      console.log(`TinyBERT with its tokenizer: ${(performance.now() - started).toFixed(0)} ms`);
      expect(
        index.find(
          modelLookupKeys(decodeModel(readFileSync(path.join(models, "skl2onnx_20ng_tfidf_logreg/model.onnx"))), null),
        ),
      ).toEqual([]);
    },
  );
});
