/**
 * Compressed variants of a trained bag-of-embeddings model: magnitude pruning (Han et al. 2015,
 * https://arxiv.org/abs/1506.02626: zero the smallest weights, then fine-tune the rest with the zeros held) and
 * the int8 weights the quantized graph stores, as float, so the training code can score exactly that model.
 *
 * A pruned model is still stored dense: onnxruntime's CPU kernels multiply zeros like any other number, so
 * sparsity alone buys no speed, which is the point this variant makes on the leaderboard.
 */
import { trainables, type BagModel } from "./bag-model";
import { dequantize, quantizeSymmetric } from "./quantize";
import { denseTrainable, sparseRowsTrainable, type Trainable } from "./trainable";

/** Weight matrices and tables; biases are tiny and carry the decision threshold, so they are never pruned. */
export function prunableTensors(model: BagModel): Trainable[] {
  return [model.embedding, model.bigramEmbedding, model.hiddenWeight, model.outputWeight].filter(
    (tensor) => tensor.values.length > 0,
  );
}

/**
 * A mask zeroing exactly floor(fraction × n) elements of smallest magnitude (ties broken by position, so the
 * mask is the same on every run).
 */
export function magnitudeMask(values: Float32Array, fraction: number): Uint8Array {
  const pruneCount = Math.floor(values.length * fraction);
  const mask = new Uint8Array(values.length).fill(1);
  if (pruneCount === 0) return mask;
  const magnitudes = Float32Array.from(values, Math.abs).sort();
  const threshold = magnitudes[pruneCount - 1]!;
  let pruned = 0;
  for (let index = 0; index < values.length; index += 1)
    if (Math.abs(values[index]!) < threshold) {
      mask[index] = 0;
      pruned += 1;
    }
  for (let index = 0; index < values.length && pruned < pruneCount; index += 1) {
    if (mask[index] === 1 && Math.abs(values[index]!) === threshold) {
      mask[index] = 0;
      pruned += 1;
    }
  }
  return mask;
}

/** Zeroes the smallest `fraction` of each prunable tensor and keeps them zero through later training. */
export function pruneByMagnitude(model: BagModel, fraction: number): void {
  for (const tensor of prunableTensors(model)) {
    tensor.mask = magnitudeMask(tensor.values, fraction);
    tensor.values.forEach((_, index) => {
      if (tensor.mask![index] === 0) tensor.values[index] = 0;
    });
  }
}

export function zeroFraction(model: BagModel): number {
  let zeros = 0;
  let total = 0;
  for (const tensor of trainables(model)) {
    total += tensor.values.length;
    for (const value of tensor.values) if (value === 0) zeros += 1;
  }
  return total === 0 ? 0 : zeros / total;
}

function copyTrainable(tensor: Trainable, values: Float32Array): Trainable {
  return tensor.touchedRows
    ? sparseRowsTrainable(tensor.name, values, tensor.rowSize)
    : denseTrainable(tensor.name, values);
}

/** A deep copy (masks included), each tensor's values passed through `transform` when given. */
export function copyBagModel(model: BagModel, transform?: (tensor: Trainable) => Float32Array): BagModel {
  const copy = (tensor: Trainable) => {
    const copied = copyTrainable(tensor, transform ? transform(tensor) : Float32Array.from(tensor.values));
    copied.mask = tensor.mask ? Uint8Array.from(tensor.mask) : null;
    return copied;
  };
  return {
    architecture: model.architecture,
    embedding: copy(model.embedding),
    bigramEmbedding: copy(model.bigramEmbedding),
    hiddenWeight: copy(model.hiddenWeight),
    hiddenBias: copy(model.hiddenBias),
    outputWeight: copy(model.outputWeight),
    outputBias: copy(model.outputBias),
  };
}

/** A copy whose weight matrices hold exactly what the int8 graph dequantizes to (biases unchanged). */
export function dequantizedCopy(model: BagModel): BagModel {
  const quantized = new Set(prunableTensors(model));
  return copyBagModel(model, (tensor) =>
    quantized.has(tensor) ? dequantize(quantizeSymmetric(tensor.values)) : Float32Array.from(tensor.values),
  );
}
