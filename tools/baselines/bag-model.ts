/**
 * The bag-of-embeddings classifier family (fastText, Joulin et al. 2017, https://arxiv.org/abs/1607.01759):
 * the mean of the embeddings of every token of an example, and of its hashed bigrams when the model has a bigram
 * table, optionally through one ReLU hidden layer, then a linear layer to the logits.
 *
 *   pooled = (Σ_t E[id_t] + Σ_t G[hash(id_t, id_t+1)]) / (tokens + bigrams)
 *   hidden = relu(pooled · W1 + b1)          (only when hiddenDim > 0)
 *   logits = (hidden or pooled) · W2 + b2
 *
 * The tokenizer cannot emit bigrams, so the hash is computed from the ids, the same way here and in the ONNX
 * graph (export-bag.ts): (id_t × BIGRAM_MULTIPLIER + id_t+1) mod buckets, exact in int64 and in doubles.
 */
import { mulberry32, randomFloats } from "../../lib/onnx/seeded-random";
import { addToRow, denseTrainable, sparseRowsTrainable, type Trainable } from "./trainable";

/** A prime above any vocabulary size, so (a, b) -> a × P + b is one-to-one before the modulo. */
export const BIGRAM_MULTIPLIER = 1_000_003;

export interface BagArchitecture {
  vocabSize: number;
  embeddingDim: number;
  /** Hashed bigram buckets; 0 for a unigram-only model. */
  bigramBuckets: number;
  /** Width of the ReLU hidden layer; 0 for a linear model over the mean embedding. */
  hiddenDim: number;
  labelCount: number;
}

export interface BagModel {
  architecture: BagArchitecture;
  embedding: Trainable;
  bigramEmbedding: Trainable;
  hiddenWeight: Trainable;
  hiddenBias: Trainable;
  outputWeight: Trainable;
  outputBias: Trainable;
}

export function trainables(model: BagModel): Trainable[] {
  return [
    model.embedding,
    model.bigramEmbedding,
    model.hiddenWeight,
    model.hiddenBias,
    model.outputWeight,
    model.outputBias,
  ];
}

export function createBagModel(architecture: BagArchitecture, seed: number): BagModel {
  const { vocabSize, embeddingDim, bigramBuckets, hiddenDim, labelCount } = architecture;
  const random = mulberry32(seed);
  const featureDim = hiddenDim > 0 ? hiddenDim : embeddingDim;
  // fastText's initialisation: inputs uniform in ±1/dim; a linear output starts at zero. A hidden layer needs
  // Glorot-scaled weights on both sides, or its ReLUs start dead or symmetric.
  const glorot = (fanIn: number, fanOut: number) => Math.sqrt(6 / (fanIn + fanOut));
  return {
    architecture,
    embedding: sparseRowsTrainable(
      "embedding",
      randomFloats(vocabSize * embeddingDim, random, 1 / embeddingDim),
      embeddingDim,
    ),
    bigramEmbedding: sparseRowsTrainable(
      "bigram_embedding",
      randomFloats(bigramBuckets * embeddingDim, random, 1 / embeddingDim),
      embeddingDim,
    ),
    hiddenWeight: denseTrainable(
      "hidden_weight",
      randomFloats(embeddingDim * hiddenDim, random, glorot(embeddingDim, hiddenDim)),
    ),
    hiddenBias: denseTrainable("hidden_bias", new Float32Array(hiddenDim)),
    outputWeight: denseTrainable(
      "output_weight",
      hiddenDim > 0
        ? randomFloats(featureDim * labelCount, random, glorot(featureDim, labelCount))
        : new Float32Array(featureDim * labelCount),
    ),
    outputBias: denseTrainable("output_bias", new Float32Array(labelCount)),
  };
}

export function bigramBucket(left: number, right: number, buckets: number): number {
  return (left * BIGRAM_MULTIPLIER + right) % buckets;
}

export interface ForwardCache {
  ids: Int32Array;
  pooled: Float64Array;
  /** After the ReLU; empty without a hidden layer. */
  hidden: Float64Array;
  logits: Float64Array;
}

export function forward(model: BagModel, ids: Int32Array): ForwardCache {
  const { embeddingDim: dim, bigramBuckets, hiddenDim, labelCount } = model.architecture;
  const pooled = new Float64Array(dim);
  const table = model.embedding.values;
  for (const id of ids) for (let d = 0; d < dim; d += 1) pooled[d]! += table[id * dim + d]!;
  let features = ids.length;
  if (bigramBuckets > 0) {
    const bigrams = model.bigramEmbedding.values;
    for (let t = 0; t + 1 < ids.length; t += 1) {
      const row = bigramBucket(ids[t]!, ids[t + 1]!, bigramBuckets) * dim;
      for (let d = 0; d < dim; d += 1) pooled[d]! += bigrams[row + d]!;
    }
    features += Math.max(ids.length - 1, 0);
  }
  const divisor = Math.max(features, 1);
  for (let d = 0; d < dim; d += 1) pooled[d]! /= divisor;

  let top: Float64Array = pooled;
  const hidden = new Float64Array(hiddenDim);
  if (hiddenDim > 0) {
    const weight = model.hiddenWeight.values;
    for (let h = 0; h < hiddenDim; h += 1) hidden[h] = model.hiddenBias.values[h]!;
    for (let d = 0; d < dim; d += 1) {
      const input = pooled[d]!;
      for (let h = 0; h < hiddenDim; h += 1) hidden[h]! += input * weight[d * hiddenDim + h]!;
    }
    for (let h = 0; h < hiddenDim; h += 1) if (hidden[h]! < 0) hidden[h] = 0;
    top = hidden;
  }
  const logits = Float64Array.from(model.outputBias.values);
  const output = model.outputWeight.values;
  for (let i = 0; i < top.length; i += 1) {
    for (let c = 0; c < labelCount; c += 1) logits[c]! += top[i]! * output[i * labelCount + c]!;
  }
  return { ids, pooled, hidden, logits };
}

/** Adds the gradient of the loss with respect to every weight, given dLoss/dLogits (already batch-scaled). */
export function backward(model: BagModel, cache: ForwardCache, logitGradient: ArrayLike<number>): void {
  const { embeddingDim: dim, bigramBuckets, hiddenDim, labelCount } = model.architecture;
  const top = hiddenDim > 0 ? cache.hidden : cache.pooled;
  const output = model.outputWeight.values;
  const topGradient = new Float64Array(top.length);
  for (let i = 0; i < top.length; i += 1) {
    for (let c = 0; c < labelCount; c += 1) {
      model.outputWeight.gradient[i * labelCount + c]! += top[i]! * logitGradient[c]!;
      topGradient[i]! += output[i * labelCount + c]! * logitGradient[c]!;
    }
  }
  for (let c = 0; c < labelCount; c += 1) model.outputBias.gradient[c]! += logitGradient[c]!;

  let pooledGradient = topGradient;
  if (hiddenDim > 0) {
    // ReLU passes the gradient only where it let the value through.
    for (let h = 0; h < hiddenDim; h += 1) if (cache.hidden[h]! <= 0) topGradient[h] = 0;
    pooledGradient = new Float64Array(dim);
    const weight = model.hiddenWeight.values;
    for (let d = 0; d < dim; d += 1) {
      const input = cache.pooled[d]!;
      for (let h = 0; h < hiddenDim; h += 1) {
        model.hiddenWeight.gradient[d * hiddenDim + h]! += input * topGradient[h]!;
        pooledGradient[d]! += weight[d * hiddenDim + h]! * topGradient[h]!;
      }
    }
    for (let h = 0; h < hiddenDim; h += 1) model.hiddenBias.gradient[h]! += topGradient[h]!;
  }

  const { ids } = cache;
  const bigramCount = bigramBuckets > 0 ? Math.max(ids.length - 1, 0) : 0;
  const share = 1 / Math.max(ids.length + bigramCount, 1);
  for (const id of ids) addToRow(model.embedding, id, pooledGradient, share);
  for (let t = 0; t < bigramCount; t += 1) {
    addToRow(model.bigramEmbedding, bigramBucket(ids[t]!, ids[t + 1]!, bigramBuckets), pooledGradient, share);
  }
}

export function parameterCount(architecture: BagArchitecture): number {
  const { vocabSize, embeddingDim, bigramBuckets, hiddenDim, labelCount } = architecture;
  const featureDim = hiddenDim > 0 ? hiddenDim : embeddingDim;
  return (vocabSize + bigramBuckets) * embeddingDim + (embeddingDim + 1) * hiddenDim + (featureDim + 1) * labelCount;
}
