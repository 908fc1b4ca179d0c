import { describe, expect, it } from "vitest";
import {
  convBackward,
  convForward,
  convParameterCount,
  convTrainables,
  createConvModel,
  type ConvArchitecture,
} from "./conv-model";
import { crossEntropy } from "./losses";
import { clearGradient } from "./trainable";
import { trainNetwork } from "./train-bag";

const ARCHITECTURE: ConvArchitecture = { vocabSize: 10, embeddingDim: 4, filters: 5, width: 3, labelCount: 2 };
const IDS = Int32Array.of(1, 4, 7, 4, 2);

describe("word-order CNN", () => {
  it("backward matches central finite differences of the loss for every weight", () => {
    const model = createConvModel(ARCHITECTURE, 3);
    convTrainables(model).forEach(clearGradient);
    const cache = convForward(model, IDS);
    convBackward(model, cache, crossEntropy(cache.logits, 1).gradient);
    const loss = () => crossEntropy(convForward(model, IDS).logits, 1).loss;
    let checked = 0;
    for (const tensor of convTrainables(model)) {
      for (let index = 0; index < tensor.values.length; index += 1) {
        const original = tensor.values[index]!;
        const step = 1e-3;
        tensor.values[index] = original + step;
        const plus = loss();
        const winnersPlus = convForward(model, IDS).winner.join();
        tensor.values[index] = original - step;
        const minus = loss();
        const winnersMinus = convForward(model, IDS).winner.join();
        tensor.values[index] = original;
        // A max is not differentiable where the winning window changes: such a weight has no single gradient.
        if (winnersPlus !== winnersMinus || winnersPlus !== cache.winner.join()) continue;
        const numeric = (plus - minus) / (2 * step);
        expect(Math.abs(tensor.gradient[index]! - numeric), `${tensor.name}[${index}]`).toBeLessThan(
          2e-3 * Math.max(1, Math.abs(numeric)),
        );
        if (tensor.gradient[index] !== 0) checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it("tells word orders apart that a bag of words cannot", () => {
    const model = createConvModel(ARCHITECTURE, 5);
    const forwardOrder = convForward(model, Int32Array.of(1, 2, 3, 4)).logits;
    const reversed = convForward(model, Int32Array.of(4, 3, 2, 1)).logits;
    expect(Math.abs(forwardOrder[0]! - reversed[0]!)).toBeGreaterThan(1e-6);
  });

  it("learns a label that only word order decides", () => {
    // "1 2" means positive and "2 1" negative, with the same words in both: invisible to a bag of words.
    const examples: Int32Array[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const filler = 3 + (i % 6);
      const positive = i % 2 === 0;
      examples.push(positive ? Int32Array.of(filler, 1, 2, filler) : Int32Array.of(filler, 2, 1, filler));
      labels.push(positive ? 1 : 0);
    }
    const model = createConvModel(ARCHITECTURE, 7);
    trainNetwork(
      {
        trainables: convTrainables(model),
        forward: (ids) => convForward(model, ids),
        backward: (cache, gradient) => convBackward(model, cache, gradient),
      },
      examples,
      labels,
      { epochs: 20, batchSize: 16, learningRate: 0.02, seed: 8 },
    );
    const correct = examples.filter((ids, index) => {
      const logits = convForward(model, ids).logits;
      return (logits[1]! > logits[0]! ? 1 : 0) === labels[index];
    }).length;
    expect(correct / examples.length).toBeGreaterThan(0.95);
  });

  it("counts its parameters as the runner will", () => {
    expect(convParameterCount(ARCHITECTURE)).toBe(10 * 4 + 5 * (4 * 3 + 1) + 6 * 2);
  });
});
