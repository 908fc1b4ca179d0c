import { describe, expect, it } from "vitest";
import { describeComparison, pairedSummary, type DistillationComparison } from "./distillation-comparison";
import { balancedClassWeights, distillationLoss, softmax } from "./losses";

const options = { temperature: 2, alpha: 0.5 };
const comparison = (hard: number[], distilled: number[]): DistillationComparison => ({
  seeds: hard.map((_, index) => index),
  sets: [{ name: "dev", accuracies: { hard, distilled } }],
});

describe("distillation comparison", () => {
  it("summarises paired differences with a t statistic", () => {
    const summary = pairedSummary({ hard: [0.8, 0.81, 0.79], distilled: [0.81, 0.83, 0.8] });
    expect(summary.meanDifference).toBeCloseTo(0.013333, 5);
    // differences 0.01, 0.02, 0.01: sd 0.005774, standard error 0.003333.
    expect(summary.tStatistic).toBeCloseTo(4, 3);
  });

  it("says distillation beats hard labels only beyond seed noise", () => {
    expect(describeComparison(comparison([0.8, 0.81, 0.79], [0.81, 0.83, 0.8]), options)).toContain(
      "Distillation beats",
    );
    expect(describeComparison(comparison([0.8, 0.81, 0.79], [0.81, 0.8, 0.795]), options)).toContain(
      "does not reliably beat",
    );
    expect(describeComparison(comparison([0.8, 0.81, 0.79], [0.79, 0.79, 0.78]), options)).toContain("does worse");
    expect(describeComparison(comparison([0.8, 0.81], [0.82, 0.83]), options)).toContain("Too few seeds");
  });
});

describe("losses", () => {
  it("softens with temperature and reduces to cross-entropy when alpha is 0", () => {
    const logits = [2, 0];
    expect(softmax(logits, 4)[0]!).toBeLessThan(softmax(logits, 1)[0]!);
    const hardOnly = distillationLoss(logits, [5, -5], 1, { temperature: 3, alpha: 0 });
    expect(hardOnly.loss).toBeCloseTo(-Math.log(softmax(logits)[1]!), 12);
  });

  it("has no soft-target gradient when student and teacher agree", () => {
    const { gradient } = distillationLoss([1, -1], [1, -1], 0, { temperature: 5, alpha: 1 });
    gradient.forEach((value) => expect(value).toBeCloseTo(0, 12));
  });

  it("weighs classes as scikit-learn's class_weight='balanced'", () => {
    expect(balancedClassWeights([0, 0, 0, 1], 2)).toEqual([4 / 6, 2]);
  });
});
