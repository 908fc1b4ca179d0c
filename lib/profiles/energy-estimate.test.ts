import { describe, expect, it } from "vitest";
import { carbonGramsPerThousand, CODECARBON_RAM_WATTS_PER_GB, estimateEnergy, perInference } from "./energy-estimate";

// A 125 W part with 8 logical CPUs: 15.625 W per logical CPU, as CodeCarbon's process mode divides it.
const constants = { cpuTdpWatts: 125, cpuLogicalCount: 8, ramWattsPerGb: 0.375, pue: 1 };
const GIB = 1024 ** 3;

describe("estimateEnergy", () => {
  it("charges each CPU-second one logical CPU's share of the TDP and RAM at 0.375 W per GB (1024³ bytes) of peak RSS", () => {
    // CPU: 10 s × 125/8 W = 156.25 J; RAM: 0.375 W/GB × 2 GB × 10 s = 7.5 J
    expect(
      estimateEnergy({ cpuSeconds: 10, wallSeconds: 10, peakRssBytes: 2 * GIB, profileConstants: constants }),
    ).toEqual({
      joules: 163.75,
      cpuJoules: 156.25,
      ramJoules: 7.5,
      method: "estimated",
    });
  });

  it("returns IT energy whatever the PUE: compose-energy.ts applies the PUE to every method alike", () => {
    const estimate = estimateEnergy({
      cpuSeconds: 10,
      wallSeconds: 10,
      peakRssBytes: 2 * GIB,
      profileConstants: { ...constants, pue: 1.58 },
    });
    expect(estimate.joules).toBe(163.75);
  });

  it("counts a GB as 1024³ bytes, as CodeCarbon's B_TO_GB", () => {
    // 10⁹ bytes is 0.931 GiB: 0.375 × 0.9313 × 10 s = 3.4925 J, not 3.75 J
    expect(
      estimateEnergy({ cpuSeconds: 0, wallSeconds: 10, peakRssBytes: 1e9, profileConstants: constants }).ramJoules,
    ).toBeCloseTo(3.4924596548, 9);
  });

  it("keeps RAM powered for the whole wall time, however little CPU the process used", () => {
    // a model that waits: 0.5 CPU-s in 20 s wall, 512 MiB peak → CPU 7.8125 J, RAM 0.375 × 0.5 × 20 = 3.75 J
    const estimate = estimateEnergy({
      cpuSeconds: 0.5,
      wallSeconds: 20,
      peakRssBytes: 512 * 2 ** 20,
      profileConstants: constants,
    });
    expect(estimate.cpuJoules).toBeCloseTo(7.8125, 12);
    expect(estimate.ramJoules).toBeCloseTo(3.75, 12);
  });

  it("uses CodeCarbon's 3 W per 8 GB", () => {
    expect(CODECARBON_RAM_WATTS_PER_GB).toBe(0.375);
  });

  it.each([
    ["negative CPU time", { cpuSeconds: -1 }],
    ["NaN wall time", { wallSeconds: Number.NaN }],
    ["zero logical CPUs", { profileConstants: { ...constants, cpuLogicalCount: 0 } }],
    ["a PUE below 1", { profileConstants: { ...constants, pue: 0.9 } }],
  ])("rejects %s", (_label, override) => {
    const input = { cpuSeconds: 1, wallSeconds: 1, peakRssBytes: 1, profileConstants: constants, ...override };
    expect(() => estimateEnergy(input)).toThrow(RangeError);
  });
});

describe("perInference and carbonGramsPerThousand", () => {
  it("converts joules to joules per inference and Wh per thousand inferences", () => {
    expect(perInference(3600, 1000)).toEqual({ joulesPerInference: 3.6, whPerThousand: 1 });
    const small = perInference(258.725, 10_000); // 0.0258725 J each; ×1000/3600 = 0.00718680… Wh
    expect(small.joulesPerInference).toBeCloseTo(0.0258725, 12);
    expect(small.whPerThousand).toBeCloseTo(0.00718680555555556, 12);
  });

  it("converts Wh per thousand to grams of CO2e with the grid intensity", () => {
    expect(carbonGramsPerThousand(1, 481)).toBeCloseTo(0.481, 12); // 1 Wh = 0.001 kWh × 481 g/kWh
    expect(carbonGramsPerThousand(250, 100)).toBeCloseTo(25, 12);
  });

  it("rejects zero inferences and negative inputs", () => {
    expect(() => perInference(1, 0)).toThrow(RangeError);
    expect(() => perInference(-1, 10)).toThrow(RangeError);
    expect(() => carbonGramsPerThousand(1, -5)).toThrow(RangeError);
  });
});
