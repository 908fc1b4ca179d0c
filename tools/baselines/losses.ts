/**
 * Losses over logits and their gradients with respect to the logits, for hand-written backprop.
 */

export function softmax(logits: ArrayLike<number>, temperature = 1): Float64Array {
  const scaled = Float64Array.from(logits, (value) => value / temperature);
  // Subtracting the maximum keeps exp() finite; it does not change the result.
  const max = scaled.reduce((a, b) => Math.max(a, b), -Infinity);
  let total = 0;
  for (let i = 0; i < scaled.length; i += 1) {
    scaled[i] = Math.exp(scaled[i]! - max);
    total += scaled[i]!;
  }
  for (let i = 0; i < scaled.length; i += 1) scaled[i]! /= total;
  return scaled;
}

export interface LossAndGradient {
  loss: number;
  gradient: Float64Array;
}

/** Softmax cross-entropy with the gold label, times a per-example weight (class weighting for imbalanced data). */
export function crossEntropy(logits: ArrayLike<number>, label: number, weight = 1): LossAndGradient {
  const probabilities = softmax(logits);
  const gradient = probabilities.map((p, index) => weight * (p - (index === label ? 1 : 0)));
  return { loss: -weight * Math.log(Math.max(probabilities[label]!, 1e-12)), gradient };
}

export interface DistillationOptions {
  /** Softens both distributions; Hinton et al. use 2 to 20. */
  temperature: number;
  /** Weight of the soft-target term; 1 - alpha goes to the hard-label cross-entropy. */
  alpha: number;
}

/**
 * Knowledge distillation (Hinton, Vinyals & Dean 2015, https://arxiv.org/abs/1503.02531):
 *   alpha · T² · KL(softmax(teacher/T) ‖ softmax(student/T)) + (1 − alpha) · CE(label, softmax(student))
 * The T² keeps the soft term's gradients, which shrink as 1/T², on the same scale as the hard term's, so alpha
 * means the same at any temperature. d/dz of the soft term is alpha · T · (p_student^T − p_teacher^T).
 */
export function distillationLoss(
  studentLogits: ArrayLike<number>,
  teacherLogits: ArrayLike<number>,
  label: number,
  { temperature, alpha }: DistillationOptions,
): LossAndGradient {
  const studentSoft = softmax(studentLogits, temperature);
  const teacherSoft = softmax(teacherLogits, temperature);
  const hard = crossEntropy(studentLogits, label);
  let kl = 0;
  for (let i = 0; i < studentSoft.length; i += 1) {
    const target = teacherSoft[i]!;
    if (target > 0) kl += target * (Math.log(target) - Math.log(Math.max(studentSoft[i]!, 1e-12)));
  }
  const gradient = studentSoft.map(
    (p, index) => alpha * temperature * (p - teacherSoft[index]!) + (1 - alpha) * hard.gradient[index]!,
  );
  return { loss: alpha * temperature * temperature * kl + (1 - alpha) * hard.loss, gradient };
}

/** "Balanced" class weights, n / (classes × n_class) as scikit-learn computes them: every class counts equally. */
export function balancedClassWeights(labels: readonly number[], labelCount: number): number[] {
  const counts = new Array<number>(labelCount).fill(0);
  for (const label of labels) counts[label]! += 1;
  return counts.map((count) => (count === 0 ? 0 : labels.length / (labelCount * count)));
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i += 1) if (values[i]! > values[best]!) best = i;
  return best;
}
