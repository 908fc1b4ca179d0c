import { describe, expect, it } from "vitest";
import type { PairedComparison } from "./bare-loop";
import { formatSummaryTable, summarizeModel, type LatencyRound, type WallRound } from "./summary";

const paired: PairedComparison = {
  sweeps: 10,
  bareP50Ms: 0.1,
  childP50Ms: 0.101,
  childOverheadUs: 1,
  childOverheadCiUs: [0.5, 1.5],
  ratio: 1.01,
};

function latencyRound(runnerP50Ms: number, bareP50Ms: number): LatencyRound {
  return {
    order: "bare-first",
    runnerP50Ms,
    runnerTokenizationP50Ms: 0.06,
    runnerRelativeSpread: 0.01,
    runnerNoisy: false,
    runnerNoisyReasons: [],
    runnerQueriesPerRepeat: [1024],
    runnerInterference: { latency: null, throughput: null },
    bareP50Ms,
    bareTokenizeP50Ms: 0.06,
    bareSessionRunP50Ms: 0.03,
    bareQueriesPerRepeat: [1024],
    ratio: runnerP50Ms / bareP50Ms,
  };
}

function wallRound(runnerTotalMs: number, measurementPassesMs: number, bareWallMs: number): WallRound {
  return {
    runnerTotalMs,
    runnerWithoutMeasurementPassesMs: runnerTotalMs - measurementPassesMs,
    runnerTimings: { totalMs: runnerTotalMs },
    bareWallMs,
    bareLoadMs: 30,
    bareAccuracyPassMs: 100,
  };
}

describe("summarizeModel", () => {
  it("takes the median of the per-round latency ratios and of the wall times, and judges each target", () => {
    const summary = summarizeModel(
      "bow",
      "test",
      [latencyRound(0.102, 0.1), latencyRound(0.1, 0.1), latencyRound(0.2, 0.1)],
      [wallRound(500, 100, 300), wallRound(600, 100, 320), wallRound(900, 100, 340)],
      paired,
    );
    expect(summary.latency.ratio).toBeCloseTo(1.02, 10);
    expect(summary.latency.ratioRange).toEqual([1, 2]);
    expect(summary.wall.ratio).toBeCloseTo(500 / 320, 10);
    expect(summary.wall.rawTotalRatio).toBeCloseTo(600 / 320, 10);
    expect(summary.verdicts).toEqual({ latencyRatio: "PASS", wallRatio: "MISS", p50Cv: "MISS" });
  });

  it("passes the stability target only below 3%, and says n/a for a single evaluation", () => {
    const steady = summarizeModel(
      "bow",
      "test",
      [latencyRound(0.1, 0.1), latencyRound(0.1001, 0.1)],
      [wallRound(400, 50, 300)],
      paired,
    );
    expect(steady.latency.runnerP50Cv).toBeLessThan(0.03);
    expect(steady.verdicts.p50Cv).toBe("PASS");
    const single = summarizeModel("bow", "test", [latencyRound(0.1, 0.1)], [wallRound(400, 50, 300)], paired);
    expect(single.latency.runnerP50Cv).toBeNull();
    expect(single.verdicts.p50Cv).toBe("n/a");
    expect(formatSummaryTable([single])).toContain("n/a");
  });
});
