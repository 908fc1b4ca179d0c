/**
 * Summary statistics for latency and energy measurements: percentiles, a distribution-free confidence interval
 * for the median, and the run-to-run spread that tells us whether repeated energy runs agree.
 *
 * Latency distributions of inference are skewed and often multi-modal (cache misses, GC, frequency changes), so
 * we never assume normality: percentiles come from the sorted sample and the median's interval from order
 * statistics, as MLPerf Inference reports percentile latencies rather than means
 * (https://github.com/mlcommons/inference_policies/blob/master/inference_rules.adoc).
 */

/** Confidence level of the median's interval in `summarizeLatencies`. */
export const MEDIAN_CI_CONFIDENCE = 0.95;

/**
 * A headline figure is noisy when its 95% interval over blocks, (high − low) / median, is wider than what the
 * protocol gives on a quiet host: then something disturbed the measurement (another process, a frequency or
 * thermal event, a noisy neighbour on a virtual machine) and measuring again is worth it. The limits are
 * calibrated, not derived: `npm run bench:noise` evaluated the two benchmark models 8 times each with the default
 * protocol on a quiet 2-core host (2026-11-30, docs/BENCHMARKS.md), and their widths reached at most 10.1% (p50),
 * 17.1% (p90), 11.0% (throughput) and 11.6% (energy); each limit is set about a fifth to a third above that, so a
 * quiet host's result is rarely re-measured. p90 is wider by nature: each block's p90 rests on its slowest tenth.
 * Energy (net of idle) and throughput move together, since the estimate charges CPU time per inference.
 *
 * These limits do not set how finely the board tells entries apart: that is the intervals' job, and entries whose
 * intervals overlap share a rank whatever their width. The former single 5% limit, derived as the resolution we
 * would promise, flagged 9 of 10 evaluations on the same quiet host, so every result was measured three times and
 * every board entry carried the mark, which then said nothing.
 * The protocol carries the limits (noisy…Width) so an organizer's stricter track can tighten them.
 */
export const NOISE_THRESHOLDS = {
  latencyP50: 0.12,
  latencyP90: 0.2,
  throughput: 0.15,
  energy: 0.15,
} as const;

function assertUsableSample(values: readonly number[], what: string): void {
  if (values.length === 0) throw new RangeError(`${what}: needs at least one value, got an empty list`);
  values.forEach((value, index) => {
    if (!Number.isFinite(value))
      throw new RangeError(`${what}: value at index ${index} is not a finite number (${value})`);
  });
}

function sortedCopy(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

// Type 7 on an already sorted, non-empty sample.
function percentileOfSorted(sorted: readonly number[], p: number): number {
  const rank = ((sorted.length - 1) * p) / 100;
  const below = Math.floor(rank);
  const lower = sorted[below] as number;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return lower + (rank - below) * (upper - lower);
}

/**
 * The p-th percentile (p in [0, 100]) by linear interpolation between the closest ranks: Hyndman & Fan (1996)
 * definition 7, numpy's default `np.percentile(values, p)` and R's default `quantile(type = 7)`. With
 * h = (n − 1)·p/100 it returns x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]) on the sorted sample (0-based).
 * Chosen so that anyone can reproduce our numbers with numpy; https://doi.org/10.1080/00031305.1996.10473566
 */
export function percentile(values: readonly number[], p: number): number {
  assertUsableSample(values, "percentile");
  if (!Number.isFinite(p) || p < 0 || p > 100) throw new RangeError(`percentile: p must be within [0, 100], got ${p}`);
  return percentileOfSorted(sortedCopy(values), p);
}

export interface MedianConfidenceRanks {
  /** 1-based rank of the lower order statistic. */
  lower: number;
  /** 1-based rank of the upper order statistic, n + 1 − lower. */
  upper: number;
  /** Exact probability that [X(lower), X(upper)] holds the population median, for any continuous distribution. */
  coverage: number;
  /** False when n is too small (n ≤ 5 at 95%) for any order-statistic interval to reach the confidence asked for. */
  reachesConfidence: boolean;
}

/**
 * Ranks of the distribution-free confidence interval for the median (Conover, "Practical Nonparametric Statistics",
 * 3rd ed., 1999, §3.2; Le Boudec, "Performance Evaluation of Computer and Communication Systems", EPFL Press 2010,
 * Theorem 2.1, whose table gives [X(40), X(61)] for n = 100). The number B of observations below the median is
 * Binomial(n, 1/2) whatever the distribution, so [X(l), X(n+1−l)] covers the median with probability
 * 1 − 2·P(B ≤ l − 1); we take the largest l (the narrowest interval) whose coverage is still ≥ the confidence.
 *
 * For n ≤ 5 at 95% no such l exists (even [min, max] covers only 1 − 2^(1−n)), so we return the widest interval
 * there is, [X(1), X(n)], with its true coverage and `reachesConfidence: false`, rather than pretend.
 */
export function medianConfidenceRanks(n: number, confidence = MEDIAN_CI_CONFIDENCE): MedianConfidenceRanks {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`medianConfidenceRanks: n must be a positive integer, got ${n}`);
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`medianConfidenceRanks: confidence must be in (0, 1), got ${confidence}`);
  }
  const tail = (1 - confidence) / 2;
  // Walk the Binomial(n, 1/2) CDF upwards. The pmf is carried in log space because 2^−n underflows to 0 for
  // n > 1074, and a ratio recurrence started from 0 would stay 0.
  let logPmf = -n * Math.LN2;
  let cdfBelow = 0; // P(B ≤ k − 1)
  let lower = 0;
  for (let k = 0; k <= n; k += 1) {
    const cdfAt = cdfBelow + Math.exp(logPmf); // P(B ≤ k)
    if (cdfAt > tail) {
      lower = k; // P(B ≤ k − 1) ≤ tail < P(B ≤ k): l = k is the largest rank that keeps the coverage
      break;
    }
    cdfBelow = cdfAt;
    logPmf += Math.log(n - k) - Math.log(k + 1);
  }
  if (lower >= 1) return { lower, upper: n + 1 - lower, coverage: 1 - 2 * cdfBelow, reachesConfidence: true };
  return { lower: 1, upper: n, coverage: Math.max(0, 1 - 2 * 2 ** -n), reachesConfidence: false };
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
  /** Lower end of the distribution-free 95% confidence interval of the median (see medianConfidenceRanks). */
  p50CiLow: number;
  p50CiHigh: number;
  /** The interval's exact coverage; below 0.95 only when count ≤ 5, where [min, max] is all there is. */
  p50CiCoverage: number;
}

/** Percentiles, mean and the median's 95% interval of per-query latencies in milliseconds. */
export function summarizeLatencies(ms: readonly number[]): LatencySummary {
  assertUsableSample(ms, "summarizeLatencies");
  ms.forEach((value, index) => {
    if (value < 0) throw new RangeError(`summarizeLatencies: latency at index ${index} is negative (${value} ms)`);
  });
  const sorted = sortedCopy(ms);
  const count = sorted.length;
  let total = 0;
  for (const value of sorted) total += value;
  const ranks = medianConfidenceRanks(count);
  return {
    count,
    p50: percentileOfSorted(sorted, 50),
    p90: percentileOfSorted(sorted, 90),
    p99: percentileOfSorted(sorted, 99),
    mean: total / count,
    min: sorted[0] as number,
    max: sorted[count - 1] as number,
    p50CiLow: sorted[ranks.lower - 1] as number,
    p50CiHigh: sorted[ranks.upper - 1] as number,
    p50CiCoverage: ranks.coverage,
  };
}

/** Sample standard deviation (n − 1 denominator, numpy's `std(ddof=1)`) divided by the mean. */
export function coefficientOfVariation(values: readonly number[]): number {
  assertUsableSample(values, "coefficientOfVariation");
  if (values.length < 2) {
    throw new RangeError("coefficientOfVariation: needs at least two values for a sample standard deviation");
  }
  let total = 0;
  for (const value of values) total += value;
  const mean = total / values.length;
  if (mean === 0) throw new RangeError("coefficientOfVariation: the mean is 0, so the ratio is undefined");
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return Math.sqrt(squares / (values.length - 1)) / mean;
}

export interface MedianAndSpread {
  median: number;
  min: number;
  max: number;
  /** (max − min) / median: the whole run-to-run disagreement relative to the value we report. */
  relativeSpread: number;
}

/**
 * The median of repeated runs (what we report: robust to one disturbed run) and how far apart the runs were. The
 * spread uses max − min rather than a standard deviation because with the 3–5 repeats a benchmark can afford, a
 * standard deviation is itself too uncertain to act on, while the range is exactly what a reader would check.
 */
export function medianAndSpread(values: readonly number[]): MedianAndSpread {
  assertUsableSample(values, "medianAndSpread");
  const sorted = sortedCopy(values);
  const median = percentileOfSorted(sorted, 50);
  if (median <= 0) throw new RangeError(`medianAndSpread: a relative spread needs a positive median, got ${median}`);
  const min = sorted[0] as number;
  const max = sorted[sorted.length - 1] as number;
  return { median, min, max, relativeSpread: (max - min) / median };
}

export interface BlockInterval {
  /** Median of the per-block values: the figure we report. */
  median: number;
  /** Distribution-free 95% interval of that median, from the blocks' order statistics (medianConfidenceRanks). */
  low: number;
  high: number;
  /** Exact coverage of [low, high]; below 0.95 only with 5 blocks or fewer. */
  coverage: number;
  /** (high − low) / median: what the noisy criterion reads (see NOISE_THRESHOLDS). */
  relativeWidth: number;
  blocks: number;
}

/**
 * The median over blocks and its interval. Blocks, not single queries, are the unit: consecutive queries share
 * the processor's frequency, caches and neighbours, so they are autocorrelated and an interval over them claims far
 * more certainty than repeated runs show (issue #8 measured ~20×). Blocks interleaved in time are close to
 * independent draws of "this model on this host now", which is what the order-statistic interval assumes.
 */
export function blockInterval(values: readonly number[], confidence = MEDIAN_CI_CONFIDENCE): BlockInterval {
  assertUsableSample(values, "blockInterval");
  const sorted = sortedCopy(values);
  const median = percentileOfSorted(sorted, 50);
  const ranks = medianConfidenceRanks(sorted.length, confidence);
  const low = sorted[ranks.lower - 1] as number;
  const high = sorted[ranks.upper - 1] as number;
  const relativeWidth = median > 0 ? (high - low) / median : high > low ? Infinity : 0;
  return { median, low, high, coverage: ranks.coverage, relativeWidth, blocks: sorted.length };
}

/** True when an interval is wider than `threshold` of its median (see NOISE_THRESHOLDS for the limits and why). */
export function isIntervalNoisy(interval: Pick<BlockInterval, "relativeWidth">, threshold: number): boolean {
  return !(interval.relativeWidth <= threshold);
}
