import { describe, expect, it } from "vitest";
import { EvaluationError } from "./evaluation-error";
import { assertConsistentPredictions, comparePredictions } from "./prediction-consistency";

const scored = [0, 1, 1, 0, 1];
const latency = (exampleIndex: number[], predicted: number[]) => ({
  type: "latency" as const,
  block: 1,
  totalMs: [],
  tokenizeMs: [],
  postprocessMs: [],
  exampleIndex,
  predicted,
});
const throughput = (firstExample: number, predicted: number[]) => ({
  type: "throughput" as const,
  block: 1,
  examples: predicted.length,
  wallMs: 1,
  firstExample,
  predicted,
});

describe("comparePredictions", () => {
  it("matches latency answers by example index and offline answers by position from firstExample, wrapping", () => {
    const check = comparePredictions(scored, [latency([0, 1, 2], [0, 1, 1])], [throughput(3, [0, 1, 0, 1])], 5);
    expect(check).toEqual({ checked: 7, mismatched: 0, firstMismatch: null });
  });

  it("finds the first answer that differs", () => {
    const check = comparePredictions(scored, [latency([4, 0], [1, 1])], [throughput(0, [1, 1])], 5);
    expect(check).toEqual({
      checked: 4,
      mismatched: 2,
      firstMismatch: { pass: "latency", example: 0, scored: 0, timed: 1 },
    });
  });
});

describe("assertConsistentPredictions", () => {
  it("fails with INCONSISTENT_PREDICTIONS above the tolerance, naming an example", () => {
    const check = {
      checked: 1000,
      mismatched: 2,
      firstMismatch: { pass: "latency" as const, example: 7, scored: 1, timed: 0 },
    };
    expect(() => assertConsistentPredictions(check, 0.001)).toThrow(
      /2 of 1000 answers .*\(first: example 7, latency pass answered 0, the scored pass 1\)/,
    );
    try {
      assertConsistentPredictions(check, 0.001);
    } catch (error) {
      expect(error).toBeInstanceOf(EvaluationError);
      expect((error as EvaluationError).code).toBe("INCONSISTENT_PREDICTIONS");
    }
  });

  it("lets a near-tie flip within the tolerance pass", () => {
    const check = {
      checked: 1000,
      mismatched: 1,
      firstMismatch: { pass: "throughput" as const, example: 7, scored: 1, timed: 0 },
    };
    expect(() => assertConsistentPredictions(check, 0.001)).not.toThrow();
  });
});
