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
import type { EnergyModelConstants } from "./energy-estimate";

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
    /**
     * The CPU model the profile was defined on, as the kernel names it (/proc/cpuinfo "model name"); a runner whose
     * CPU differs refuses the profile. null: a portable profile for trials and teams' own machines, whose results
     * carry the CPU in their host fingerprint and are compared only within one runner pool.
     */
    cpuModel: z.string().min(1).nullable(),
    /**
     * Whether onnxruntime's idle intra-op threads spin-wait for work. Spinning trades CPU time (and so energy) for
     * wake-up latency; measured per profile in docs/methodology.md ("Spin-waiting").
     */
    allowSpinning: z.boolean(),
    energySources: z.object({
      /**
       * Host (CPU + DRAM) energy, fixed: a runner that cannot provide exactly this method refuses the profile, so
       * measured and estimated figures are never ranked together.
       */
      host: z.enum(["rapl", "estimated"]),
      /** GPU board energy. No estimate fallback: TDP-based GPU guesses are off by a factor of two or more. */
      gpu: z.literal("nvml").nullable(),
    }),
    energyModel: z.object({
      cpuTdpWatts: sourcedNumber,
      /** Logical CPUs sharing that TDP: CodeCarbon's process mode divides by psutil.cpu_count(), logical CPUs. */
      cpuLogicalCount: sourcedInteger,
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
  source:
    "Intel Xeon Platinum 8480+ (4th-gen Xeon Scalable, Sapphire Rapids): TDP 350 W, Intel ARK https://ark.intel.com",
};
const referenceCpuLogical = {
  value: 112,
  source:
    "Intel Xeon Platinum 8480+: 56 cores / 112 threads, Intel ARK https://ark.intel.com; logical CPUs as CodeCarbon's process mode counts them (psutil.cpu_count())",
};
const ramWattsPerGb = {
  value: 0.375,
  source:
    "CodeCarbon v2 RAM model, 3 W per 8 GB (after Crucial), https://mlco2.github.io/codecarbon/methodology.html; " +
    "GB as CodeCarbon computes it, bytes / 1024³ (codecarbon/external/hardware.py, B_TO_GB)",
};
// 1.0: we report IT energy, as MLPerf Power does (it meters the system under test at the wall, without facility
// overhead). Whatever the value, it multiplies every figure of the profile alike, measured or estimated
// (runner/evaluate/compose-energy.ts), so an organizer's facility PUE never favours one method over another.
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
  cpuLogicalCount: referenceCpuLogical,
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
    cpuModel: null,
    // one intra-op thread: there is no pool to spin
    allowSpinning: false,
    memoryCapBytes: 2 * GIB,
    throughputBatchSize: 32,
    energySources: { host: "estimated", gpu: null },
    energyModel: { ...cpuEnergyModel, gpuTdpWatts: null },
  },
  {
    id: "cpu-2t",
    label: "CPU, 2 cores, 2 threads",
    executionProvider: "cpu",
    cores: 2,
    intraOpThreads: 2,
    interOpThreads: 1,
    cpuModel: null,
    // spinning measured on and off on this profile: docs/methodology.md, "Spin-waiting"
    allowSpinning: false,
    // the same cap as cpu-1t, so that only the parallelism differs between the two CPU profiles
    memoryCapBytes: 2 * GIB,
    throughputBatchSize: 32,
    energySources: { host: "estimated", gpu: null },
    energyModel: { ...cpuEnergyModel, gpuTdpWatts: null },
  },
  {
    id: "gpu",
    label: "GPU (CUDA), 2 host cores",
    executionProvider: "cuda",
    cores: 2,
    intraOpThreads: 2,
    interOpThreads: 1,
    cpuModel: null,
    allowSpinning: false,
    // host memory, not GPU memory: the CUDA context and onnxruntime's CUDA libraries take 1–2 GiB on their own
    memoryCapBytes: 8 * GIB,
    throughputBatchSize: 64,
    energySources: { host: "estimated", gpu: "nvml" },
    energyModel: {
      ...cpuEnergyModel,
      gpuTdpWatts: {
        value: 700,
        source:
          "NVIDIA H100 SXM5 80GB, max TDP 700 W, NVIDIA H100 datasheet https://www.nvidia.com/en-us/data-center/h100/",
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

/**
 * The kind of energy a profile's results carry. A figure is "measured" only when every part of it is, and the GPU
 * part is NVML or absent, so the host method decides (runner/evaluate/compose-energy.ts). A track on a profile that
 * estimates and ranks measured energy would rank nothing: the organizer's track form says which profiles measure.
 */
export function resultEnergyKind(profile: HardwareProfile): "measured" | "estimated" {
  return profile.energySources.host === "estimated" ? "estimated" : "measured";
}

/** The plain numbers estimateEnergy needs, from a profile's sourced constants. */
export function energyModelConstants(profile: HardwareProfile): EnergyModelConstants {
  const { cpuTdpWatts, cpuLogicalCount, ramWattsPerGb: ram, pue: facility } = profile.energyModel;
  return {
    cpuTdpWatts: cpuTdpWatts.value,
    cpuLogicalCount: cpuLogicalCount.value,
    ramWattsPerGb: ram.value,
    pue: facility.value,
  };
}

export interface HostCapabilities {
  /** CPUs this process may run on (os.availableParallelism). */
  cores: number;
  /** /proc/cpuinfo's model name of this host's CPU. */
  cpuModel: string;
  /** Whether the RAPL counters can be read, and if not why (no powercap tree, permission denied, …). */
  rapl: { ok: true } | { ok: false; reason: string };
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
  if (profile.cpuModel !== null && profile.cpuModel.toLowerCase() !== host.cpuModel.trim().toLowerCase()) {
    problems.push(`was defined on a ${profile.cpuModel}, this host has a ${host.cpuModel}`);
  }
  if (profile.energySources.host === "rapl" && !host.rapl.ok) {
    problems.push(`measures host energy with RAPL, which cannot be read here (${host.rapl.reason})`);
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
