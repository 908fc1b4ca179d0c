/**
 * A convolutional sentence classifier that reads word order (Kim 2014, https://arxiv.org/abs/1408.5882, one
 * filter width): token embeddings, one 1-D convolution over windows of `width` consecutive tokens, ReLU, a max
 * over positions, then a linear layer to the logits.
 *
 *   x_t     = E[id_t]                                            t = 0 … n−1, zero outside the sentence
 *   c_t,f   = b_f + Σ_j Σ_d W[f, d, j] · x_{t + j − ⌊width/2⌋, d}  one output per token ("same" padding)
 *   pooled_f = max_t relu(c_t,f)
 *   logits  = pooled · V + v
 *
 * The bag models (bag-model.ts) see a sentence as a multiset of words (plus hashed bigrams for the n-gram MLP);
 * this one sees "not good" and "good, not" differently, which is what a distillation teacher must add over its
 * student for distillation to have something to pass on.
 *
 * The max over positions of ReLU outputs is the same whether or not zeros are added to the candidates, which is
 * how the ONNX graph (export-conv.ts) keeps padded batches exact: padding embeddings and padding positions are
 * multiplied by the mask, so they contribute zeros.
 */
import { mulberry32, randomFloats } from "../../lib/onnx/seeded-random";
import { addToRow, denseTrainable, sparseRowsTrainable, type Trainable } from "./trainable";

export interface ConvArchitecture {
  vocabSize: number;
  embeddingDim: number;
  filters: number;
  /** Tokens per window; odd, so that each window is centred on a token. */
  width: number;
  labelCount: number;
}

export interface ConvModel {
  architecture: ConvArchitecture;
  embedding: Trainable;
  /** [filters, embeddingDim, width], ONNX Conv's weight layout. */
  convWeight: Trainable;
  convBias: Trainable;
  /** [filters, labelCount]. */
  outputWeight: Trainable;
  outputBias: Trainable;
}

export function convTrainables(model: ConvModel): Trainable[] {
  return [model.embedding, model.convWeight, model.convBias, model.outputWeight, model.outputBias];
}

export function createConvModel(architecture: ConvArchitecture, seed: number): ConvModel {
  const { vocabSize, embeddingDim, filters, width, labelCount } = architecture;
  if (width % 2 !== 1) throw new Error(`A window width must be odd; got ${width}`);
  const random = mulberry32(seed);
  const glorot = (fanIn: number, fanOut: number) => Math.sqrt(6 / (fanIn + fanOut));
  return {
    architecture,
    // Embeddings start wider than the bag models' ±1/dim: a max over positions needs inputs that differ.
    embedding: sparseRowsTrainable("embedding", randomFloats(vocabSize * embeddingDim, random, 0.1), embeddingDim),
    convWeight: denseTrainable(
      "conv_weight",
      randomFloats(filters * embeddingDim * width, random, glorot(embeddingDim * width, filters)),
    ),
    convBias: denseTrainable("conv_bias", new Float32Array(filters)),
    outputWeight: denseTrainable(
      "output_weight",
      randomFloats(filters * labelCount, random, glorot(filters, labelCount)),
    ),
    outputBias: denseTrainable("output_bias", new Float32Array(labelCount)),
  };
}

export interface ConvForwardCache {
  ids: Int32Array;
  pooled: Float64Array;
  /** The position whose window won each filter's max, or -1 when every window's ReLU output was 0. */
  winner: Int32Array;
  logits: Float64Array;
}

export function convForward(model: ConvModel, ids: Int32Array): ConvForwardCache {
  const { embeddingDim: dim, filters, width, labelCount } = model.architecture;
  const half = (width - 1) / 2;
  const table = model.embedding.values;
  const weight = model.convWeight.values;
  const bias = model.convBias.values;
  // ReLU outputs are ≥ 0, so starting each max at 0 is the max of relu over positions.
  const pooled = new Float64Array(filters);
  const winner = new Int32Array(filters).fill(-1);
  for (let t = 0; t < ids.length; t += 1) {
    for (let f = 0; f < filters; f += 1) {
      let value = bias[f]!;
      for (let j = 0; j < width; j += 1) {
        const position = t + j - half;
        if (position < 0 || position >= ids.length) continue;
        const row = ids[position]! * dim;
        const offset = f * dim * width + j;
        for (let d = 0; d < dim; d += 1) value += weight[offset + d * width]! * table[row + d]!;
      }
      if (value > pooled[f]!) {
        pooled[f] = value;
        winner[f] = t;
      }
    }
  }
  const logits = Float64Array.from(model.outputBias.values);
  const output = model.outputWeight.values;
  for (let f = 0; f < filters; f += 1) {
    for (let c = 0; c < labelCount; c += 1) logits[c]! += pooled[f]! * output[f * labelCount + c]!;
  }
  return { ids, pooled, winner, logits };
}

/** Adds the gradient of the loss with respect to every weight, given dLoss/dLogits (already batch-scaled). */
export function convBackward(model: ConvModel, cache: ConvForwardCache, logitGradient: ArrayLike<number>): void {
  const { embeddingDim: dim, filters, width, labelCount } = model.architecture;
  const half = (width - 1) / 2;
  const output = model.outputWeight.values;
  const table = model.embedding.values;
  const weight = model.convWeight.values;
  for (let c = 0; c < labelCount; c += 1) model.outputBias.gradient[c]! += logitGradient[c]!;
  const tokenGradient = new Float64Array(dim);
  for (let f = 0; f < filters; f += 1) {
    let pooledGradient = 0;
    for (let c = 0; c < labelCount; c += 1) {
      model.outputWeight.gradient[f * labelCount + c]! += cache.pooled[f]! * logitGradient[c]!;
      pooledGradient += output[f * labelCount + c]! * logitGradient[c]!;
    }
    // The max passes its gradient to the winning window only, and ReLU only where it let the value through.
    const t = cache.winner[f]!;
    if (t < 0 || pooledGradient === 0) continue;
    model.convBias.gradient[f]! += pooledGradient;
    for (let j = 0; j < width; j += 1) {
      const position = t + j - half;
      if (position < 0 || position >= cache.ids.length) continue;
      const id = cache.ids[position]!;
      const offset = f * dim * width + j;
      for (let d = 0; d < dim; d += 1) {
        model.convWeight.gradient[offset + d * width]! += pooledGradient * table[id * dim + d]!;
        tokenGradient[d] = pooledGradient * weight[offset + d * width]!;
      }
      addToRow(model.embedding, id, tokenGradient, 1);
    }
  }
}

export function convParameterCount(architecture: ConvArchitecture): number {
  const { vocabSize, embeddingDim, filters, width, labelCount } = architecture;
  return vocabSize * embeddingDim + filters * (embeddingDim * width + 1) + (filters + 1) * labelCount;
}
