/**
 * The submissions the runner benchmark evaluates, built as real bundles (model.onnx, tokenizer.json,
 * joulebench.json in a zip), so the runner takes exactly the path a team's upload takes.
 *
 * - "bow": the bag-of-words classifier of test-support/onnx/test-models.ts over the shared WordPiece tokenizer (vocab 1656).
 *   Its graph costs a few microseconds, so per-query time is mostly tokenization: the harshest case for the
 *   runner's overhead, which is then a large share of what is measured.
 * - "tinybert": the real two-layer TinyBERT (hidden size 50) exported to ONNX. It outputs [batch, 50] pooled
 *   features, not scores, so a Gather of columns 0 and 1 is appended as "logits". Its accuracy is chance; its
 *   compute is a real transformer's.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { writeZip } from "../../../test-support/bundle/build-zip";
import { encodeModel, node, tensor, valueInfo } from "../../../lib/onnx/graph-builder";
import { onnxMessages } from "../../../lib/onnx/onnx-proto";
import { bagOfWordsClassifier } from "../../../test-support/onnx/test-models";

export const SHARED_MODELS_DIR = path.resolve("../shared/models/tribuo_tinybert");
export const TOKENIZER_PATH = path.join(SHARED_MODELS_DIR, "tinybert-tokenizer.json");
const TINYBERT_PATH = path.join(SHARED_MODELS_DIR, "tinybert.onnx");
/** Of the shared tokenizer. */
const VOCAB_SIZE = 1656;
const PAD_TOKEN_ID = 2;
const LABELS = ["negative", "positive"];

export type BenchModelName = "bow" | "tinybert";
export const BENCH_MODELS: readonly BenchModelName[] = ["bow", "tinybert"];

export interface BenchBundle {
  name: BenchModelName;
  description: string;
  zipPath: string;
  /** What the bare loop loads: the same graph bytes, tokenizer and settings as in the zip. */
  modelPath: string;
  tokenizerPath: string;
  maxSequenceLength: number;
  padTokenId: number;
  /** Graph input name → role, as in the manifest. */
  inputs: Record<string, "input_ids" | "attention_mask" | "token_type_ids">;
  outputName: string;
}

export async function buildBenchBundle(name: BenchModelName, outDir: string): Promise<BenchBundle> {
  const built = name === "bow" ? bowModel() : await tinybertModel();
  const tokenizerJson = await readFile(TOKENIZER_PATH, "utf8");
  const manifest = {
    schemaVersion: 1,
    inputs: built.inputs,
    maxSequenceLength: built.maxSequenceLength,
    tokenizer: "tokenizer.json",
    padTokenId: PAD_TOKEN_ID,
    output: { name: "logits", scores: "logits", labels: LABELS },
  };
  const zipPath = path.join(outDir, `${name}.zip`);
  const modelPath = path.join(outDir, `${name}.onnx`);
  await writeZip(zipPath, [
    { name: "model.onnx", data: Buffer.from(built.bytes) },
    { name: "tokenizer.json", data: tokenizerJson },
    { name: "joulebench.json", data: JSON.stringify(manifest, null, 2) },
  ]);
  await writeFile(modelPath, built.bytes);
  return {
    name,
    description: built.description,
    zipPath,
    modelPath,
    tokenizerPath: TOKENIZER_PATH,
    maxSequenceLength: built.maxSequenceLength,
    padTokenId: PAD_TOKEN_ID,
    inputs: built.inputs,
    outputName: "logits",
  };
}

interface BuiltModel {
  bytes: Uint8Array;
  description: string;
  inputs: BenchBundle["inputs"];
  maxSequenceLength: number;
}

function bowModel(): BuiltModel {
  const embeddingDim = 256;
  const { bytes } = bagOfWordsClassifier({
    vocabSize: VOCAB_SIZE,
    embeddingDim,
    labelCount: LABELS.length,
    seed: 2026,
  });
  return {
    bytes,
    description: `bag-of-words classifier, vocab ${VOCAB_SIZE} × embedding ${embeddingDim}, WordPiece tokenizer`,
    inputs: { input_ids: "input_ids", attention_mask: "attention_mask" },
    maxSequenceLength: 128,
  };
}

async function tinybertModel(): Promise<BuiltModel> {
  const model = onnxMessages.ModelProto.decode(await readFile(TINYBERT_PATH));
  const graph = model.graph!;
  // The pooled output [batch, 50] → its first two columns as the two class scores.
  graph.initializer = [...(graph.initializer ?? []), tensor("bench_label_columns", [2], new BigInt64Array([0n, 1n]))];
  graph.node = [...(graph.node ?? []), node("Gather", ["output_1", "bench_label_columns"], ["logits"], { axis: 1 })];
  graph.output = [valueInfo("logits", "float32", ["batch", LABELS.length])];
  return {
    bytes: encodeModel(model),
    description: "TinyBERT (2 layers, hidden 50, 121k parameters) + Gather of 2 pooled columns, WordPiece tokenizer",
    inputs: { input_ids: "input_ids", attention_mask: "attention_mask", token_type_ids: "token_type_ids" },
    // The graph's position embeddings stop at 100; SST-2 dev sentences fit in 64 tokens with few truncations.
    maxSequenceLength: 64,
  };
}
