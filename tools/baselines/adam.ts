/**
 * Adam (Kingma & Ba 2015, https://arxiv.org/abs/1412.6980) over Trainable tensors. Embedding rows are updated
 * only when a batch touches them ("lazy" Adam, as TensorFlow's LazyAdamOptimizer): the bias correction uses the
 * global step, and an untouched row keeps its moments as they were. Plain loops over Float32Arrays, in a fixed
 * order, so the same seed gives the same bytes.
 */
import { applyMask, clearGradient, forEachActiveSpan, type Trainable } from "./trainable";

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export interface Optimizer {
  /** Applies the current gradients (already averaged over the batch), then clears them. */
  step(learningRate: number): void;
}

export function createAdam(tensors: readonly Trainable[], options: AdamOptions = {}): Optimizer {
  const beta1 = options.beta1 ?? 0.9;
  const beta2 = options.beta2 ?? 0.999;
  const epsilon = options.epsilon ?? 1e-8;
  const moments = tensors.map((tensor) => ({
    first: new Float32Array(tensor.values.length),
    second: new Float32Array(tensor.values.length),
  }));
  let step = 0;
  return {
    step(learningRate: number) {
      step += 1;
      const correction1 = 1 - beta1 ** step;
      const correction2 = 1 - beta2 ** step;
      const stepSize = (learningRate * Math.sqrt(correction2)) / correction1;
      tensors.forEach((tensor, tensorIndex) => {
        const { first, second } = moments[tensorIndex]!;
        const { values, gradient } = tensor;
        forEachActiveSpan(tensor, (start, end) => {
          for (let index = start; index < end; index += 1) {
            const g = gradient[index]!;
            const m = beta1 * first[index]! + (1 - beta1) * g;
            const v = beta2 * second[index]! + (1 - beta2) * g * g;
            first[index] = m;
            second[index] = v;
            values[index] = values[index]! - (stepSize * m) / (Math.sqrt(v) + epsilon);
          }
        });
        applyMask(tensor);
        clearGradient(tensor);
      });
    },
  };
}
