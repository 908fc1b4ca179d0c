import { describe, expect, it } from "vitest";
import {
  backward,
  bigramBucket,
  BIGRAM_MULTIPLIER,
  createBagModel,
  forward,
  parameterCount,
  trainables,
  type BagArchitecture,
} from "./bag-model";
import { crossEntropy, distillationLoss } from "./losses";
import { clearGradient } from "./trainable";
import { predictBag, shuffledOrder, trainBagModel } from "./train-bag";
import { mulberry32 } from "../../lib/onnx/seeded-random";

const FULL: BagArchitecture = { vocabSize: 12, embeddingDim: 5, bigramBuckets: 7, hiddenDim: 4, labelCount: 3 };
const LINEAR: BagArchitecture = { vocabSize: 12, embeddingDim: 5, bigramBuckets: 0, hiddenDim: 0, labelCount: 2 };
const IDS = Int32Array.of(2, 5, 5, 9, 3);

/** Compares backward() with central finite differences of the loss, for every weight the example touches. */
function gradientCheck(
  architecture: BagArchitecture,
  loss: (logits: Float64Array) => { loss: number; gradient: Float64Array },
) {
  const model = createBagModel(architecture, 11);
  // Non-zero output weights, or a linear model's embedding gradients would all be zero.
  model.outputWeight.values.forEach((_, index) => (model.outputWeight.values[index] = Math.sin(index + 1) * 0.5));
  trainables(model).forEach(clearGradient);
  const cache = forward(model, IDS);
  backward(model, cache, loss(cache.logits).gradient);
  let checked = 0;
  for (const tensor of trainables(model)) {
    for (let index = 0; index < tensor.values.length; index += 1) {
      const analytic = tensor.gradient[index]!;
      const original = tensor.values[index]!;
      const step = 1e-2;
      tensor.values[index] = original + step;
      const plus = loss(forward(model, IDS).logits).loss;
      tensor.values[index] = original - step;
      const minus = loss(forward(model, IDS).logits).loss;
      tensor.values[index] = original;
      const numeric = (plus - minus) / (2 * step);
      // float32 weights and a finite step: agreement to about 1e-3 of the larger magnitude.
      expect(Math.abs(analytic - numeric), `${tensor.name}[${index}]`).toBeLessThan(
        2e-3 * Math.max(1, Math.abs(numeric)),
      );
      if (analytic !== 0) checked += 1;
    }
  }
  return checked;
}

describe("bag-of-embeddings model", () => {
  it("hashes bigrams as (left × P + right) mod buckets, exactly", () => {
    expect(bigramBucket(3, 4, 1000)).toBe((3 * BIGRAM_MULTIPLIER + 4) % 1000);
    // Largest vocabularies stay far inside exact double (and int64) arithmetic.
    expect(Number.isSafeInteger(200_000 * BIGRAM_MULTIPLIER + 200_000)).toBe(true);
  });

  it("has the gradient of the cross-entropy with unigrams, bigrams and a hidden layer", () => {
    expect(gradientCheck(FULL, (logits) => crossEntropy(logits, 1))).toBeGreaterThan(40);
  });

  it("has the gradient of the class-weighted and distillation losses", () => {
    expect(gradientCheck(LINEAR, (logits) => crossEntropy(logits, 0, 2.5))).toBeGreaterThan(10);
    const teacher = Float64Array.of(1.5, -0.3, 0.2);
    expect(
      gradientCheck(FULL, (logits) => distillationLoss(logits, teacher, 2, { temperature: 3, alpha: 0.7 })),
    ).toBeGreaterThan(40);
  });

  it("averages over tokens and bigrams: a repeated token counts each time", () => {
    const model = createBagModel(LINEAR, 1);
    const pooled = forward(model, Int32Array.of(4, 4, 7)).pooled;
    const row = (id: number, d: number) => model.embedding.values[id * LINEAR.embeddingDim + d]!;
    pooled.forEach((value, d) => expect(value).toBeCloseTo((2 * row(4, d) + row(7, d)) / 3, 6));
  });

  it("counts its parameters as the tensors hold them", () => {
    const model = createBagModel(FULL, 1);
    expect(parameterCount(FULL)).toBe(trainables(model).reduce((total, tensor) => total + tensor.values.length, 0));
  });

  it("trains reproducibly and learns a separable toy problem", () => {
    const examples = Array.from({ length: 200 }, (_, index) =>
      Int32Array.of(1, index % 2 === 0 ? 5 : 6, 2 + (index % 3), 1),
    );
    const labels = examples.map((ids) => (ids[1] === 5 ? 0 : 1));
    const run = () => {
      const model = createBagModel(LINEAR, 3);
      const log = trainBagModel(model, examples, labels, { epochs: 5, batchSize: 8, learningRate: 0.05, seed: 4 });
      return { model, log };
    };
    const first = run();
    const second = run();
    expect(Buffer.from(second.model.embedding.values.buffer)).toEqual(Buffer.from(first.model.embedding.values.buffer));
    expect(first.log.epochLosses.at(-1)!).toBeLessThan(first.log.epochLosses[0]!);
    expect(predictBag(first.model, examples).predicted).toEqual(labels);
  });

  it("shuffles with a seeded Fisher-Yates: a permutation, the same for the same seed", () => {
    const order = shuffledOrder(50, mulberry32(9));
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, index) => index));
    expect(shuffledOrder(50, mulberry32(9))).toEqual(order);
    expect(shuffledOrder(50, mulberry32(10))).not.toEqual(order);
  });
});
