/**
 * Quality metrics of a text classifier on the competition's test set. Each one is defined to give, to the last
 * bit that float arithmetic allows, what scikit-learn gives, so that a participant can check our number with
 * three lines of Python:
 *   accuracy_score(gold, predicted)
 *   f1_score(gold, predicted, average="macro", zero_division=0)
 *   matthews_corrcoef(gold, predicted)
 * https://scikit-learn.org/stable/modules/model_evaluation.html
 *
 * Labels are integers 0..labelCount−1 (the competition's label order). Macro-F1 is there because accuracy rewards
 * a model that ignores rare classes; MCC because, unlike F1, it uses every cell of the confusion matrix and is 0
 * for any constant or random predictor (Chicco & Jurman 2020, https://doi.org/10.1186/s12864-019-6413-7).
 */

export interface ClassificationMetrics {
  accuracy: number;
  macro_f1: number;
  mcc: number;
  /** confusion[gold][predicted], labelCount × labelCount (scikit-learn's confusion_matrix layout). */
  confusion: number[][];
}

function assertLabels(labels: readonly number[], labelCount: number, which: string): void {
  labels.forEach((label, index) => {
    if (!Number.isInteger(label) || label < 0 || label >= labelCount) {
      throw new RangeError(
        `classificationMetrics: ${which} label at index ${index} is ${label}, ` +
          `but labels must be integers from 0 to ${labelCount - 1}`,
      );
    }
  });
}

function confusionMatrix(gold: readonly number[], predicted: readonly number[], labelCount: number): number[][] {
  const confusion = Array.from({ length: labelCount }, () => new Array<number>(labelCount).fill(0));
  gold.forEach((goldLabel, index) => {
    const row = confusion[goldLabel] as number[];
    const predictedLabel = predicted[index] as number;
    row[predictedLabel] = (row[predictedLabel] as number) + 1;
  });
  return confusion;
}

/**
 * Macro-F1 as scikit-learn's f1_score(average="macro", zero_division=0): the unweighted mean of per-label F1 over
 * the labels present in gold or predicted (a label nobody used does not drag the mean down with a 0/0). Per label,
 * F1 = 2·TP / (2·TP + FP + FN), which equals 2PR/(P+R) and is 0 where precision or recall is 0/0 (zero_division=0).
 */
function macroF1(
  confusion: readonly (readonly number[])[],
  goldCounts: readonly number[],
  predictedCounts: readonly number[],
): number {
  let total = 0;
  let labelsPresent = 0;
  confusion.forEach((row, label) => {
    const truePositives = row[label] as number;
    const falseNegatives = (goldCounts[label] as number) - truePositives;
    const falsePositives = (predictedCounts[label] as number) - truePositives;
    const denominator = 2 * truePositives + falsePositives + falseNegatives;
    if (denominator === 0) return; // label in neither gold nor predicted
    labelsPresent += 1;
    total += (2 * truePositives) / denominator;
  });
  return total / labelsPresent;
}

/**
 * Multiclass Matthews correlation coefficient, Gorodkin's R_K ("Comparing two K-category assignments by a K-category
 * correlation coefficient", Comput. Biol. Chem. 2004, https://doi.org/10.1016/j.compbiolchem.2004.09.006), written as
 * scikit-learn's matthews_corrcoef does: with t_k gold counts, p_k predicted counts, c correct and s samples,
 *   MCC = (c·s − Σ t_k·p_k) / √((s² − Σ p_k²)·(s² − Σ t_k²)),
 * and 0 when the denominator is 0 (every sample in one gold class, or every prediction the same class).
 */
function matthewsCorrelation(
  goldCounts: readonly number[],
  predictedCounts: readonly number[],
  correct: number,
  samples: number,
): number {
  let goldDotPredicted = 0;
  let predictedSquares = 0;
  let goldSquares = 0;
  goldCounts.forEach((goldCount, label) => {
    const predictedCount = predictedCounts[label] as number;
    goldDotPredicted += goldCount * predictedCount;
    predictedSquares += predictedCount * predictedCount;
    goldSquares += goldCount * goldCount;
  });
  const covariance = correct * samples - goldDotPredicted;
  const predictedVariance = samples * samples - predictedSquares;
  const goldVariance = samples * samples - goldSquares;
  if (predictedVariance * goldVariance === 0) return 0;
  return covariance / Math.sqrt(predictedVariance * goldVariance);
}

export function classificationMetrics(
  gold: readonly number[],
  predicted: readonly number[],
  labelCount: number,
): ClassificationMetrics {
  if (!Number.isInteger(labelCount) || labelCount < 2) {
    throw new RangeError(`classificationMetrics: labelCount must be an integer of at least 2, got ${labelCount}`);
  }
  if (gold.length !== predicted.length) {
    throw new RangeError(
      `classificationMetrics: gold has ${gold.length} labels but predicted has ${predicted.length}; ` +
        "they must pair up one to one",
    );
  }
  if (gold.length === 0)
    throw new RangeError("classificationMetrics: no samples to score (gold and predicted are empty)");
  assertLabels(gold, labelCount, "gold");
  assertLabels(predicted, labelCount, "predicted");

  const confusion = confusionMatrix(gold, predicted, labelCount);
  const goldCounts = confusion.map((row) => row.reduce((sum, cell) => sum + cell, 0));
  const predictedCounts = Array.from({ length: labelCount }, (_, label) =>
    confusion.reduce((sum, row) => sum + (row[label] as number), 0),
  );
  const correct = confusion.reduce((sum, row, label) => sum + (row[label] as number), 0);
  const samples = gold.length;

  return {
    accuracy: correct / samples,
    macro_f1: macroF1(confusion, goldCounts, predictedCounts),
    mcc: matthewsCorrelation(goldCounts, predictedCounts, correct, samples),
    confusion,
  };
}
