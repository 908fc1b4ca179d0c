/**
 * Does distillation help? One run per arm says little (a seed moves SST-2 dev accuracy by about a point), so
 * the student is compared with the same architecture trained on hard labels over several seeds, each seed
 * shared by both arms (same initialisation, same batch order): a paired comparison, summarised by the mean
 * difference and its paired t statistic. The card reports the verdict, whichever way it goes.
 */
import type { BagModel } from "./bag-model";
import type { EvaluationSet } from "./built-baseline";
import type { DistillationOptions } from "./losses";
import { predictBag } from "./train-bag";

export interface ArmAccuracies {
  hard: number[];
  distilled: number[];
}

export interface DistillationComparison {
  seeds: number[];
  /** Per evaluation set, accuracies per seed. */
  sets: { name: string; accuracies: ArmAccuracies }[];
}

export interface ComparisonInput {
  trainOne(seed: number, distill: boolean): BagModel;
  seeds: number[];
  sets: readonly EvaluationSet[];
}

export function compareDistillation(input: ComparisonInput): DistillationComparison {
  const sets = input.sets.map((set) => ({
    name: set.name,
    accuracies: { hard: [] as number[], distilled: [] as number[] },
  }));
  for (const seed of input.seeds) {
    for (const distill of [false, true]) {
      const model = input.trainOne(seed, distill);
      input.sets.forEach((set, index) => {
        const predicted = predictBag(
          model,
          set.examples.map((example) => example.ids),
        ).predicted;
        const accuracy =
          predicted.filter((label, row) => label === set.labels[row]).length / Math.max(set.labels.length, 1);
        sets[index]!.accuracies[distill ? "distilled" : "hard"].push(accuracy);
      });
    }
  }
  return { seeds: input.seeds, sets };
}

export interface PairedSummary {
  meanHard: number;
  meanDistilled: number;
  meanDifference: number;
  /** mean difference / (sd of differences / √n); 0 when every difference is equal to zero. */
  tStatistic: number;
}

export function pairedSummary({ hard, distilled }: ArmAccuracies): PairedSummary {
  const n = hard.length;
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
  const differences = distilled.map((value, index) => value - hard[index]!);
  const meanDifference = mean(differences);
  const variance = n > 1 ? differences.reduce((total, value) => total + (value - meanDifference) ** 2, 0) / (n - 1) : 0;
  const standardError = Math.sqrt(variance / Math.max(n, 1));
  const tStatistic =
    standardError > 0
      ? meanDifference / standardError
      : meanDifference === 0
        ? 0
        : Math.sign(meanDifference) * Infinity;
  return { meanHard: mean(hard), meanDistilled: mean(distilled), meanDifference, tStatistic };
}

const points = (value: number) => `${value >= 0 ? "+" : ""}${(value * 100).toFixed(2)} points`;
const percent = (value: number) => `${(value * 100).toFixed(2)}%`;

/**
 * One sentence per set and a verdict. "Beats" needs a positive mean difference with |t| above 2.78, the
 * two-sided 5% critical value of Student's t with 4 degrees of freedom (five seeds); with more seeds the bar
 * stays, which only makes a verdict harder to earn; under three seeds there is no verdict at all.
 */
export function describeComparison(comparison: DistillationComparison, options: DistillationOptions): string {
  const parts = comparison.sets.map((set) => {
    const summary = pairedSummary(set.accuracies);
    return {
      name: set.name,
      summary,
      text: `${set.name}: hard labels ${percent(summary.meanHard)}, distilled ${percent(summary.meanDistilled)} (${points(summary.meanDifference)}, paired t = ${summary.tStatistic.toFixed(2)})`,
    };
  });
  const beatsEverywhere =
    parts.length > 0 && parts.every(({ summary }) => summary.meanDifference > 0 && summary.tStatistic > 2.78);
  const losesSomewhere = parts.some(({ summary }) => summary.meanDifference < 0 && summary.tStatistic < -2.78);
  const verdict =
    comparison.seeds.length < 3
      ? "Too few seeds to tell a difference from seed-to-seed noise."
      : beatsEverywhere
        ? "Distillation beats hard-label training of the same architecture on every set, beyond seed noise."
        : losesSomewhere
          ? "Distillation does worse than hard-label training of the same architecture on at least one set, beyond seed noise."
          : "Distillation does not reliably beat hard-label training of the same architecture here: the differences are within seed-to-seed noise.";
  return (
    `Distillation check (T = ${options.temperature}, α = ${options.alpha}), mean accuracy over ${comparison.seeds.length} seeds, ` +
    `each seed shared by both arms: ${parts.map((part) => part.text).join("; ")}. ${verdict}`
  );
}
