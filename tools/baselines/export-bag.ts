/**
 * A bag-of-embeddings model (bag-model.ts) as an ONNX graph, through onnx-proto (lib/onnx/graph-builder.ts).
 * The graph computes what `forward` computes, for a padded batch: padding positions are masked out of every sum
 * and count, so a sentence scores the same alone or padded in a batch.
 *
 *   inputs  input_ids, attention_mask   int64 [batch, sequence]
 *   output  logits                      float [batch, labels]
 *
 * Weights are float32, or int8 with a float32 scale (quantize.ts). An int8 embedding table is gathered first and
 * dequantized after, so only the rows of the batch are widened to float, never the whole table.
 */
import type { onnx } from "onnx-proto";
import { elemTypeCode } from "../../lib/onnx/data-types";
import { graph, model, node, tensor, valueInfo } from "../../lib/onnx/graph-builder";
import { BIGRAM_MULTIPLIER, type BagArchitecture, type BagModel } from "./bag-model";
import { quantizeSymmetric, type Int8Tensor } from "./quantize";

const FLOAT = elemTypeCode("float32");

export interface BagExportOptions {
  /** Store every weight matrix and table as int8 (biases stay float32). */
  int8?: boolean;
  producer?: string;
}

class GraphParts {
  readonly nodes: onnx.NodeProto[] = [];
  readonly initializers: onnx.TensorProto[] = [];
  add(opType: string, inputs: string[], output: string, attributes: Record<string, number> = {}): string {
    this.nodes.push(node(opType, inputs, [output], attributes));
    return output;
  }
}

/** Adds a weight as an initializer; int8 ones get their scale and zero point beside them. */
function addWeight(parts: GraphParts, name: string, dims: number[], values: Float32Array | Int8Tensor): void {
  if (values instanceof Float32Array) {
    parts.initializers.push(tensor(name, dims, values));
    return;
  }
  parts.initializers.push(
    tensor(`${name}_quantized`, dims, values.values),
    tensor(`${name}_scale`, [], Float32Array.of(values.scale)),
    tensor(`${name}_zero_point`, [], Int8Array.of(0)),
  );
}

/** A weight as a float tensor name: itself, or its dequantized form (after `gathered`, when it was gathered). */
function dequantized(parts: GraphParts, name: string, int8: boolean, gathered?: string): string {
  if (!int8) return gathered ?? name;
  return parts.add(
    "DequantizeLinear",
    [gathered ?? `${name}_quantized`, `${name}_scale`, `${name}_zero_point`],
    `${gathered ?? name}_float`,
  );
}

/** Σ over unmasked positions of table[ids] -> [batch, dim], and the count of those positions -> [batch, 1]. */
function maskedSum(
  parts: GraphParts,
  table: string,
  ids: string,
  mask: string,
  int8: boolean,
  prefix: string,
): { sum: string; count: string } {
  const gathered = parts.add("Gather", [int8 ? `${table}_quantized` : table, ids], `${prefix}_vectors`, { axis: 0 });
  const vectors = dequantized(parts, table, int8, gathered);
  const column = parts.add("Unsqueeze", [mask, "last_axis"], `${prefix}_mask_column`);
  const masked = parts.add("Mul", [vectors, column], `${prefix}_masked`);
  return {
    sum: parts.add("ReduceSum", [masked, "sequence_axis"], `${prefix}_sum`, { keepdims: 0 }),
    count: parts.add("ReduceSum", [mask, "sequence_axis"], `${prefix}_count`, { keepdims: 1 }),
  };
}

export function exportBagModel(bag: BagModel, options: BagExportOptions = {}): Uint8Array {
  const architecture: BagArchitecture = bag.architecture;
  const { vocabSize, embeddingDim, bigramBuckets, hiddenDim, labelCount } = architecture;
  const int8 = options.int8 ?? false;
  const weight = (values: Float32Array) => (int8 ? quantizeSymmetric(values) : values);
  const parts = new GraphParts();
  parts.initializers.push(
    tensor("sequence_axis", [1], BigInt64Array.of(1n)),
    tensor("last_axis", [1], BigInt64Array.of(-1n)),
    tensor("one", [], Float32Array.of(1)),
  );
  addWeight(parts, "embedding", [vocabSize, embeddingDim], weight(bag.embedding.values));
  parts.add("Cast", ["attention_mask"], "mask", { to: FLOAT });
  const tokens = maskedSum(parts, "embedding", "input_ids", "mask", int8, "token");
  let sum = tokens.sum;
  let count = tokens.count;

  if (bigramBuckets > 0) {
    addWeight(parts, "bigram_embedding", [bigramBuckets, embeddingDim], weight(bag.bigramEmbedding.values));
    parts.initializers.push(
      tensor("zero_index", [1], BigInt64Array.of(0n)),
      tensor("one_index", [1], BigInt64Array.of(1n)),
      tensor("minus_one_index", [1], BigInt64Array.of(-1n)),
      // Slice's "to the end": INT64_MAX, as the ONNX operator documentation recommends.
      tensor("end_index", [1], BigInt64Array.of(9223372036854775807n)),
      tensor("bigram_multiplier", [], BigInt64Array.of(BigInt(BIGRAM_MULTIPLIER))),
      tensor("bigram_buckets", [], BigInt64Array.of(BigInt(bigramBuckets))),
    );
    const left = (input: string) =>
      parts.add("Slice", [input, "zero_index", "minus_one_index", "sequence_axis"], `${input}_left`);
    const right = (input: string) =>
      parts.add("Slice", [input, "one_index", "end_index", "sequence_axis"], `${input}_right`);
    const code = parts.add(
      "Add",
      [parts.add("Mul", [left("input_ids"), "bigram_multiplier"], "bigram_left_scaled"), right("input_ids")],
      "bigram_code",
    );
    // Ids are never negative, so Mod's sign convention (the divisor's, for integers) does not matter.
    const bigramIds = parts.add("Mod", [code, "bigram_buckets"], "bigram_ids");
    const bigramMask = parts.add("Mul", [left("mask"), right("mask")], "bigram_mask");
    const bigrams = maskedSum(parts, "bigram_embedding", bigramIds, bigramMask, int8, "bigram");
    sum = parts.add("Add", [sum, bigrams.sum], "feature_sum");
    count = parts.add("Add", [count, bigrams.count], "feature_count");
  }
  // max(1, count) keeps an all-padding row finite; a real example always has at least [CLS] and [SEP].
  const pooled = parts.add("Div", [sum, parts.add("Max", [count, "one"], "safe_count")], "pooled");

  let features = pooled;
  if (hiddenDim > 0) {
    addWeight(parts, "hidden_weight", [embeddingDim, hiddenDim], weight(bag.hiddenWeight.values));
    parts.initializers.push(tensor("hidden_bias", [hiddenDim], bag.hiddenBias.values));
    const projected = parts.add("MatMul", [pooled, dequantized(parts, "hidden_weight", int8)], "hidden_projected");
    features = parts.add("Relu", [parts.add("Add", [projected, "hidden_bias"], "hidden_preactivation")], "hidden");
  }
  const featureDim = hiddenDim > 0 ? hiddenDim : embeddingDim;
  addWeight(parts, "output_weight", [featureDim, labelCount], weight(bag.outputWeight.values));
  parts.initializers.push(tensor("output_bias", [labelCount], bag.outputBias.values));
  const scores = parts.add("MatMul", [features, dequantized(parts, "output_weight", int8)], "output_projected");
  parts.add("Add", [scores, "output_bias"], "logits");

  return model({
    producer: options.producer ?? "joulebench-baselines",
    graph: graph({
      name: hiddenDim > 0 ? "ngram_mlp" : "bag_of_embeddings",
      inputs: [
        valueInfo("input_ids", "int64", ["batch", "sequence"]),
        valueInfo("attention_mask", "int64", ["batch", "sequence"]),
      ],
      outputs: [valueInfo("logits", "float32", ["batch", labelCount])],
      initializers: parts.initializers,
      nodes: parts.nodes,
    }),
  });
}
