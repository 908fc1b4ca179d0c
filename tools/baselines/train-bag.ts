/**
 * Mini-batch training of a bag-of-embeddings model (or any network over token ids, trainNetwork): seeded shuffling, Adam with a linearly decaying learning rate
 * (fastText decays its rate linearly to zero too), and one of two losses: cross-entropy with the gold labels, or
 * distillation from a teacher's logits.
 */
import { mulberry32 } from "../../lib/onnx/seeded-random";
import { createAdam } from "./adam";
import { backward, forward, trainables, type BagModel } from "./bag-model";
import { argmax, crossEntropy, distillationLoss, type DistillationOptions } from "./losses";
import type { Trainable } from "./trainable";

export interface BagTrainingOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Per-class loss weights (e.g. balancedClassWeights for imbalanced data); 1 for every class when absent. */
  classWeights?: readonly number[];
  /** Train on a teacher's softened outputs: teacherLogits[i] belongs to examples[i]. */
  distillation?: DistillationOptions & { teacherLogits: readonly Float64Array[] };
}

export interface TrainingLog {
  /** Mean training loss of each epoch. */
  epochLosses: number[];
  steps: number;
}

export function shuffledOrder(count: number, random: () => number): number[] {
  const order = Array.from({ length: count }, (_, index) => index);
  for (let i = count - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** What mini-batch training needs of a model: its weights, a forward pass that keeps what backward needs, backward. */
export interface TrainableNetwork<Cache extends { logits: Float64Array }> {
  trainables: Trainable[];
  forward(ids: Int32Array): Cache;
  backward(cache: Cache, logitGradient: ArrayLike<number>): void;
}

export function trainBagModel(
  model: BagModel,
  examples: readonly Int32Array[],
  labels: readonly number[],
  options: BagTrainingOptions,
): TrainingLog {
  return trainNetwork(
    {
      trainables: trainables(model),
      forward: (ids) => forward(model, ids),
      backward: (cache, gradient) => backward(model, cache, gradient),
    },
    examples,
    labels,
    options,
  );
}

export function trainNetwork<Cache extends { logits: Float64Array }>(
  network: TrainableNetwork<Cache>,
  examples: readonly Int32Array[],
  labels: readonly number[],
  options: BagTrainingOptions,
): TrainingLog {
  const random = mulberry32(options.seed);
  const optimizer = createAdam(network.trainables);
  const stepsPerEpoch = Math.ceil(examples.length / options.batchSize);
  const totalSteps = stepsPerEpoch * options.epochs;
  const epochLosses: number[] = [];
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    const order = shuffledOrder(examples.length, random);
    let lossTotal = 0;
    for (let start = 0; start < order.length; start += options.batchSize) {
      const batch = order.slice(start, start + options.batchSize);
      for (const index of batch) {
        const cache = network.forward(examples[index]!);
        const label = labels[index]!;
        const { loss, gradient } = options.distillation
          ? distillationLoss(cache.logits, options.distillation.teacherLogits[index]!, label, options.distillation)
          : crossEntropy(cache.logits, label, options.classWeights?.[label] ?? 1);
        lossTotal += loss;
        network.backward(
          cache,
          gradient.map((value) => value / batch.length),
        );
      }
      // Linear decay to a tenth of the peak rather than to zero, so the last batches still move the weights.
      optimizer.step(options.learningRate * (1 - (0.9 * step) / totalSteps));
      step += 1;
    }
    epochLosses.push(lossTotal / examples.length);
  }
  return { epochLosses, steps: step };
}

export interface BagPredictions {
  logits: Float64Array[];
  predicted: number[];
}

export function predictBag(model: BagModel, examples: readonly Int32Array[]): BagPredictions {
  const logits = examples.map((ids) => forward(model, ids).logits);
  return { logits, predicted: logits.map(argmax) };
}
