import { describe, expect, it } from "vitest";
import {
  copyBagModel,
  dequantizedCopy,
  magnitudeMask,
  prunableTensors,
  pruneByMagnitude,
  zeroFraction,
} from "./bag-variants";
import { createBagModel } from "./bag-model";
import { dequantize, quantizeSymmetric } from "./quantize";
import { trainBagModel } from "./train-bag";

describe("magnitude pruning", () => {
  it("zeroes exactly floor(fraction × n) of the smallest magnitudes, ties by position", () => {
    const values = Float32Array.of(0.5, -0.1, 0.1, 2, -3, 0.1, 0.05, 1);
    expect(Array.from(magnitudeMask(values, 0.5))).toEqual([1, 0, 0, 1, 1, 0, 0, 1]);
    // Three of the four smallest |w| are tied at 0.1: the first two by position go.
    expect(Array.from(magnitudeMask(values, 0.375))).toEqual([1, 0, 0, 1, 1, 1, 0, 1]);
    expect(Array.from(magnitudeMask(values, 0))).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it("keeps pruned weights at zero through fine-tuning, and leaves the original model alone", () => {
    const architecture = { vocabSize: 40, embeddingDim: 6, bigramBuckets: 11, hiddenDim: 5, labelCount: 2 };
    const original = createBagModel(architecture, 5);
    const pruned = copyBagModel(original);
    pruneByMagnitude(pruned, 0.9);
    const zerosBefore = zeroFraction(pruned);
    expect(zerosBefore).toBeGreaterThan(0.85);
    const examples = Array.from({ length: 60 }, (_, index) =>
      Int32Array.of(index % 40, (index * 7) % 40, (index * 3) % 40),
    );
    trainBagModel(
      pruned,
      examples,
      examples.map((_, index) => index % 2),
      { epochs: 2, batchSize: 4, learningRate: 0.05, seed: 1 },
    );
    for (const tensor of prunableTensors(pruned)) {
      const stillZero = tensor.mask!.every((keep, index) => keep === 1 || tensor.values[index] === 0);
      expect(stillZero, tensor.name).toBe(true);
      expect(
        tensor.values.some((value, index) => tensor.mask![index] === 1 && value !== 0),
        tensor.name,
      ).toBe(true);
    }
    expect(zeroFraction(original)).toBe(zeroFraction(createBagModel(architecture, 5)));
  });
});

describe("int8 quantization", () => {
  it("rounds to within half a step, with the largest magnitude at ±127", () => {
    const values = Float32Array.of(0.3, -1.27, 0.001, 0.8);
    const quantized = quantizeSymmetric(values);
    expect(quantized.scale).toBe(Math.fround(1.27 / 127));
    expect(Array.from(quantized.values)).toContain(-127);
    dequantize(quantized).forEach((value, index) =>
      expect(Math.abs(value - values[index]!)).toBeLessThanOrEqual(quantized.scale / 2 + 1e-7),
    );
  });

  it("gives an all-zero tensor a usable scale", () => {
    const quantized = quantizeSymmetric(new Float32Array(4));
    expect(quantized.scale).toBe(1);
    expect(Array.from(dequantize(quantized))).toEqual([0, 0, 0, 0]);
  });

  it("dequantizes weight matrices but keeps biases exact in the scoring copy", () => {
    const model = createBagModel({ vocabSize: 20, embeddingDim: 4, bigramBuckets: 0, hiddenDim: 3, labelCount: 2 }, 2);
    model.outputBias.values.set([0.123456, -0.5]);
    const copy = dequantizedCopy(model);
    expect(Array.from(copy.outputBias.values)).toEqual(Array.from(model.outputBias.values));
    expect(Array.from(copy.embedding.values)).toEqual(
      Array.from(dequantize(quantizeSymmetric(model.embedding.values))),
    );
    expect(Array.from(copy.embedding.values)).not.toEqual(Array.from(model.embedding.values));
  });
});
