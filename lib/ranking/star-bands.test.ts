import { describe, expect, it } from "vitest";
import { rankBoard } from "./rank-board";
import { starBands, starsFor, starsForRow } from "./star-bands";
import { boardEntry, thresholdTrack } from "./testing-entry";

describe("starBands", () => {
  it("cuts the range into five equal bands, lowest energy five stars", () => {
    const bands = starBands([0.1, 0.6, 0.35]);
    expect(bands.map((b) => b.stars)).toEqual([5, 4, 3, 2, 1]);
    expect(bands[0]).toMatchObject({ fromJoules: 0.1 });
    expect(bands[0]!.toJoules).toBeCloseTo(0.2);
    expect(bands[4]!.toJoules).toBe(0.6);
    expect(starsFor(0.1, bands)).toBe(5);
    expect(starsFor(0.2, bands)).toBe(5); // a shared boundary goes to the better band
    expect(starsFor(0.21, bands)).toBe(4);
    expect(starsFor(0.35, bands)).toBe(3);
    expect(starsFor(0.59, bands)).toBe(1);
    expect(starsFor(0.6, bands)).toBe(1);
  });

  it("gives everyone five stars when all entries use the same energy", () => {
    const bands = starBands([0.3, 0.3]);
    expect(starsFor(0.3, bands)).toBe(5);
  });

  it("has no bands and no stars without figures", () => {
    expect(starBands([])).toEqual([]);
    expect(starsFor(0.3, [])).toBeNull();
    expect(starsFor(null, starBands([1, 2]))).toBeNull();
  });
});

describe("starsForRow", () => {
  it("gives stars to ranked rows only, never to one below the quality bar or of the other energy kind", () => {
    const rows = rankBoard(
      [
        boardEntry("ranked", { energyJoulesPerInference: 0.1 }),
        boardEntry("below-bar", { quality: 0.738, metrics: { accuracy: 0.738 }, energyJoulesPerInference: 0.01 }),
        boardEntry("measured", {
          energyMethod: "measured-rapl",
          energyKind: "measured",
          energyJoulesPerInference: 0.1,
        }),
      ],
      thresholdTrack,
    );
    const bands = starBands([0.1, 0.6]);
    const starsOf = (id: string) =>
      starsForRow(rows.find((row) => row.entry.submissionId === id)!, bands, thresholdTrack.rankedEnergyKind);
    expect(starsOf("ranked")).toBe(5);
    expect(starsOf("below-bar")).toBeNull();
    expect(starsOf("measured")).toBeNull();
  });
});
