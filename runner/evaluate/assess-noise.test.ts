import { describe, expect, it } from "vitest";
import { noiseReasons, summarizeInterference } from "./assess-noise";
import type { PassWindow } from "./energy-meter";
import { measurementProtocol } from "./measurement-protocol";

function window(pass: PassWindow["pass"], fields: Partial<PassWindow>): PassWindow {
  return {
    pass,
    block: 1,
    startMs: 0,
    endMs: 1000,
    wallMs: 1000,
    cpuMicros: 1_000_000,
    inferences: 10,
    raplJoules: null,
    gpuJoules: null,
    runQueueDelayNs: 0,
    involuntaryContextSwitches: 0,
    otherCoresBusy: 0,
    ...fields,
  };
}

const quiet = { latencyP50Width: 0.01, latencyP90Width: 0.02, throughputWidth: 0.01, energyWidth: 0.02 };

describe("summarizeInterference", () => {
  it("sums each pass kind's CPU time, run-queue delay and switches over its wall time, and weights other cores' busy share", () => {
    const summary = summarizeInterference(
      [
        window("idle", { runQueueDelayNs: 9e9 }), // idle slices are not timed passes
        window("latency", {
          cpuMicros: 900_000,
          runQueueDelayNs: 50e6,
          involuntaryContextSwitches: 4,
          otherCoresBusy: 0.2,
        }),
        window("latency", {
          block: 2,
          wallMs: 3000,
          cpuMicros: 2_900_000,
          runQueueDelayNs: 150e6,
          involuntaryContextSwitches: 8,
          otherCoresBusy: 0.6,
        }),
      ],
      1,
    );
    // CPU 3.8 s over 4 s; delay 0.2 s of 4 s; 12 switches in 4 s; busy (0.2·1 + 0.6·3) / 4
    expect(summary.latency).toEqual({
      cpuPerWall: expect.closeTo(0.95, 12),
      runQueueShare: expect.closeTo(0.05, 12),
      involuntaryPerSecond: 3,
      otherCoresBusy: expect.closeTo(0.5, 12),
    });
    expect(summary.throughput).toBeNull();
    expect(summary.passes).toHaveLength(2);
  });

  it("divides run-queue delay by the threads that could wait", () => {
    const summary = summarizeInterference([window("throughput", { runQueueDelayNs: 100e6 })], 2);
    expect(summary.throughput?.runQueueShare).toBeCloseTo(0.05, 12);
  });

  it("reports run-queue delay as unknown when the kernel has no schedstats", () => {
    expect(summarizeInterference([window("latency", { runQueueDelayNs: null })], 1).latency?.runQueueShare).toBeNull();
  });
});

describe("noiseReasons", () => {
  const protocol = measurementProtocol();
  const interference = summarizeInterference([window("latency", {}), window("throughput", {})], 1);

  it("has no reason for narrow intervals on an undisturbed host", () => {
    expect(noiseReasons({ ...quiet, interference, protocol })).toEqual([]);
  });

  it("names each interval wider than its own figure's limit", () => {
    const reasons = noiseReasons({
      ...quiet,
      latencyP50Width: 0.13,
      latencyP90Width: 0.19,
      energyWidth: 0.2,
      interference,
      protocol,
    });
    expect(reasons).toEqual([
      "latency p50 interval is 13.0% of its value wide (limit 12.0%)",
      "energy interval is 20.0% of its value wide (limit 15.0%)",
    ]);
  });

  it("passes the widths a quiet host gave in the calibration runs (docs/BENCHMARKS.md), which the former 5% flagged", () => {
    // The widest of 16 quiet-host evaluations, each figure's own (npm run bench:noise, 2026-11-30).
    const widestQuiet = { latencyP50Width: 0.101, latencyP90Width: 0.171, throughputWidth: 0.11, energyWidth: 0.116 };
    // With the run-queue wait of the calibration's quiet passes (up to 5.1%): not disturbed.
    const quietInterference = summarizeInterference(
      [window("latency", { runQueueDelayNs: 51e6 }), window("throughput", { runQueueDelayNs: 20e6 })],
      1,
    );
    expect(noiseReasons({ ...widestQuiet, interference: quietInterference, protocol })).toEqual([]);
    const formerLimit = {
      ...protocol,
      noisyLatencyP50Width: 0.05,
      noisyLatencyP90Width: 0.05,
      noisyThroughputWidth: 0.05,
      noisyEnergyWidth: 0.05,
    };
    expect(noiseReasons({ ...widestQuiet, interference, protocol: formerLimit })).toHaveLength(4);
  });

  it("calls a pass disturbed when it waited for a CPU or the other cores were busy", () => {
    const disturbed = summarizeInterference(
      [window("latency", { runQueueDelayNs: 150e6 }), window("throughput", { otherCoresBusy: 0.9 })],
      1,
    );
    expect(noiseReasons({ ...quiet, interference: disturbed, protocol })).toEqual([
      "disturbed: the latency passes waited for a CPU 15.0% of their time (limit 10.0%)",
      "disturbed: the host's other cores were 90.0% busy during the throughput passes (limit 50.0%)",
    ]);
  });

  it("names a net energy not above idle as a reason", () => {
    expect(noiseReasons({ ...quiet, energyWidth: null, energyNotAboveIdle: true, interference, protocol })).toEqual([
      "energy: the model's net energy was not above the idle power measured beside it, so it is missing",
    ]);
  });

  it("reads an infinite width (a zero median) as noisy and a missing energy figure as no reason", () => {
    expect(
      noiseReasons({ ...quiet, throughputWidth: Infinity, energyWidth: null, interference, protocol }),
    ).toHaveLength(1);
  });
});
