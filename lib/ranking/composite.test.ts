import { describe, expect, it } from "vitest";
import { compositeScores } from "./composite";
import { boardEntry } from "./testing-entry";

const weights = { quality: 0.5, energy: 0.5, latencyP90: 0, throughput: 0, memory: 0 };

describe("compositeScores", () => {
  it("normalizes quality linearly and energy on a log scale, best = 1, worst = 0, then averages by weight", () => {
    const scores = compositeScores(
      [
        boardEntry("a", { quality: 0.9, energyJoulesPerInference: 1 }),
        boardEntry("b", { quality: 0.7, energyJoulesPerInference: 0.01 }),
        boardEntry("c", { quality: 0.8, energyJoulesPerInference: 0.1 }),
      ],
      weights,
    );
    // a: quality 1, energy 0 → 0.5. b: quality 0, energy 1 → 0.5. c: quality 0.5, energy (log 0.1 is halfway) 0.5 → 0.5.
    expect(scores.get("a")!.score).toBeCloseTo(0.5, 12);
    expect(scores.get("b")!.score).toBeCloseTo(0.5, 12);
    expect(scores.get("c")!.score).toBeCloseTo(0.5, 12);
  });

  it("divides by the total weight, so weights need not sum to one", () => {
    const scores = compositeScores([boardEntry("a", { quality: 0.9 }), boardEntry("b", { quality: 0.7 })], {
      quality: 3,
      energy: 0,
      latencyP90: 0,
      throughput: 0,
      memory: 0,
    });
    expect(scores.get("a")!.score).toBe(1);
    expect(scores.get("b")!.score).toBe(0);
  });

  it("gives full marks on a metric everyone shares", () => {
    const scores = compositeScores([boardEntry("a"), boardEntry("b")], weights);
    expect(scores.get("a")!.score).toBe(1);
  });

  it("names the weighted metrics an entry is missing instead of scoring it", () => {
    const scores = compositeScores([boardEntry("a", { energyJoulesPerInference: null })], weights);
    expect(scores.get("a")).toEqual({ score: null, missing: ["energy"] });
  });
});
