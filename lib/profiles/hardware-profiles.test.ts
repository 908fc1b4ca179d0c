import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import {
  checkHostHonorsProfile,
  energyModelConstants,
  getHardwareProfile,
  HARDWARE_PROFILES,
  hardwareProfileSchema,
  type HostCapabilities,
  resultEnergyKind,
} from "./hardware-profiles";

const GIB = 2 ** 30;
const bigCpuHost: HostCapabilities = {
  cores: 16,
  cpuModel: "AMD EPYC",
  rapl: { ok: false, reason: "no powercap tree" },
  memoryBytes: 64 * GIB,
  gpus: [],
  executionProviders: ["cpu"],
};
const gpuHost: HostCapabilities = {
  cores: 16,
  cpuModel: "AMD EPYC",
  rapl: { ok: false, reason: "no powercap tree" },
  memoryBytes: 128 * GIB,
  gpus: [{ name: "NVIDIA H100 80GB HBM3" }],
  executionProviders: ["cpu", "cuda"],
};

describe("declared hardware profiles", () => {
  it("declares cpu-1t, cpu-2t and gpu", () => {
    expect(HARDWARE_PROFILES.map((profile) => profile.id)).toEqual(["cpu-1t", "cpu-2t", "gpu"]);
  });

  it("pins cpu-1t to one core, one intra-op and one inter-op thread, 2 GiB, batch 32", () => {
    expect(getHardwareProfile("cpu-1t")).toMatchObject({
      executionProvider: "cpu",
      cores: 1,
      intraOpThreads: 1,
      interOpThreads: 1,
      memoryCapBytes: 2 * GIB,
      throughputBatchSize: 32,
      energySources: { host: "estimated", gpu: null },
    });
  });

  it("gives cpu-2t two cores and two threads, and nothing else different from cpu-1t", () => {
    const { id: _a, label: _b, cores, intraOpThreads, ...rest2t } = getHardwareProfile("cpu-2t");
    const { id: _c, label: _d, cores: _e, intraOpThreads: _f, ...rest1t } = getHardwareProfile("cpu-1t");
    expect({ cores, intraOpThreads }).toEqual({ cores: 2, intraOpThreads: 2 });
    expect(rest2t).toEqual(rest1t);
  });

  it("runs gpu on the CUDA provider with NVML power and batch 64", () => {
    expect(getHardwareProfile("gpu")).toMatchObject({
      executionProvider: "cuda",
      throughputBatchSize: 64,
      energySources: { gpu: "nvml" },
      energyModel: { gpuTdpWatts: { value: 700 } },
    });
  });

  it("gives every energy-model constant a source", () => {
    for (const profile of HARDWARE_PROFILES) {
      const constants = Object.values(profile.energyModel).filter((constant) => constant !== null);
      expect(constants.length).toBeGreaterThanOrEqual(5);
      for (const constant of constants) expect(constant?.source).toMatch(/\w{3,}.*\d|https?:\/\//);
    }
  });

  it("hands estimateEnergy the plain numbers: 350 W over 112 logical CPUs, CodeCarbon's 0.375 W/GB, PUE 1", () => {
    expect(energyModelConstants(getHardwareProfile("cpu-1t"))).toEqual({
      cpuTdpWatts: 350,
      cpuLogicalCount: 112,
      ramWattsPerGb: 0.375,
      pue: 1,
    });
    expect(getHardwareProfile("gpu").energyModel.gridCarbonGramsPerKwh.value).toBe(481);
  });
});

describe("hardwareProfileSchema", () => {
  const valid = getHardwareProfile("cpu-2t");

  it("accepts the declared profiles", () => {
    for (const profile of HARDWARE_PROFILES) expect(hardwareProfileSchema.safeParse(profile).success).toBe(true);
  });

  it.each([
    ["more intra-op threads than cores", { ...valid, intraOpThreads: 4 }],
    ["a second inter-op thread", { ...valid, interOpThreads: 2 }],
    ["a cpu profile with NVML energy", { ...valid, energySources: { host: "rapl", gpu: "nvml" } }],
    [
      "a PUE below 1",
      { ...valid, energyModel: { ...valid.energyModel, pue: { value: 0.9, source: "a made-up facility" } } },
    ],
    [
      "a constant without a source",
      { ...valid, energyModel: { ...valid.energyModel, cpuTdpWatts: { value: 1, source: "" } } },
    ],
    ["a fractional core count", { ...valid, cores: 1.5 }],
    [
      "a list of host energy methods (the method is fixed)",
      { ...valid, energySources: { host: ["rapl", "estimated"], gpu: null } },
    ],
  ])("rejects %s", (_label, profile) => {
    expect(hardwareProfileSchema.safeParse(profile).success).toBe(false);
  });
});

describe("resultEnergyKind", () => {
  it("is estimated on every shipped profile, whose host energy is estimated, the GPU's NVML reading included", () => {
    expect(HARDWARE_PROFILES.map((profile) => [profile.id, resultEnergyKind(profile)])).toEqual([
      ["cpu-1t", "estimated"],
      ["cpu-2t", "estimated"],
      ["gpu", "estimated"],
    ]);
  });

  it("is measured on a profile whose host energy is read from RAPL, with or without a GPU", () => {
    for (const profile of [getHardwareProfile("cpu-1t"), getHardwareProfile("gpu")]) {
      expect(resultEnergyKind({ ...profile, energySources: { ...profile.energySources, host: "rapl" } })).toBe(
        "measured",
      );
    }
  });
});

describe("getHardwareProfile", () => {
  it("names the valid ids when the id is unknown", () => {
    expect(() => getHardwareProfile("tpu")).toThrow(AppError);
    expect(() => getHardwareProfile("tpu")).toThrow(
      'Unknown hardware profile "tpu". Valid profiles: cpu-1t, cpu-2t, gpu.',
    );
  });
});

describe("checkHostHonorsProfile", () => {
  it("accepts a host with room to spare", () => {
    expect(checkHostHonorsProfile(getHardwareProfile("cpu-2t"), bigCpuHost)).toEqual({ ok: true });
    expect(checkHostHonorsProfile(getHardwareProfile("gpu"), gpuHost)).toEqual({ ok: true });
  });

  it("accepts exactly the cores and memory the profile asks for", () => {
    const host = { ...bigCpuHost, cores: 1, memoryBytes: 2 * GIB };
    expect(checkHostHonorsProfile(getHardwareProfile("cpu-1t"), host)).toEqual({ ok: true });
  });

  it("refuses too few cores", () => {
    expect(checkHostHonorsProfile(getHardwareProfile("cpu-2t"), { ...bigCpuHost, cores: 1 })).toEqual({
      ok: false,
      reason: "Profile cpu-2t: needs 2 cores, the host has 1.",
    });
  });

  it("refuses too little memory", () => {
    expect(checkHostHonorsProfile(getHardwareProfile("cpu-1t"), { ...bigCpuHost, memoryBytes: 1.5 * GIB })).toEqual({
      ok: false,
      reason: "Profile cpu-1t: needs 2 GiB of memory, the host has 1.5 GiB.",
    });
  });

  it("refuses a GPU profile on a host without a GPU or without the CUDA provider, listing both", () => {
    const result = checkHostHonorsProfile(getHardwareProfile("gpu"), bigCpuHost);
    expect(result).toEqual({
      ok: false,
      reason:
        "Profile gpu: needs an NVIDIA GPU, nvidia-smi found none; " +
        "needs onnxruntime's CUDA execution provider, which this build does not offer.",
    });
  });

  it("refuses a GPU host whose onnxruntime has no CUDA provider", () => {
    const result = checkHostHonorsProfile(getHardwareProfile("gpu"), { ...gpuHost, executionProviders: ["cpu"] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/CUDA execution provider/);
    expect(!result.ok && result.reason).not.toMatch(/NVIDIA GPU/);
  });

  it("refuses a RAPL profile where the counters cannot be read, and says why (no silent fallback to the estimate)", () => {
    const raplProfile = hardwareProfileSchema.parse({
      ...getHardwareProfile("cpu-1t"),
      id: "cpu-1t-rapl",
      energySources: { host: "rapl", gpu: null },
    });
    const denied = {
      ...bigCpuHost,
      rapl: { ok: false as const, reason: "cannot read /sys/class/powercap/intel-rapl:0/energy_uj: permission denied" },
    };
    const result = checkHostHonorsProfile(raplProfile, denied);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(
      /measures host energy with RAPL, which cannot be read here \(cannot read .*permission denied\)/,
    );
    expect(checkHostHonorsProfile(raplProfile, { ...bigCpuHost, rapl: { ok: true } })).toEqual({ ok: true });
  });

  it("refuses a profile defined on another CPU model", () => {
    const pinned = hardwareProfileSchema.parse({
      ...getHardwareProfile("cpu-1t"),
      cpuModel: "Intel(R) Xeon(R) Platinum 8480+",
    });
    expect(checkHostHonorsProfile(pinned, bigCpuHost)).toEqual({
      ok: false,
      reason: "Profile cpu-1t: was defined on a Intel(R) Xeon(R) Platinum 8480+, this host has a AMD EPYC.",
    });
    expect(checkHostHonorsProfile(pinned, { ...bigCpuHost, cpuModel: "Intel(R) Xeon(R) Platinum 8480+" })).toEqual({
      ok: true,
    });
  });

  it("understands the C API's provider names", () => {
    const host = { ...gpuHost, executionProviders: ["CPUExecutionProvider", "CUDAExecutionProvider"] };
    expect(checkHostHonorsProfile(getHardwareProfile("gpu"), host)).toEqual({ ok: true });
  });
});
