import { describe, expect, it } from "vitest";
import {
  coefficientOfVariation,
  medianAndSpread,
  medianConfidenceRanks,
  percentile,
  summarizeLatencies,
} from "./sample-statistics";

// Expected values are numpy 2.5.2 / scipy output from fixtures/reference-values.py (stored in
// fixtures/reference-values.json), or worked by hand where the comment says so.
const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const oneToHundred = Array.from({ length: 100 }, (_, index) => index + 1);

describe("percentile (Hyndman–Fan type 7, numpy's default)", () => {
  it.each([
    [0, 1],
    [25, 3.25], // h = 9·0.25 = 2.25 → 3 + 0.25·(4 − 3)
    [50, 5.5],
    [90, 9.1], // h = 8.1 → 9 + 0.1
    [99, 9.91],
    [100, 10],
  ])("of 1..10 at p=%d is %d", (p, expected) => {
    expect(percentile(oneToTen, p)).toBeCloseTo(expected, 12);
  });

  it.each([
    [5, 16],
    [30, 23],
    [40, 29], // h = 4·0.4 = 1.6 → 20 + 0.6·(35 − 20)
    [50, 35],
    [100, 50],
  ])("of [15, 20, 35, 40, 50] at p=%d is %d", (p, expected) => {
    expect(percentile([15, 20, 35, 40, 50], p)).toBeCloseTo(expected, 12);
  });

  it("sorts an unsorted sample with ties first", () => {
    const values = [3.2, 1.5, 9.9, 1.5, 7.0, 4.4, 12.1];
    expect(percentile(values, 10)).toBeCloseTo(1.5, 12);
    expect(percentile(values, 50)).toBeCloseTo(4.4, 12);
    expect(percentile(values, 95)).toBeCloseTo(11.44, 12);
    expect(values).toEqual([3.2, 1.5, 9.9, 1.5, 7.0, 4.4, 12.1]); // the caller's array is left alone
  });

  it("returns the only value of a one-element sample", () => {
    expect(percentile([42], 0)).toBe(42);
    expect(percentile([42], 99)).toBe(42);
  });

  it.each([
    ["an empty sample", [], 50],
    ["p below 0", [1, 2], -1],
    ["p above 100", [1, 2], 100.5],
    ["a NaN value", [1, Number.NaN], 50],
  ])("rejects %s", (_label, values, p) => {
    expect(() => percentile(values as number[], p as number)).toThrow(RangeError);
  });
});

describe("medianConfidenceRanks (binomial order-statistic interval)", () => {
  it.each([
    // n, lower, upper, coverage — scipy.stats.binom; n = 100 also matches Le Boudec's table.
    [6, 1, 6, 0.96875],
    [7, 1, 7, 0.984375],
    [10, 2, 9, 0.978515625], // 1 − 2·(1 + 10)/1024, by hand
    [20, 6, 15, 0.9586105346679688],
    [30, 10, 21, 0.9572260547429323],
    [50, 18, 33, 0.9671608624357315],
    [100, 40, 61, 0.9647997997822951],
    [1000, 469, 532, 0.9537088026395019],
    [10000, 4902, 5099, 0.9511670501036188],
    [100000, 49690, 50311, 0.9504442853304776],
  ])("n=%d gives [X(%d), X(%d)] with coverage %f", (n, lower, upper, coverage) => {
    const ranks = medianConfidenceRanks(n);
    expect(ranks).toMatchObject({ lower, upper, reachesConfidence: true });
    expect(ranks.coverage).toBeCloseTo(coverage, 9);
  });

  it.each([
    [1, 1, 0],
    [2, 2, 0.5],
    [5, 5, 0.9375], // 1 − 2/32: even [min, max] falls short of 95%
  ])("n=%d falls back to [min, max] and says it does not reach 95%%", (n, upper, coverage) => {
    expect(medianConfidenceRanks(n)).toEqual({ lower: 1, upper, coverage, reachesConfidence: false });
  });

  it("rejects a non-positive or fractional n", () => {
    expect(() => medianConfidenceRanks(0)).toThrow(RangeError);
    expect(() => medianConfidenceRanks(2.5)).toThrow(RangeError);
  });
});

describe("summarizeLatencies", () => {
  it("summarizes 1..100 ms with the 40th and 61st order statistics as the median's interval", () => {
    const shuffled = [...oneToHundred].reverse();
    const summary = summarizeLatencies(shuffled);
    expect(summary).toMatchObject({ count: 100, min: 1, max: 100, p50CiLow: 40, p50CiHigh: 61 });
    expect(summary.p50).toBeCloseTo(50.5, 12);
    expect(summary.p90).toBeCloseTo(90.1, 12); // h = 99·0.9 = 89.1 → 90 + 0.1
    expect(summary.p99).toBeCloseTo(99.01, 12);
    expect(summary.mean).toBeCloseTo(50.5, 12);
    expect(summary.p50CiCoverage).toBeCloseTo(0.9647997997822951, 9);
  });

  it("keeps the median inside its interval on a skewed sample", () => {
    const latencies = [5.1, 5.3, 5.0, 5.2, 48.0, 5.4, 5.2, 5.1, 5.3, 5.6];
    const summary = summarizeLatencies(latencies);
    // sorted: 5.0 5.1 5.1 5.2 5.2 5.3 5.3 5.4 5.6 48.0; n = 10 → [X(2), X(9)]
    expect(summary.p50CiLow).toBe(5.1);
    expect(summary.p50CiHigh).toBe(5.6);
    expect(summary.p50).toBeCloseTo(5.25, 12);
    expect(summary.mean).toBeCloseTo(9.52, 12);
  });

  it("returns the widest bounds for tiny samples", () => {
    const summary = summarizeLatencies([3, 1, 2]);
    expect(summary).toMatchObject({ p50: 2, p50CiLow: 1, p50CiHigh: 3, p50CiCoverage: 0.75 });
  });

  it("rejects empty input and negative latencies", () => {
    expect(() => summarizeLatencies([])).toThrow(/at least one value/);
    expect(() => summarizeLatencies([1, -0.5])).toThrow(/negative/);
  });
});

describe("coefficientOfVariation", () => {
  it("uses the sample (n − 1) standard deviation", () => {
    // mean 5, squared deviations sum to 32, sd = √(32/7); by hand and numpy std(ddof=1)/mean
    expect(coefficientOfVariation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(0.427617987059879, 12);
    expect(coefficientOfVariation([10.2, 9.8, 10.5, 10.1])).toBeCloseTo(0.028440899960080056, 12);
  });

  it("is 0 for identical values and refuses what it cannot compute", () => {
    expect(coefficientOfVariation([3, 3, 3])).toBe(0);
    expect(() => coefficientOfVariation([3])).toThrow(/two values/);
    expect(() => coefficientOfVariation([-1, 1])).toThrow(/mean is 0/);
  });
});

describe("medianAndSpread", () => {
  it("reports (max − min) / median", () => {
    expect(medianAndSpread([102, 98, 100])).toEqual({ median: 100, min: 98, max: 102, relativeSpread: 0.04 });
    const even = medianAndSpread([10, 13, 11, 12]);
    expect(even.median).toBeCloseTo(11.5, 12);
    expect(even.relativeSpread).toBeCloseTo(3 / 11.5, 12);
  });

  it("refuses a non-positive median", () => {
    expect(() => medianAndSpread([0, 0, 1])).toThrow(/positive median/);
  });
});
