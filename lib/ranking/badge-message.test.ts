import { describe, expect, it } from "vitest";
import { badgeMessage } from "./badge-message";
import { rankBoard } from "./rank-board";
import { starBands } from "./star-bands";
import { boardEntry, thresholdTrack } from "./testing-entry";

describe("badgeMessage", () => {
  const rows = rankBoard(
    [
      boardEntry("ranked", { energyJoulesPerInference: 0.036 }),
      boardEntry("hungry", { energyJoulesPerInference: 0.36 }),
      boardEntry("below-bar", { quality: 0.738, metrics: { accuracy: 0.738 }, energyJoulesPerInference: 0.0036 }),
      boardEntry("failed", { status: "failed", energyJoulesPerInference: null }),
    ],
    thresholdTrack,
  );
  const row = (id: string) => rows.find((candidate) => candidate.entry.submissionId === id)!;
  const bands = starBands([0.036, 0.36]);

  it("gives a ranked model its stars and energy", () => {
    expect(badgeMessage(row("ranked"), bands, thresholdTrack)).toEqual({ message: "★★★★★ 10.0 mWh/1k est.", stars: 5 });
  });

  it("gives a model below the quality bar no stars, and says why it is unranked", () => {
    const badge = badgeMessage(row("below-bar"), bands, thresholdTrack);
    expect(badge.stars).toBeNull();
    expect(badge.message).toBe(`unranked: below accuracy bar ${thresholdTrack.qualityThreshold} · 1.00 mWh/1k est.`);
    expect(badge.message).not.toContain("★");
  });

  it("prints energy with an SI prefix, never in exponent notation, however small", () => {
    const [tiny] = rankBoard([boardEntry("tiny", { energyJoulesPerInference: 5.54e-5 })], thresholdTrack);
    expect(badgeMessage(tiny!, starBands([5.54e-5]), thresholdTrack).message).toBe("★★★★★ 15.4 µWh/1k est.");
  });

  it("says why for other unranked models too", () => {
    expect(badgeMessage(row("failed"), bands, thresholdTrack)).toEqual({
      message: "unranked: failed · energy not measured",
      stars: null,
    });
    expect(badgeMessage(null, bands, thresholdTrack)).toEqual({ message: "not on the board", stars: null });
  });
});
