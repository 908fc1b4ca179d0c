import { describe, expect, it } from "vitest";
import { expectedMaxCurve, expectedMaxScore } from "./expected-max";

// Worked by hand from E[max|n] = Σ v(i)·((i/N)^n − ((i−1)/N)^n) with v = (0.5, 0.7, 0.9), N = 3:
//   n = 1: (1/3)·0.5 + (1/3)·0.7 + (1/3)·0.9                       = 2.1/3  = 0.7 (the mean)
//   n = 2: (1/9)·0.5 + (3/9)·0.7 + (5/9)·0.9 = (0.5 + 2.1 + 4.5)/9 = 7.1/9  = 0.78889
//   n = 3: (1/27)·0.5 + (7/27)·0.7 + (19/27)·0.9 = (0.5+4.9+17.1)/27 = 22.5/27 = 0.83333
describe("expectedMaxScore (Dodge et al. 2019)", () => {
  const scores = [0.9, 0.5, 0.7];

  it("matches the values worked out by hand", () => {
    expect(expectedMaxScore(scores, 1)).toBeCloseTo(0.7, 12);
    expect(expectedMaxScore(scores, 2)).toBeCloseTo(7.1 / 9, 12);
    expect(expectedMaxScore(scores, 3)).toBeCloseTo(22.5 / 27, 12);
  });

  it("rises toward the best observed score as trials grow", () => {
    expect(expectedMaxScore(scores, 200)).toBeCloseTo(0.9, 6);
    const curve = expectedMaxCurve(scores, 5).map((p) => p.expectedMax);
    for (let i = 1; i < curve.length; i++) expect(curve[i]!).toBeGreaterThanOrEqual(curve[i - 1]!);
  });

  it("is the one score for a single trial", () => {
    expect(expectedMaxScore([0.42], 7)).toBeCloseTo(0.42, 12);
    expect(expectedMaxCurve([0.42]).length).toBe(1);
  });

  it("refuses no scores and a non-positive number of trials", () => {
    expect(() => expectedMaxScore([], 1)).toThrow(RangeError);
    expect(() => expectedMaxScore([0.5], 0)).toThrow(RangeError);
    expect(() => expectedMaxScore([0.5], 1.5)).toThrow(RangeError);
  });
});
