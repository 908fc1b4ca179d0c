/** Test support: a finished board entry with plain figures, overridden per test. */
import { energyKindOf, type BoardEntry, type TrackRules } from "./types";

export function boardEntry(id: string, overrides: Partial<BoardEntry> = {}): BoardEntry {
  return {
    submissionId: id,
    teamId: `team-${id}`,
    teamName: `Team ${id}`,
    modelName: `model-${id}`,
    submittedAt: "2026-11-01T00:00:00.000Z",
    isBaseline: false,
    status: "finished",
    quality: 0.85,
    qualityOutOfDomain: null,
    metrics: { accuracy: 0.85 },
    energyJoulesPerInference: 0.01,
    energyInterval: null,
    energyMethod: "estimated",
    carbonGramsPerThousand: 0.001,
    latencyP50Ms: 1,
    latencyP50Interval: null,
    latencyP90Ms: 2,
    latencyP90Interval: null,
    throughputPerSecond: 1000,
    peakMemoryBytes: 50_000_000,
    parameters: 1000,
    sparsity: 0,
    weightPrecision: "float32",
    fileSizeBytes: 4000,
    macsPerExample: 1000,
    noisy: false,
    trainingEnergyKwh: null,
    measurementCount: 1,
    ...overrides,
    energyKind:
      overrides.energyKind !== undefined
        ? overrides.energyKind
        : energyKindOf(overrides.energyMethod === undefined ? "estimated" : overrides.energyMethod),
  };
}

export const thresholdTrack: TrackRules = {
  rule: "energy-at-threshold",
  qualityMetric: "accuracy",
  qualityThreshold: 0.8,
  rankedEnergyKind: "estimated",
};
