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
    expect(
      paretoFront([
        { id: "a", quality: 0.8, cost: 1 },
        { id: "b", quality: 0.8, cost: 1 },
      ]),
    ).toEqual(["a", "b"]);
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

/** The definition itself, quadratic: the reference the fast peeling is checked against. */
function referenceFronts(points: readonly { id: string; quality: number; cost: number }[]): string[][] {
  const dominates = (a: (typeof points)[number], b: (typeof points)[number]) =>
    a.quality >= b.quality && a.cost <= b.cost && (a.quality > b.quality || a.cost < b.cost);
  const fronts: string[][] = [];
  let remaining = [...points];
  while (remaining.length > 0) {
    const front = remaining.filter((p) => !remaining.some((o) => o !== p && dominates(o, p)));
    front.sort((a, b) => a.cost - b.cost || b.quality - a.quality || (a.id < b.id ? -1 : 1));
    fronts.push(front.map((p) => p.id));
    const on = new Set(front);
    remaining = remaining.filter((p) => !on.has(p));
  }
  return fronts;
}

describe("paretoFronts against the definition", () => {
  it("agrees on random boards with ties on either axis and exact duplicates", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let board = 0; board < 200; board++) {
      const size = 1 + Math.floor(random() * 60);
      // Coarse grids, so that equal qualities, equal costs and duplicates are common.
      const points = Array.from({ length: size }, (_, i) => ({
        id: `p${i}`,
        quality: Math.floor(random() * 8) / 8,
        cost: Math.floor(random() * 8) + 1,
      }));
      expect(paretoFronts(points), `board ${board}`).toEqual(referenceFronts(points));
    }
  });

  it("peels a board of 100,000 entries, each on exactly one front", () => {
    const points = Array.from({ length: 100_000 }, (_, i) => ({
      id: `p${i}`,
      quality: Math.sin(i) * 0.5 + 0.5,
      cost: (i * 7919) % 100_003,
    }));
    const placed = paretoFronts(points).flat();
    expect(placed).toHaveLength(100_000);
    expect(new Set(placed).size).toBe(100_000);
  });
});
