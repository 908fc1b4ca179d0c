import { describe, expect, it } from "vitest";
import { combineMeasurements, combinedInterval, countedMeasurements, medianOf } from "./repeated-measurements";
import { boardEntry } from "./testing-entry";

describe("countedMeasurements", () => {
  it("counts every finished evaluation under the latest finished one's protocol, and lists older-protocol ones as replaced", () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 0, minute));
    const counting = countedMeasurements([
      { id: "old", state: "finished", createdAt: at(0), protocol: "2026.11-3" },
      { id: "failed", state: "failed", createdAt: at(1), protocol: "2026.11-4" },
      { id: "new-1", state: "finished", createdAt: at(2), protocol: "2026.11-4" },
      { id: "new-2", state: "finished", createdAt: at(3), protocol: "2026.11-4" },
      { id: "running", state: "measuring", createdAt: at(4), protocol: "2026.11-4" },
    ]);
    expect(counting).toEqual({ protocol: "2026.11-4", counted: ["new-2", "new-1"], replaced: ["old"] });
    expect(countedMeasurements([{ id: "x", state: "failed", createdAt: at(0), protocol: null }])).toEqual({
      protocol: null,
      counted: [],
      replaced: [],
    });
  });
});

describe("combineMeasurements", () => {
  const runs = [0.3, 0.1, 0.5, 0.2, 0.4].map((joules, index) =>
    boardEntry("s", {
      energyJoulesPerInference: joules,
      energyInterval: { low: joules * 0.9, high: joules * 1.1 },
      latencyP90Ms: 10 - index,
      metrics: { accuracy: 0.85 },
      quality: 0.85,
    }),
  );

  it("takes the median of each figure, not the best run, and the envelope of the runs as its interval", () => {
    const combined = combineMeasurements(runs);
    expect(combined.energyJoulesPerInference).toBeCloseTo(0.3);
    expect(combined.energyInterval!.low).toBeCloseTo(0.09);
    expect(combined.energyInterval!.high).toBeCloseTo(0.55);
    expect(combined.latencyP90Ms).toBe(8);
    expect(combined.measurementCount).toBe(5);
    expect(combined.metrics).toEqual({ accuracy: 0.85 });
  });

  it("keeps a single run as it is, and marks the entry held or noisy when any counted run is", () => {
    expect(combineMeasurements([runs[0]!])).toBe(runs[0]);
    const held = combineMeasurements([runs[0]!, { ...runs[1]!, status: "held-for-review", noisy: true }]);
    expect(held).toMatchObject({ status: "held-for-review", noisy: true });
  });

  it("combines energy only over runs of the latest run's kind", () => {
    const combined = combineMeasurements([
      boardEntry("s", { energyJoulesPerInference: 0.2, energyKind: "measured", energyMethod: "measured-rapl" }),
      boardEntry("s", { energyJoulesPerInference: 0.01, energyKind: "estimated" }),
      boardEntry("s", { energyJoulesPerInference: 0.4, energyKind: "measured", energyMethod: "measured-rapl" }),
    ]);
    expect(combined.energyJoulesPerInference).toBeCloseTo(0.3);
    expect(combined.energyKind).toBe("measured");
  });

  it("gives a median and an interval from the figures alone when runs report no interval", () => {
    expect(medianOf([3, null, 1, 2, Number.NaN])).toBe(2);
    expect(medianOf([null])).toBeNull();
    expect(combinedInterval([0.2, 0.4], [null, null])).toEqual({ low: 0.2, high: 0.4 });
    expect(combinedInterval([0.2], [{ low: 0.1, high: 0.3 }])).toEqual({ low: 0.1, high: 0.3 });
    expect(combinedInterval([0.2], [null])).toBeNull();
  });
});
