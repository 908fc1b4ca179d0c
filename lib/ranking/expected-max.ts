/**
 * Expected maximum validation score as a function of the number of hyperparameter trials, the estimator of
 * Dodge et al. 2019, "Show Your Work: Improved Reporting of Experimental Results" (EMNLP 2019, eq. 1-2,
 * https://aclanthology.org/D19-1224/). With the N observed scores sorted ascending v(1) <= ... <= v(N), the
 * empirical CDF is F(v(i)) = i/N, and the expected best of n trials drawn with replacement is
 *
 *   E[max | n] = sum_i v(i) * ((i/N)^n - ((i-1)/N)^n)
 *
 * It shows how much of a result's quality was bought by search: a curve still rising at n = N means more search
 * would probably have found more.
 */
export function expectedMaxScore(scores: readonly number[], trials: number): number {
  if (scores.length === 0) throw new RangeError("expectedMaxScore needs at least one observed score");
  if (!Number.isInteger(trials) || trials < 1) throw new RangeError("trials must be a positive integer");
  const sorted = [...scores].sort((a, b) => a - b);
  const count = sorted.length;
  return sorted.reduce(
    (sum, score, index) => sum + score * ((index + 1) / count) ** trials - score * (index / count) ** trials,
    0,
  );
}

/** The curve for n = 1 .. maxTrials (default: the number of observed trials). */
export function expectedMaxCurve(
  scores: readonly number[],
  maxTrials = scores.length,
): { trials: number; expectedMax: number }[] {
  return Array.from({ length: maxTrials }, (_, index) => ({
    trials: index + 1,
    expectedMax: expectedMaxScore(scores, index + 1),
  }));
}
