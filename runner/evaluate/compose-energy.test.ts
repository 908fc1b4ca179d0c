/** Known answers for gross and net energy, host and GPU parts, PUE and the interval over blocks. */
import { describe, expect, it } from "vitest";
import { composeEnergy } from "./compose-energy";
import type { PassWindow } from "./energy-meter";

function window(pass: PassWindow["pass"], block: number, fields: Partial<PassWindow>): PassWindow {
  return {
    pass,
    block,
    startMs: 0,
    endMs: 1000,
    wallMs: 1000,
    cpuMicros: 1_000_000,
    inferences: 100,
    raplJoules: null,
    gpuJoules: null,
    runQueueDelayNs: 0,
    involuntaryContextSwitches: 0,
    otherCoresBusy: 0,
    ...fields,
  };
}

const CONSTANTS = { cpuTdpWatts: 112, cpuLogicalCount: 112, ramWattsPerGb: 0.375, pue: 1.2 };

// Three blocks of idle (1 s), latency (1 s, 20 queries) and throughput (1 s, 100 examples). cpuMicros is huge on
// purpose: a RAPL report that fell back to the estimate would be far off.
function raplBlocks(idleJoules: number[], throughputJoules: number[]): PassWindow[] {
  return [
    window("accuracy", 0, { raplJoules: 1000 }),
    ...throughputJoules.flatMap((joules, i) => [
      window("idle", i + 1, { raplJoules: idleJoules[i]!, inferences: 0, cpuMicros: 0 }),
      window("latency", i + 1, { raplJoules: 3, inferences: 20, cpuMicros: 9e9 }),
      window("throughput", i + 1, { raplJoules: joules, inferences: 100, cpuMicros: 9e9 }),
    ]),
  ];
}

describe("composeEnergy", () => {
  const rapl = { hostMethod: "measured-rapl" as const, gpuMethod: null, peakRssBytes: 2 ** 31, constants: CONSTANTS };

  it("subtracts each block's own idle power for net energy, keeps gross, and applies the PUE to both", () => {
    // idle 1 W, 2 W, 1 W; throughput gross 10, 12, 11 J over 1 s → net 9, 10, 10 J; per inference ×1.2/100
    const energy = composeEnergy({ ...rapl, windows: raplBlocks([1, 2, 1], [10, 12, 11]) });
    expect(energy.kind).toBe("measured");
    expect(energy.method).toBe("measured-rapl");
    expect(energy.pue).toBe(1.2);
    expect(energy.joulesPerInference).toBeCloseTo(0.12, 12); // median of 0.108, 0.12, 0.12
    expect(energy.ciJoulesPerInference![0]).toBeCloseTo(0.108, 12);
    expect(energy.ciJoulesPerInference![1]).toBeCloseTo(0.12, 12);
    expect(energy.grossJoulesPerInference).toBeCloseTo(0.132, 12); // median of 0.12, 0.144, 0.132
    expect(energy.whPerThousand).toBeCloseTo(120 / 3600, 12);
    // latency: 3 J gross, net 2, 1, 2 J over 20 queries, ×1.2
    expect(energy.singleStreamJoulesPerQuery).toBeCloseTo(0.12, 12);
    expect(energy.singleStreamGrossJoulesPerQuery).toBeCloseTo(0.18, 12);
    expect(energy.idleWatts).toEqual({ host: 1.2, gpu: null });
    expect(energy.parts.host).toEqual({
      method: "measured-rapl",
      grossJoulesPerInference: expect.closeTo(0.132, 12),
      netJoulesPerInference: expect.closeTo(0.12, 12),
    });
    expect(energy.parts.gpu).toBeNull();
    expect(energy.passes.some((pass) => pass.pass === "accuracy")).toBe(false);
  });

  it("reports null, not the median of the rest, when one block's reading is missing", () => {
    const windows = raplBlocks([1, 1, 1], [10, 12, 11]).map((w) =>
      w.pass === "throughput" && w.block === 2 ? { ...w, raplJoules: null } : w,
    );
    expect(composeEnergy({ ...rapl, windows })).toMatchObject({
      joulesPerInference: null,
      ciJoulesPerInference: null,
      grossJoulesPerInference: null,
      whPerThousand: null,
    });
  });

  it("reports a net median at or below zero as missing, not as a negative or clamped figure", () => {
    // idle 12 W over 1 s, but the passes read 10–12 J: nothing above idle
    const energy = composeEnergy({ ...rapl, windows: raplBlocks([12, 12, 12], [10, 12, 11]) });
    expect(energy).toMatchObject({
      joulesPerInference: null,
      ciJoulesPerInference: null,
      whPerThousand: null,
      netNotAboveIdle: true,
    });
    expect(energy.grossJoulesPerInference).toBeCloseTo(0.132, 12);
  });

  it("has no net figure without an idle slice, and says so with null", () => {
    const windows = raplBlocks([1, 1, 1], [10, 12, 11]).filter((w) => w.pass !== "idle");
    const energy = composeEnergy({ ...rapl, windows });
    expect(energy.joulesPerInference).toBeNull();
    expect(energy.grossJoulesPerInference).toBeCloseTo(0.132, 12);
  });

  it("estimates with CodeCarbon's process mode: CPU-seconds × TDP / logical CPUs, plus RAM, both gross and net", () => {
    // 1 W per logical CPU. Idle: 0 CPU-s, RAM 0.375 W/GiB × 2 GiB × 1 s = 0.75 J → 0.75 W idle.
    // Throughput: 1 CPU-s → 1 J + 0.75 J RAM = 1.75 J gross; net 1.75 − 0.75 = 1 J; per inference ×1.2/100.
    const windows = [1, 2, 3].flatMap((block) => [
      window("idle", block, { inferences: 0, cpuMicros: 0 }),
      window("latency", block, { inferences: 20 }),
      window("throughput", block, { inferences: 100 }),
    ]);
    const energy = composeEnergy({
      hostMethod: "estimated",
      gpuMethod: null,
      peakRssBytes: 2 * 1024 ** 3,
      constants: CONSTANTS,
      windows,
    });
    expect(energy.kind).toBe("estimated");
    expect(energy.grossJoulesPerInference).toBeCloseTo(0.021, 12);
    expect(energy.joulesPerInference).toBeCloseTo(0.012, 12);
    expect(energy.idleWatts.host).toBeCloseTo(0.9, 12);
  });

  it("labels a GPU result's parts apart and calls it estimated when its host part was estimated", () => {
    // GPU: idle 70 W, throughput 170 J over 1 s → net 100 J; host as in the estimate above (net 1 J).
    const windows = [1, 2, 3].flatMap((block) => [
      window("idle", block, { inferences: 0, cpuMicros: 0, gpuJoules: 70 }),
      window("latency", block, { inferences: 20, gpuJoules: 90 }),
      window("throughput", block, { inferences: 100, gpuJoules: 170 }),
    ]);
    const energy = composeEnergy({
      hostMethod: "estimated",
      gpuMethod: "measured-nvml",
      peakRssBytes: 2 * 1024 ** 3,
      constants: { ...CONSTANTS, pue: 1 },
      windows,
    });
    expect(energy.kind).toBe("estimated");
    expect(energy.method).toBe("measured-nvml+estimated");
    expect(energy.parts.gpu).toEqual({
      method: "measured-nvml",
      grossJoulesPerInference: 1.7,
      netJoulesPerInference: 1,
    });
    expect(energy.parts.host.method).toBe("estimated");
    expect(energy.parts.host.netJoulesPerInference).toBeCloseTo(0.01, 12);
    expect(energy.joulesPerInference).toBeCloseTo(1.01, 12);
    expect(energy.idleWatts.gpu).toBe(70);
  });

  it("applies the same PUE to measured and estimated figures", () => {
    const measured = composeEnergy({
      ...rapl,
      constants: { ...CONSTANTS, pue: 1.5 },
      windows: raplBlocks([0, 0, 0], [10, 10, 10]),
    });
    expect(measured.grossJoulesPerInference).toBeCloseTo(0.15, 12);
    const estimatedWindows = [1, 2, 3].flatMap((block) => [
      window("idle", block, { inferences: 0, cpuMicros: 0 }),
      window("throughput", block, { inferences: 100 }),
    ]);
    const estimated = composeEnergy({
      hostMethod: "estimated",
      gpuMethod: null,
      peakRssBytes: 0,
      constants: { ...CONSTANTS, pue: 1.5 },
      windows: estimatedWindows,
    });
    expect(estimated.grossJoulesPerInference).toBeCloseTo(0.015, 12); // 1 J × 1.5 / 100
  });
});
