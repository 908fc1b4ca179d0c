/**
 * Small, reproducible ONNX classifiers for tests and benchmarks, built from code (graph-builder.ts), with a
 * plain-TypeScript reference that computes the same logits. The hostile models the runner must survive live in
 * hostile-models.ts and are re-exported here.
 */
import { graph, model, node, tensor, valueInfo } from "../../lib/onnx/graph-builder";
import { mulberry32, randomFloats } from "../../lib/onnx/seeded-random";

export { memoryHogModel, nanOutputModel, slowModel, wrongShapeOutputModel } from "./hostile-models";
export { mulberry32, randomFloats } from "../../lib/onnx/seeded-random";

export interface BagOfWordsWeights {
  vocabSize: number;
  embeddingDim: number;
  labelCount: number;
  /** [vocabSize, embeddingDim], row-major. */
  embedding: Float32Array;
  /** [embeddingDim, labelCount], row-major. */
  projection: Float32Array;
  /** [labelCount]. */
  bias: Float32Array;
}

export interface BagOfWordsOptions {
  vocabSize: number;
  embeddingDim: number;
  labelCount: number;
  seed: number;
}

/**
 * Masked-mean bag of embeddings followed by a linear layer:
 *   logits = (Σ_t mask_t · E[id_t]) / max(1, Σ_t mask_t) · W + b
 * Inputs input_ids and attention_mask, int64 [batch, sequence] (the BERT convention the runner feeds); output
 * logits, float [batch, labels]. The max(1, ·) keeps an all-padding row finite (its logits are just b).
 */
export function bagOfWordsClassifier(options: BagOfWordsOptions): { bytes: Uint8Array; weights: BagOfWordsWeights } {
  const { vocabSize, embeddingDim, labelCount, seed } = options;
  const random = mulberry32(seed);
  const weights: BagOfWordsWeights = {
    vocabSize,
    embeddingDim,
    labelCount,
    embedding: randomFloats(vocabSize * embeddingDim, random),
    projection: randomFloats(embeddingDim * labelCount, random, 1 / Math.sqrt(embeddingDim)),
    bias: randomFloats(labelCount, random, 0.1),
  };
  const bytes = model({
    producer: "joulebench-test-models",
    graph: graph({
      name: "bag_of_words",
      inputs: [
        valueInfo("input_ids", "int64", ["batch", "sequence"]),
        valueInfo("attention_mask", "int64", ["batch", "sequence"]),
      ],
      outputs: [valueInfo("logits", "float32", ["batch", labelCount])],
      initializers: [
        tensor("embedding", [vocabSize, embeddingDim], weights.embedding),
        tensor("projection", [embeddingDim, labelCount], weights.projection),
        tensor("bias", [labelCount], weights.bias),
        tensor("sequence_axis", [1], new BigInt64Array([1n])),
        tensor("last_axis", [1], new BigInt64Array([-1n])),
        tensor("one", [], new Float32Array([1])),
      ],
      nodes: [
        node("Gather", ["embedding", "input_ids"], ["embedded"], { axis: 0 }),
        node("Cast", ["attention_mask"], ["mask"], { to: 1 }),
        node("Unsqueeze", ["mask", "last_axis"], ["mask_column"]),
        node("Mul", ["embedded", "mask_column"], ["masked"]),
        node("ReduceSum", ["masked", "sequence_axis"], ["summed"], { keepdims: 0 }),
        node("ReduceSum", ["mask", "sequence_axis"], ["token_count"], { keepdims: 1 }),
        node("Max", ["token_count", "one"], ["safe_count"]),
        node("Div", ["summed", "safe_count"], ["pooled"]),
        node("MatMul", ["pooled", "projection"], ["projected"]),
        node("Add", ["projected", "bias"], ["logits"]),
      ],
    }),
  });
  return { bytes, weights };
}

/** The same computation in plain TypeScript (float64), to check onnxruntime's output against. */
export function bagOfWordsReference(
  weights: BagOfWordsWeights,
  ids: readonly (readonly number[])[],
  mask: readonly (readonly number[])[],
): number[][] {
  const { embeddingDim, labelCount, vocabSize } = weights;
  return ids.map((row, example) => {
    const pooled = new Float64Array(embeddingDim);
    let count = 0;
    row.forEach((id, position) => {
      if (!Number.isInteger(id) || id < 0 || id >= vocabSize)
        throw new Error(`token id ${id} is outside the vocabulary`);
      const weight = mask[example]?.[position] ?? 0;
      count += weight;
      for (let d = 0; d < embeddingDim; d++) pooled[d]! += weight * weights.embedding[id * embeddingDim + d]!;
    });
    const divisor = Math.max(1, count);
    return Array.from({ length: labelCount }, (_, label) => {
      let sum = weights.bias[label]!;
      for (let d = 0; d < embeddingDim; d++)
        sum += (pooled[d]! / divisor) * weights.projection[d * labelCount + label]!;
      return sum;
    });
  });
}
