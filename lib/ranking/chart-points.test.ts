import { describe, expect, it } from "vitest";
import { chartPointsOf } from "./chart-points";
import { boardEntry } from "./testing-entry";
import type { BoardEntry, BoardSection, RankedEntry } from "./types";

const row = (id: string, section: BoardSection, overrides: Partial<BoardEntry> = {}): RankedEntry => ({
  entry: boardEntry(id, overrides),
  section,
  rank: section === "ranked" ? 1 : null,
  tiedWith: [],
  tiedCount: 0,
  tieReason: null,
  unrankedReason: null,
});

describe("chartPointsOf", () => {
  const rows = [
    row("cheap", "ranked", { energyJoulesPerInference: 0.036, quality: 0.8, teamId: "volts", latencyP90Ms: 0.5 }),
    row("good", "ranked", { energyJoulesPerInference: 0.072, quality: 0.9, teamId: "amps" }),
    row("worse", "ranked", { energyJoulesPerInference: 0.1, quality: 0.85, teamId: "volts" }),
    row("base", "ranked", { energyJoulesPerInference: 0.05, quality: 0.82, teamId: "organizers", isBaseline: true }),
    row("low", "below-threshold", { energyJoulesPerInference: 0.01, quality: 0.6, teamId: "ohms" }),
    row("measured", "unranked", { energyJoulesPerInference: 0.001, quality: 0.95, teamId: "amps" }),
    row("failed", "ranked", { energyJoulesPerInference: null, quality: 0.7 }),
  ];

  it("plots energy in Wh per 1,000 inferences and quality in percent, leaving out what cannot compare", () => {
    const { points } = chartPointsOf(rows, "energy");
    expect(points.map((point) => point.submissionId)).toEqual(["cheap", "good", "worse", "base", "low"]);
    const cheap = points[0]!;
    expect(cheap.x).toBeCloseTo(0.01, 12);
    expect(cheap.y).toBeCloseTo(80, 12);
    expect(cheap.latencyP90Seconds).toBeCloseTo(0.0005, 12);
    expect(points.find((point) => point.submissionId === "low")!.belowThreshold).toBe(true);
    expect(points.find((point) => point.submissionId === "base")!.isBaseline).toBe(true);
  });

  it("marks the viewer's own team's entries, and nobody's when no team is given", () => {
    const own = chartPointsOf(rows, "energy", ["volts"])
      .points.filter((point) => point.isOwnTeam)
      .map((point) => point.submissionId);
    expect(own).toEqual(["cheap", "worse"]);
    expect(chartPointsOf(rows, "energy").points.some((point) => point.isOwnTeam)).toBe(false);
  });

  it("draws the Pareto front in cost order and flags its points", () => {
    const { points, front } = chartPointsOf(rows, "energy");
    expect(front.map((point) => point.submissionId)).toEqual(["low", "cheap", "base", "good"]);
    expect(points.filter((point) => point.onParetoFront)).toHaveLength(4);
    expect(points.find((point) => point.submissionId === "worse")!.onParetoFront).toBe(false);
  });

  it("plots latency in seconds", () => {
    const { points } = chartPointsOf(rows, "latency");
    expect(points[0]!.x).toBeCloseTo(0.0005, 12);
  });
});
