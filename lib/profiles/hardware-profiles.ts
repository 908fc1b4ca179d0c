/**
 * The hardware profiles a competition can be run on. A profile fixes everything that would otherwise let two runs
 * of the same model differ for reasons other than the model — cores, threads, memory, batch size, execution
 * provider — the way MLPerf Inference fixes a scenario and a system description
 * (https://github.com/mlcommons/inference_policies/blob/master/inference_rules.adoc). It also carries the constants
 * of the energy model for when a host has no energy counter, each with its source.
 *
 * Threads: onnxruntime's intra-op pool parallelises inside an operator (its size counts the calling thread); the
 * inter-op pool is used only in the "parallel" execution mode, which we never enable, so it is pinned to 1 — an
 * extra idle pool would only add noise. Intra-op threads never exceed the pinned cores: oversubscribed threads
 * would time-slice and turn scheduling into a latency lottery.
 * https://onnxruntime.ai/docs/performance/tune-performance/threading.html
 */
import { z } from "zod";
import { AppError } from "../errors";
import type { EnergyModelConstants } from "../measure/energy-estimate";

const GIB = 2 ** 30;

const sourcedNumber = z.object({ value: z.number().positive(), source: z.string().min(20) });
const sourcedInteger = z.object({ value: z.number().int().positive(), source: z.string().min(20) });

export const hardwareProfileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    label: z.string().min(1),
    executionProvider: z.enum(["cpu", "cuda"]),
    /** Cores the sandboxed child is pinned to (taskset / cgroup cpuset). */
    cores: z.number().int().positive(),
    intraOpThreads: z.number().int().positive(),
    interOpThreads: z.literal(1),
    /** Memory limit of the sandboxed child (cgroup memory.max); the host must have at least this much. */
    memoryCapBytes: z.number().int().positive(),
    /** Batch size of the throughput (offline) pass; latency is measured one query at a time. */
    throughputBatchSize: z.number().int().positive(),
    energySources: z.object({
      /** Host (CPU + DRAM) energy, in order of preference: a counter when readable, else the estimate. */
      host: z.array(z.enum(["rapl", "estimated"])).min(1),
      /** GPU board energy. No estimate fallback: TDP-based GPU guesses are off by a factor of two or more. */
      gpu: z.literal("nvml").nullable(),
    }),
    energyModel: z.object({
      cpuTdpWatts: sourcedNumber,
      cpuCoreCount: sourcedInteger,
      ramWattsPerGb: sourcedNumber,
      pue: sourcedNumber.refine((pue) => pue.value >= 1, "PUE is facility energy over IT energy, so at least 1"),
      gridCarbonGramsPerKwh: sourcedNumber,
      gpuTdpWatts: sourcedNumber.nullable(),
    }),
  })
  .refine((profile) => profile.intraOpThreads <= profile.cores, "intraOpThreads must not exceed the pinned cores")
  .refine(
    (profile) =>
      (profile.executionProvider === "cuda") === (profile.energySources.gpu === "nvml") &&
      (profile.executionProvider === "cuda") === (profile.energyModel.gpuTdpWatts !== null),
    "a cuda profile needs NVML energy and a GPU TDP; a cpu profile has neither",
  );

export type HardwareProfile = z.infer<typeof hardwareProfileSchema>;

// The reference host whose CPU the energy model describes. Organizers running on other hardware change these two
// constants (and nothing else) so that estimates stay comparable within a competition.
const referenceCpuTdp = {
  value: 350,
  source: "Intel Xeon Platinum 8480+ (4th-gen Xeon Scalable, Sapphire Rapids): TDP 350 W, Intel ARK https://ark.intel.com",
};
const referenceCpuCores = {
  value: 56,
  source: "Intel Xeon Platinum 8480+: 56 cores / 112 threads, Intel ARK https://ark.intel.com",
};
const ramWattsPerGb = {
  value: 0.375,
  source: "CodeCarbon v2 RAM model, 3 W per 8 GB (after Crucial), https://mlco2.github.io/codecarbon/methodology.html",
};
// 1.0: we report IT energy, as MLPerf Power does (it meters the system under test at the wall, without facility
// overhead), and as RAPL and NVML counters do. Multiplying only the estimates by a data-centre PUE such as Uptime
// Institute's 2023 industry average of 1.58 would make an estimated run look 58% worse than a measured one.
const pue = {
  value: 1.0,
  source:
    "IT energy only, as MLPerf Power and RAPL/NVML counters report it; for a facility figure use e.g. " +
    "Uptime Institute Global Data Center Survey 2023 average PUE 1.58",
};
const gridCarbonGramsPerKwh = {
  value: 481,
  source:
    "Ember, Global Electricity Review 2024 / Yearly Electricity Data: world lifecycle emissions intensity of " +
    "electricity generation in 2023, 481 gCO2e/kWh, https://ember-energy.org/",
};

const cpuEnergyModel = {
  cpuTdpWatts: referenceCpuTdp,
  cpuCoreCount: referenceCpuCores,
  ramWattsPerGb,
  pue,
  gridCarbonGramsPerKwh,
};

export const HARDWARE_PROFILES: readonly HardwareProfile[] = z.array(hardwareProfileSchema).parse([
  {
    id: "cpu-1t",
    label: "CPU, 1 core, 1 thread",
    executionProvider: "cpu",
    cores: 1,
    intraOpThreads: 1,
    interOpThreads: 1,
    memoryCapBytes: 2 * GIB,
    throughputBatchSize: 32,
    energySources: { host: ["rapl", "estimated"], gpu: null },
    energyModel: { ...cpuEnergyModel, gpuTdpWatts: null },
  },
  {
    id: "cpu-2t",
    label: "CPU, 2 cores, 2 threads",
    executionProvider: "cpu",
    cores: 2,
    intraOpThreads: 2,
    interOpThreads: 1,
    // the same cap as cpu-1t, so that only the parallelism differs between the two CPU profiles
    memoryCapBytes: 2 * GIB,
    throughputBatchSize: 32,
    energySources: { host: ["rapl", "estimated"], gpu: null },
    energyModel: { ...cpuEnergyModel, gpuTdpWatts: null },
  },
  {
    id: "gpu",
    label: "GPU (CUDA), 2 host cores",
    executionProvider: "cuda",
    cores: 2,
    intraOpThreads: 2,
    interOpThreads: 1,
    // host memory, not GPU memory: the CUDA context and onnxruntime's CUDA libraries take 1–2 GiB on their own
    memoryCapBytes: 8 * GIB,
    throughputBatchSize: 64,
    energySources: { host: ["rapl", "estimated"], gpu: "nvml" },
    energyModel: {
      ...cpuEnergyModel,
      gpuTdpWatts: {
        value: 700,
        source: "NVIDIA H100 SXM5 80GB, max TDP 700 W, NVIDIA H100 datasheet https://www.nvidia.com/en-us/data-center/h100/",
      },
    },
  },
]);

if (new Set(HARDWARE_PROFILES.map((profile) => profile.id)).size !== HARDWARE_PROFILES.length) {
  throw new Error("hardware profile ids must be unique");
}

export function getHardwareProfile(id: string): HardwareProfile {
  const profile = HARDWARE_PROFILES.find((candidate) => candidate.id === id);
  if (!profile) {
    const valid = HARDWARE_PROFILES.map((candidate) => candidate.id).join(", ");
    throw new AppError("VALIDATION_FAILED", `Unknown hardware profile "${id}". Valid profiles: ${valid}.`);
  }
  return profile;
}

/** The plain numbers estimateEnergy needs, from a profile's sourced constants. */
export function energyModelConstants(profile: HardwareProfile): EnergyModelConstants {
  const { cpuTdpWatts, cpuCoreCount, ramWattsPerGb: ram, pue: facility } = profile.energyModel;
  return { cpuTdpWatts: cpuTdpWatts.value, cpuCoreCount: cpuCoreCount.value, ramWattsPerGb: ram.value, pue: facility.value };
}

export interface HostCapabilities {
  /** CPUs this process may run on (os.availableParallelism). */
  cores: number;
  memoryBytes: number;
  gpus: readonly { name: string }[];
  /** onnxruntime execution providers available here, e.g. ["cpu", "cuda"] or ["CPUExecutionProvider"]. */
  executionProviders: readonly string[];
}

export type HostCheck = { ok: true } | { ok: false; reason: string };

// onnxruntime-node names providers "cpu", "cuda"; Python and the C API say "CUDAExecutionProvider".
function normalizeProvider(name: string): string {
  return name.toLowerCase().replace(/executionprovider$/, "");
}

/** Whether a runner host can run the profile fairly; the reason lists every shortfall, so one look fixes them all. */
export function checkHostHonorsProfile(profile: HardwareProfile, host: HostCapabilities): HostCheck {
  const problems: string[] = [];
  if (host.cores < profile.cores) problems.push(`needs ${profile.cores} cores, the host has ${host.cores}`);
  if (host.memoryBytes < profile.memoryCapBytes) {
    const hostGib = (host.memoryBytes / GIB).toFixed(1);
    problems.push(`needs ${profile.memoryCapBytes / GIB} GiB of memory, the host has ${hostGib} GiB`);
  }
  const providers = new Set(host.executionProviders.map(normalizeProvider));
  if (profile.executionProvider === "cuda") {
    if (host.gpus.length === 0) problems.push("needs an NVIDIA GPU, nvidia-smi found none");
    if (!providers.has("cuda")) {
      problems.push("needs onnxruntime's CUDA execution provider, which this build does not offer");
    }
  } else if (!providers.has("cpu")) {
    problems.push("needs onnxruntime's CPU execution provider");
  }
  return problems.length === 0 ? { ok: true } : { ok: false, reason: `Profile ${profile.id}: ${problems.join("; ")}.` };
}
