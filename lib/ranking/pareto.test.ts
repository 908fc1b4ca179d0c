import { describe, expect, it } from "vitest";
import { paretoFront, paretoFronts } from "./pareto";

const points = [
  { id: "cheap-weak", quality: 0.7, cost: 1 },
  { id: "mid", quality: 0.8, cost: 2 },
  { id: "dominated", quality: 0.75, cost: 3 },
  { id: "strong-costly", quality: 0.9, cost: 10 },
  { id: "worse-than-mid", quality: 0.8, cost: 2.5 },
];

describe("paretoFront", () => {
  it("keeps the points no other point beats on both axes, ordered by cost", () => {
    expect(paretoFront(points)).toEqual(["cheap-weak", "mid", "strong-costly"]);
  });

  it("keeps exact duplicates together on the front (neither strictly dominates)", () => {
    expect(paretoFront([{ id: "a", quality: 0.8, cost: 1 }, { id: "b", quality: 0.8, cost: 1 }])).toEqual(["a", "b"]);
  });

  it("is empty for no points", () => {
    expect(paretoFront([])).toEqual([]);
  });
});

describe("paretoFronts", () => {
  it("peels successive fronts until every point has one", () => {
    expect(paretoFronts(points)).toEqual([["cheap-weak", "mid", "strong-costly"], ["worse-than-mid"], ["dominated"]]);
  });
});
