/** Known answers for the report arithmetic, each number worked out by hand in the comments. */
import { describe, expect, it } from "vitest";
import type { ChildMessage } from "../child-protocol";
import { composeCarbon, composeEnergy, composeLatency, composeThroughput, isResultNoisy, scoreSplits } from "./compose-report";
import type { PassWindow } from "./energy-meter";

type LatencyMessage = Extract<ChildMessage, { type: "latency" }>;

function window(pass: PassWindow["pass"], repeat: number, fields: Partial<PassWindow>): PassWindow {
  return { pass, repeat, startMs: 0, endMs: 0, wallMs: 1000, cpuMicros: 1_000_000, inferences: 100, raplJoules: null, gpuJoules: null, ...fields };
}

const CONSTANTS = { cpuTdpWatts: 350, cpuCoreCount: 56, ramWattsPerGb: 0.375, pue: 1.2 };

describe("scoreSplits", () => {
  // Task labels: 0 negative, 1 positive. The manifest lists ["positive", "negative"], so its index 0 is task
  // label 1 and the other way round: labelMapping = [1, 0].
  const splits = [
    { split: "test", offset: 0, labels: [0, 0, 1, 1] },
    { split: "ood:reviews", offset: 4, labels: [1, 0] },
  ];
  const predicted = [1, 1, 0, 1, 0, 0]; // manifest indices → task labels [0, 0, 1, 0 | 1, 1]

  it("maps manifest indices to task labels before scoring, split by split", () => {
    const [test, ood] = scoreSplits(predicted, splits, [1, 0], 2);
    // test: gold [0,0,1,1] vs [0,0,1,0]; 3 of 4 right. F1(neg) = 4/5, F1(pos) = 2/3, macro 11/15.
    // MCC: TP 1, TN 2, FP 0, FN 1 → (1·2 − 0·1) / √(1·2·2·3) = 2/√12.
    expect(test).toEqual({ split: "test", examples: 4, metrics: { accuracy: 0.75, macro_f1: expect.closeTo(11 / 15, 12), mcc: expect.closeTo(2 / Math.sqrt(12), 12) }, confusion: [[2, 0], [1, 1]] });
    // ood: gold [1,0] vs [1,1].
    expect(ood).toMatchObject({ split: "ood:reviews", examples: 2, metrics: { accuracy: 0.5 }, confusion: [[0, 1], [0, 1]] });
  });

  it("scores the same predictions differently without the flip (the mapping is not ignored)", () => {
    const [test] = scoreSplits(predicted, splits, [0, 1], 2);
    expect(test?.metrics.accuracy).toBe(0.25);
    expect(test?.confusion).toEqual([[0, 2], [1, 1]]);
  });
});

describe("composeLatency", () => {
  const repeat = (index: number, totalMs: number[], tokenizeMs: number, postprocessMs: number): LatencyMessage => ({
    type: "latency",
    repeat: index,
    totalMs,
    tokenizeMs: totalMs.map(() => tokenizeMs),
    postprocessMs: totalMs.map(() => postprocessMs),
  });
  // Per repeat (type-7 percentiles over 5 values; with n = 5 the median's interval is [min, max]):
  //   R1 [1..5]:          p50 3, p90 4.6, p99 4.96, mean 3, CI [1, 5]
  //   R2 [2,4,6,8,10]:    p50 6, p90 9.2, p99 9.92, mean 6, CI [2, 10]
  //   R3 [3..7]:          p50 5, p90 6.6, p99 6.96, mean 5, CI [3, 7]
  // Medians of the repeats: p50 5, p90 6.6, p99 6.96, mean 5; R3's p50 is the median, so its CI is reported.
  // (Pooling all 15 queries would give a p50 of 4 instead.)
  const repeats = [repeat(1, [1, 2, 3, 4, 5], 0.2, 0.01), repeat(2, [2, 4, 6, 8, 10], 0.5, 0.03), repeat(3, [3, 4, 5, 6, 7], 0.3, 0.02)];

  it("reports the median over repeats of each statistic, and the interval of the repeat closest to it", () => {
    const latency = composeLatency(repeats);
    expect(latency.p50Ms).toBe(5);
    expect(latency.p90Ms).toBeCloseTo(6.6, 12);
    expect(latency.p99Ms).toBeCloseTo(6.96, 12);
    expect(latency.meanMs).toBe(5);
    expect(latency.p50CiMs).toEqual([3, 7]);
    expect(latency.relativeSpread).toBeCloseTo((6 - 3) / 5, 12);
    expect(latency.queriesPerRepeat).toEqual([5, 5, 5]);
    expect(latency.tokenizationP50Ms).toBe(0.3);
    expect(latency.postprocessP50Ms).toBe(0.02);
  });

  it("does not depend on the order of the repeats", () => {
    expect(composeLatency([repeats[2]!, repeats[0]!, repeats[1]!])).toEqual(composeLatency(repeats));
  });

  it("refuses to summarize no repeats at all", () => {
    expect(() => composeLatency([])).toThrow(/no latency repeats/);
  });
});

describe("composeThroughput", () => {
  it("is the median rate over repeats with its spread", () => {
    // 100/1 s = 100/s, 300/2 s = 150/s, 90/1 s = 90/s → median 100, spread (150 − 90)/100.
    const throughput = composeThroughput(
      [
        { type: "throughput", repeat: 1, examples: 100, wallMs: 1000 },
        { type: "throughput", repeat: 2, examples: 300, wallMs: 2000 },
        { type: "throughput", repeat: 3, examples: 90, wallMs: 1000 },
      ],
      32,
    );
    expect(throughput).toEqual({ examplesPerSecond: 100, batchSize: 32, relativeSpread: expect.closeTo(0.6, 12) });
  });
});

describe("composeEnergy", () => {
  // cpuMicros is huge on purpose: a RAPL report that fell back to the estimate would be far off.
  const raplWindows = [
    window("accuracy", 0, { raplJoules: 1000, inferences: 20 }),
    window("latency", 1, { raplJoules: 2, inferences: 20, cpuMicros: 9e9 }),
    window("throughput", 1, { raplJoules: 10, inferences: 100, cpuMicros: 9e9 }),
    window("latency", 2, { raplJoules: 3, inferences: 20, cpuMicros: 9e9 }),
    window("throughput", 2, { raplJoules: 12, inferences: 100, cpuMicros: 9e9 }),
    window("latency", 3, { raplJoules: 2.5, inferences: 20, cpuMicros: 9e9 }),
    window("throughput", 3, { raplJoules: 11, inferences: 100, cpuMicros: 9e9 }),
  ];
  const rapl = { hostMethod: "measured-rapl" as const, measuresGpu: false, peakRssBytes: 2e9, constants: CONSTANTS };

  it("uses the RAPL joules of each measured pass, leaving out the accuracy pass", () => {
    const energy = composeEnergy({ ...rapl, windows: raplWindows });
    // Offline: 0.10, 0.12, 0.11 J per inference → median 0.11; single stream: 0.1, 0.15, 0.125 → 0.125.
    expect(energy.method).toBe("measured-rapl");
    expect(energy.joulesPerInference).toBeCloseTo(0.11, 12);
    expect(energy.whPerThousand).toBeCloseTo(110 / 3600, 12);
    expect(energy.singleStreamJoulesPerQuery).toBeCloseTo(0.125, 12);
    expect(energy.relativeSpread).toBeCloseTo(0.02 / 0.11, 12);
    expect(energy.passes.map((pass) => [pass.pass, pass.repeat, pass.hostJoules])).toEqual([
      ["latency", 1, 2], ["throughput", 1, 10], ["latency", 2, 3], ["throughput", 2, 12], ["latency", 3, 2.5], ["throughput", 3, 11],
    ]);
    expect(energy.passes[0]).toMatchObject({ cpuMs: 9e6, wallMs: 1000, gpuJoules: null, method: "measured-rapl" });
  });

  it("reports null, not the median of the rest, when one repeat's RAPL reading is missing", () => {
    const windows = raplWindows.map((w) => (w.pass === "throughput" && w.repeat === 2 ? { ...w, raplJoules: null } : w));
    const energy = composeEnergy({ ...rapl, windows });
    expect(energy).toMatchObject({ joulesPerInference: null, whPerThousand: null, relativeSpread: null });
    expect(energy.singleStreamJoulesPerQuery).toBeCloseTo(0.125, 12); // the latency repeats are all there
  });

  it("estimates from CPU time × TDP/cores plus RAM watts × peak GB × wall time, times PUE", () => {
    const windows = [
      // cpu 2 s × 350/56 W = 12.5 J; RAM 0.375 W/GB × 2 GB × 4 s = 3 J; × 1.2 = 18.6 J over 500 → 0.0372 J.
      window("throughput", 1, { cpuMicros: 2_000_000, wallMs: 4000, inferences: 500, raplJoules: 999 }),
      // cpu 1 s × 6.25 W = 6.25 J; RAM 0.375 × 2 × 2 s = 1.5 J; × 1.2 = 9.3 J over 100 → 0.093 J.
      window("latency", 1, { cpuMicros: 1_000_000, wallMs: 2000, inferences: 100, raplJoules: 999 }),
    ];
    const energy = composeEnergy({ windows, hostMethod: "estimated", measuresGpu: false, peakRssBytes: 2e9, constants: CONSTANTS });
    expect(energy.method).toBe("estimated");
    expect(energy.joulesPerInference).toBeCloseTo(0.0372, 12);
    expect(energy.whPerThousand).toBeCloseTo(37.2 / 3600, 12);
    expect(energy.singleStreamJoulesPerQuery).toBeCloseTo(0.093, 12);
    expect(energy.relativeSpread).toBe(0);
    expect(energy.passes.map((pass) => pass.hostJoules)).toEqual([expect.closeTo(18.6, 9), expect.closeTo(9.3, 9)]);
  });

  it("cannot estimate without the child's peak memory", () => {
    const energy = composeEnergy({ windows: [window("throughput", 1, {})], hostMethod: "estimated", measuresGpu: false, peakRssBytes: null, constants: CONSTANTS });
    expect(energy).toMatchObject({ joulesPerInference: null, whPerThousand: null, singleStreamJoulesPerQuery: null });
  });

  it("on the GPU profile adds host and GPU joules, and is null when the GPU reading is missing", () => {
    const gpu = { hostMethod: "measured-rapl" as const, measuresGpu: true, peakRssBytes: 2e9, constants: CONSTANTS };
    // (20 J host + 30 J GPU) / 100 = 0.5 J per inference.
    const measured = composeEnergy({ ...gpu, windows: [window("throughput", 1, { raplJoules: 20, gpuJoules: 30 })] });
    expect(measured).toMatchObject({ method: "measured-nvml", joulesPerInference: 0.5 });
    expect(measured.passes[0]).toMatchObject({ hostJoules: 20, gpuJoules: 30, method: "measured-nvml" });
    const missing = composeEnergy({ ...gpu, windows: [window("throughput", 1, { raplJoules: 20, gpuJoules: null })] });
    expect(missing.joulesPerInference).toBeNull();
    // With an estimated host part: 1 s × 6.25 W + 0.375 × 2 × 1 s = 7 J, × 1.2 = 8.4 J; + 31.6 J GPU = 40 J / 100.
    const estimatedHost = composeEnergy({ ...gpu, hostMethod: "estimated", windows: [window("throughput", 1, { gpuJoules: 31.6 })] });
    expect(estimatedHost.joulesPerInference).toBeCloseTo(0.4, 12);
  });
});

describe("composeCarbon", () => {
  it("turns Wh per 1000 inferences into grams with the grid's intensity, and keeps null as null", () => {
    expect(composeCarbon(0.03, 481).gramsPerThousand).toBeCloseTo((0.03 / 1000) * 481, 15);
    expect(composeCarbon(null, 481)).toEqual({ gramsPerThousand: null, gridGramsPerKwh: 481 });
  });
});

describe("isResultNoisy", () => {
  it.each([
    [0.05, null, false],
    [0.051, null, true],
    [0.01, 0.06, true],
    [0.01, 0.04, false],
    [0.05, 0.05, false],
  ])("latency spread %s, energy spread %s → %s", (latency, energy, noisy) => {
    expect(isResultNoisy(latency, energy)).toBe(noisy);
  });
});
