import { describe, expect, it } from "vitest";
import { classificationMetrics } from "./classification-metrics";

// Expected values: scikit-learn 1.9.1 (accuracy_score, f1_score(average="macro", zero_division=0),
// matthews_corrcoef, confusion_matrix(labels=range(labelCount))) run by fixtures/reference-values.py on the same
// inputs; output kept in fixtures/reference-values.json. The binary case is worked by hand.
const cases = [
  {
    name: "scikit-learn's f1_score docstring example",
    gold: [0, 1, 2, 0, 1, 2],
    predicted: [0, 2, 1, 0, 0, 1],
    labelCount: 3,
    accuracy: 1 / 3,
    macro_f1: 0.26666666666666666,
    mcc: 0, // c·s = 12 = Σ t_k·p_k: no better than chance
    confusion: [
      [2, 0, 0],
      [1, 0, 1],
      [0, 2, 0],
    ],
  },
  {
    name: "scikit-learn's matthews_corrcoef docstring example ([+1,+1,+1,−1] vs [+1,−1,+1,+1], −1 → 0)",
    gold: [1, 1, 1, 0],
    predicted: [1, 0, 1, 1],
    labelCount: 2,
    accuracy: 0.5,
    macro_f1: 1 / 3,
    mcc: -1 / 3,
    confusion: [
      [0, 1],
      [1, 2],
    ],
  },
  {
    name: "a label that appears only among the predictions",
    gold: [0, 0, 1, 1, 2, 2, 3, 3, 0, 1],
    predicted: [0, 1, 1, 1, 2, 0, 3, 2, 0, 4],
    labelCount: 5,
    accuracy: 0.6,
    macro_f1: 0.5, // label 4 counts, with F1 = 0
    mcc: 0.48004267235639847,
    confusion: [
      [2, 1, 0, 0, 0],
      [0, 2, 0, 0, 1],
      [1, 0, 1, 0, 0],
      [0, 0, 1, 1, 0],
      [0, 0, 0, 0, 0],
    ],
  },
  {
    name: "a gold label that is never predicted",
    gold: [0, 1, 2, 2, 1, 0, 2, 1],
    predicted: [0, 1, 1, 1, 1, 0, 0, 1],
    labelCount: 3,
    accuracy: 0.625,
    macro_f1: 0.5166666666666667,
    mcc: 0.5352643613280604,
    confusion: [
      [2, 0, 0],
      [0, 3, 0],
      [1, 2, 0],
    ],
  },
  {
    name: "a constant prediction (MCC's denominator is 0)",
    gold: [0, 1, 0, 1, 1],
    predicted: [1, 1, 1, 1, 1],
    labelCount: 2,
    accuracy: 0.6,
    macro_f1: 0.375,
    mcc: 0,
    confusion: [
      [0, 2],
      [0, 3],
    ],
  },
  {
    name: "four classes",
    gold: [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 3, 2, 1, 0, 0, 0, 1, 2, 3, 3, 2, 1],
    predicted: [0, 1, 2, 3, 1, 1, 2, 2, 0, 0, 2, 3, 3, 1, 1, 0, 3, 0, 1, 2, 3, 2, 2, 0],
    labelCount: 4,
    accuracy: 0.7083333333333334,
    macro_f1: 0.7074592074592074,
    mcc: 0.612530651028675,
    confusion: [
      [4, 1, 0, 1],
      [2, 4, 0, 0],
      [0, 1, 5, 0],
      [0, 0, 2, 4],
    ],
  },
  {
    name: "labels in the label set that nobody used (macro over {0,1,2,3}, not 6 labels)",
    gold: [0, 1, 2, 3],
    predicted: [0, 1, 3, 3],
    labelCount: 6,
    accuracy: 0.75,
    macro_f1: 2 / 3, // (1 + 1 + 0 + 2/3) / 4
    mcc: 0.7302967433402214,
    confusion: [
      [1, 0, 0, 0, 0, 0],
      [0, 1, 0, 0, 0, 0],
      [0, 0, 0, 1, 0, 0],
      [0, 0, 0, 1, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
    ],
  },
  {
    name: "a perfect prediction",
    gold: [2, 0, 1, 2],
    predicted: [2, 0, 1, 2],
    labelCount: 3,
    accuracy: 1,
    macro_f1: 1,
    mcc: 1,
    confusion: [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 2],
    ],
  },
];

describe("classificationMetrics", () => {
  it.each(cases)(
    "matches scikit-learn on $name",
    ({ gold, predicted, labelCount, accuracy, macro_f1, mcc, confusion }) => {
      const metrics = classificationMetrics(gold, predicted, labelCount);
      expect(metrics.accuracy).toBeCloseTo(accuracy, 12);
      expect(metrics.macro_f1).toBeCloseTo(macro_f1, 12);
      expect(metrics.mcc).toBeCloseTo(mcc, 12);
      expect(metrics.confusion).toEqual(confusion);
    },
  );

  it("agrees with the binary MCC formula worked by hand", () => {
    // TP 3, FN 1, FP 1, TN 5: MCC = (3·5 − 1·1) / √(4·4·6·6) = 14/24; F1(1) = 6/8, F1(0) = 10/12
    const gold = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
    const predicted = [1, 1, 1, 0, 1, 0, 0, 0, 0, 0];
    const metrics = classificationMetrics(gold, predicted, 2);
    expect(metrics.mcc).toBeCloseTo(14 / 24, 12);
    expect(metrics.macro_f1).toBeCloseTo((0.75 + 10 / 12) / 2, 12);
    expect(metrics.accuracy).toBe(0.8);
  });

  it("is −1 for a perfectly inverted binary prediction", () => {
    expect(classificationMetrics([0, 1, 0, 1], [1, 0, 1, 0], 2).mcc).toBeCloseTo(-1, 12);
  });

  it("rejects mismatched lengths, empty input and labels outside 0..labelCount−1", () => {
    expect(() => classificationMetrics([0, 1], [0], 2)).toThrow(/gold has 2 labels but predicted has 1/);
    expect(() => classificationMetrics([], [], 2)).toThrow(/no samples/);
    expect(() => classificationMetrics([0, 2], [0, 1], 2)).toThrow(/gold label at index 1 is 2/);
    expect(() => classificationMetrics([0, 1], [0, 0.5], 2)).toThrow(/predicted label at index 1/);
    expect(() => classificationMetrics([0, 1], [0, -1], 2)).toThrow(/predicted label/);
    expect(() => classificationMetrics([0], [0], 1)).toThrow(/labelCount/);
  });
});
