import { describe, expect, it } from "vitest";
import { keep, planTruncation } from "./truncation";

describe("planTruncation", () => {
  it("leaves sequences that fit alone", () => {
    expect(planTruncation(3, null, 3)).toEqual({ firstLength: 3, secondLength: null });
    expect(planTruncation(2, 2, 4)).toEqual({ firstLength: 2, secondLength: 2 });
  });

  it("cuts a single sequence to the room", () => {
    expect(planTruncation(10, null, 6)).toEqual({ firstLength: 6, secondLength: null });
    expect(planTruncation(10, null, 0)).toEqual({ firstLength: 0, secondLength: null });
  });

  it("longest-first: cuts only the longer sequence when that is enough, whichever comes first", () => {
    expect(planTruncation(2, 10, 8)).toEqual({ firstLength: 2, secondLength: 6 });
    expect(planTruncation(10, 2, 8)).toEqual({ firstLength: 6, secondLength: 2 });
  });

  it("longest-first: splits the room in half when both must be cut, the odd token to the longer", () => {
    expect(planTruncation(4, 7, 5)).toEqual({ firstLength: 2, secondLength: 3 });
    expect(planTruncation(7, 4, 5)).toEqual({ firstLength: 3, secondLength: 2 });
    expect(planTruncation(10, 10, 7)).toEqual({ firstLength: 3, secondLength: 4 });
    expect(planTruncation(10, 10, 6)).toEqual({ firstLength: 3, secondLength: 3 });
  });

  it("only-first and only-second cut the named sequence, and refuse when it is too short", () => {
    expect(planTruncation(6, 4, 7, "OnlyFirst")).toEqual({ firstLength: 3, secondLength: 4 });
    expect(planTruncation(6, 4, 7, "OnlySecond")).toEqual({ firstLength: 6, secondLength: 1 });
    expect(() => planTruncation(6, 4, 5, "OnlySecond")).toThrow(
      /OnlySecond, but that sequence \(4 tokens\) is too short to remove the 5 tokens/,
    );
    expect(() => planTruncation(6, null, 5, "OnlySecond")).toThrow(/no second text/);
  });
});

describe("keep", () => {
  it("cuts from the end (Right) or the start (Left)", () => {
    expect(keep([1, 2, 3, 4], 2)).toEqual([1, 2]);
    expect(keep([1, 2, 3, 4], 2, "Left")).toEqual([3, 4]);
    expect(keep([1, 2], 5, "Left")).toEqual([1, 2]);
  });
});
