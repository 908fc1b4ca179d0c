import { describe, expect, it } from "vitest";
import { publicPrivateSplit } from "./public-private-split";

describe("publicPrivateSplit", () => {
  it("partitions every index exactly once with the requested public size", () => {
    const { publicIndices, privateIndices } = publicPrivateSplit(872, 0.5, 7);
    expect(publicIndices).toHaveLength(436);
    expect(privateIndices).toHaveLength(436);
    const all = [...publicIndices, ...privateIndices].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 872 }, (_, i) => i));
  });

  it("is the same for the same seed and different for another seed", () => {
    expect(publicPrivateSplit(100, 0.3, 1)).toEqual(publicPrivateSplit(100, 0.3, 1));
    expect(publicPrivateSplit(100, 0.3, 1).publicIndices).not.toEqual(publicPrivateSplit(100, 0.3, 2).publicIndices);
  });

  it("does not simply take the first examples", () => {
    const { publicIndices } = publicPrivateSplit(1000, 0.5, 0);
    expect(publicIndices.slice(0, 500)).not.toEqual(Array.from({ length: 500 }, (_, i) => i));
    // Both halves of the file are represented in the public part.
    expect(publicIndices.filter((i) => i >= 500).length).toBeGreaterThan(200);
  });

  it("rejects impossible arguments", () => {
    expect(() => publicPrivateSplit(-1, 0.5, 0)).toThrow(/whole number/);
    expect(() => publicPrivateSplit(10, 1.5, 0)).toThrow(/0..1/);
  });
});
