import { describe, expect, it } from "vitest";
import { intervalsOverlap, rankWithTies } from "./ties";

describe("rankWithTies", () => {
  it("orders by value with competition ranks when nothing overlaps", () => {
    const ranks = rankWithTies(
      [
        { id: "b", value: 2, interval: { low: 1.9, high: 2.1 } },
        { id: "a", value: 1, interval: { low: 0.9, high: 1.1 } },
        { id: "c", value: 3, interval: { low: 2.9, high: 3.1 } },
      ],
      "lower",
    );
    expect(ranks).toEqual([
      { id: "a", rank: 1, tiedWith: [], tiedCount: 0 },
      { id: "b", rank: 2, tiedWith: [], tiedCount: 0 },
      { id: "c", rank: 3, tiedWith: [], tiedCount: 0 },
    ]);
  });

  it("shares a rank between overlapping intervals and skips the ranks they use", () => {
    const ranks = rankWithTies(
      [
        { id: "a", value: 1.0, interval: { low: 0.8, high: 1.2 } },
        { id: "b", value: 1.1, interval: { low: 1.15, high: 1.3 } },
        { id: "c", value: 2.0, interval: { low: 1.9, high: 2.1 } },
      ],
      "lower",
    );
    expect(ranks.map((r) => [r.id, r.rank, r.tiedWith])).toEqual([
      ["a", 1, ["b"]],
      ["b", 1, ["a"]],
      ["c", 3, []],
    ]);
  });

  it("compares with the group's leader, so a chain of overlaps does not tie a clear winner with a clear loser", () => {
    const ranks = rankWithTies(
      [
        { id: "a", value: 1.0, interval: { low: 0.9, high: 1.1 } },
        { id: "b", value: 1.15, interval: { low: 1.05, high: 1.25 } },
        { id: "c", value: 1.3, interval: { low: 1.2, high: 1.4 } },
      ],
      "lower",
    );
    // b overlaps a; c overlaps b but not a: c starts a group of its own.
    expect(ranks.map((r) => [r.id, r.rank])).toEqual([
      ["a", 1],
      ["b", 1],
      ["c", 3],
    ]);
  });

  it("never ties on a missing interval unless the figures are equal", () => {
    const ranks = rankWithTies(
      [
        { id: "a", value: 1.0, interval: null },
        { id: "b", value: 1.01, interval: { low: 0.5, high: 1.5 } },
        { id: "c", value: 1.01, interval: null },
      ],
      "lower",
    );
    expect(ranks.map((r) => [r.id, r.rank])).toEqual([
      ["a", 1],
      ["b", 2],
      ["c", 2],
    ]);
  });

  it("ranks higher-is-better figures from the top", () => {
    expect(
      rankWithTies(
        [
          { id: "low", value: 0.1, interval: null },
          { id: "high", value: 0.9, interval: null },
        ],
        "higher",
      ).map((r) => r.id),
    ).toEqual(["high", "low"]);
  });

  it("treats touching intervals as overlapping", () => {
    expect(intervalsOverlap({ low: 0, high: 1 }, { low: 1, high: 2 })).toBe(true);
    expect(intervalsOverlap({ low: 0, high: 1 }, { low: 1.0001, high: 2 })).toBe(false);
  });
});

describe("ties among many entries", () => {
  it("counts every member of a large tie but lists at most 20, so large boards stay linear", () => {
    const candidates = Array.from({ length: 20_000 }, (_, index) => ({
      id: `e${index}`,
      value: 1 + index * 1e-6,
      interval: { low: 0.5, high: 1.5 },
    }));
    const ranks = rankWithTies(candidates, "lower");
    expect(ranks.every((r) => r.rank === 1)).toBe(true);
    expect(ranks[0]!.tiedCount).toBe(19_999);
    expect(ranks[0]!.tiedWith).toHaveLength(20);
    expect(ranks[0]!.tiedWith).not.toContain("e0");
    expect(ranks[25]!.tiedWith).toHaveLength(20);
  });
});
