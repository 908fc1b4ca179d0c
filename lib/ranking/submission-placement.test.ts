import { describe, expect, it } from "vitest";
import { rankBoard } from "./rank-board";
import { placementOf } from "./submission-placement";
import { teamBestStandings } from "./team-best";
import type { BoardEntry, TrackRules } from "./types";

const rules: TrackRules = {
  rule: "energy-at-threshold",
  qualityMetric: "accuracy",
  qualityThreshold: 0.8,
  rankedEnergyKind: "estimated",
};

function entry(id: string, teamId: string, quality: number, joules: number): BoardEntry {
  return {
    submissionId: id,
    teamId,
    teamName: teamId,
    modelName: id,
    submittedAt: "2026-12-01T00:00:00Z",
    isBaseline: false,
    status: "finished",
    quality,
    qualityOutOfDomain: null,
    metrics: { accuracy: quality },
    energyJoulesPerInference: joules,
    energyInterval: null,
    energyMethod: "estimated",
    energyKind: "estimated",
    carbonGramsPerThousand: null,
    latencyP50Ms: 1,
    latencyP50Interval: null,
    latencyP90Ms: 1,
    latencyP90Interval: null,
    throughputPerSecond: null,
    peakMemoryBytes: null,
    parameters: null,
    sparsity: null,
    weightPrecision: null,
    fileSizeBytes: null,
    macsPerExample: null,
    noisy: false,
    trainingEnergyKwh: null,
    measurementCount: 1,
  };
}

const entries = [
  entry("a1", "A", 0.9, 1e-5),
  entry("b1", "B", 0.85, 2e-5),
  entry("a2", "A", 0.88, 3e-5),
  entry("c1", "C", 0.7, 1e-6),
];
const place = (id: string) => placementOf(rankBoard(entries, rules), teamBestStandings(entries, rules), id, rules);

describe("placementOf", () => {
  it("gives the rank among every submission and among each team's best", () => {
    expect(place("b1")).toMatchObject({
      rank: 2,
      rankedCount: 3,
      teamBestRank: 2,
      teamCount: 2,
      unrankedReason: null,
      onBoard: true,
    });
  });

  it("gives no team rank to a submission its team's better one represents", () => {
    expect(place("a2")).toMatchObject({ rank: 3, teamBestRank: null });
  });

  it("says in words why a submission below the quality bar is unranked", () => {
    expect(place("c1")).toMatchObject({
      rank: null,
      unrankedReason: "Below the quality bar: Accuracy 70.0%, and this track ranks 80.0% or more.",
    });
  });

  it("says when the board does not list it at all", () => {
    expect(place("zz")).toMatchObject({ onBoard: false, rank: null });
  });
});
