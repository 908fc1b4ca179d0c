/**
 * GPU energy from NVIDIA board power sampled with nvidia-smi (which reads NVML), integrated over the measured
 * window. The runner spawns `nvidia-smi` with `nvidiaSmiPowerArgs` and NVIDIA_SMI_ENV, keeps it running from before
 * the window opens until after it closes, and hands the captured stdout to `parseNvidiaSmiPowerCsv`.
 *
 * Which power field: on Ampere (except GA100) and newer GPUs `power.draw` is a 1-second moving average
 * (`nvidia-smi --help-query-gpu`; NVML's nvmlDeviceGetPowerUsage docs), so integrating it over a short window
 * smears the energy past the window's end. `power.draw.instant` is the last instantaneous reading. On an H100 we
 * captured (fixtures/nvidia-smi-power-fields.csv, capture-window.json) a 1.5 s load drew 1097 J by NVML's own energy
 * counter; integrating power.draw over the window gave 757 J (−31%), power.draw.instant 1053 J (−4%). Zeus, the
 * ML.ENERGY meter, switched to instantaneous power for the same reason (v0.9.1 release notes). Older drivers lack
 * `power.draw.instant`: pass `field: "power.draw"` there, and measure windows of a minute or more so the averaging
 * lag (under a second at each edge) stays small.
 */

export type NvidiaSmiPowerField = "power.draw.instant" | "power.draw";

export const DEFAULT_POWER_FIELD: NvidiaSmiPowerField = "power.draw.instant";

/**
 * nvidia-smi prints timestamps in the local time zone with no offset. Running it with TZ=UTC makes them UTC, so
 * they compare directly with Date.now() and never jump at a daylight-saving change. A runner that forgets this
 * gets windows that no sample covers, and integrateJoules refuses rather than returning a wrong number.
 */
export const NVIDIA_SMI_ENV = { TZ: "UTC" } as const;

/**
 * Ten points a second is plenty for trapezoids over windows of seconds or more; in the captured fixture nvidia-smi
 * held that cadence to within 3 ms, and the H100's own power sampling (`nvidia-smi -q -d POWER`: 119 samples in
 * 2.36 s) is faster still, so we are not sampling a stale value.
 */
export const DEFAULT_SAMPLE_INTERVAL_MS = 100;

export interface NvidiaSmiPowerOptions {
  field?: NvidiaSmiPowerField;
  /**
   * Which GPU to sample: nvidia-smi's index or, better, the GPU's UUID ("GPU-…"), which does not change when
   * devices are renumbered. Without it every GPU prints a line per sample, interleaved, and their powers get mixed.
   */
  gpuIndex?: number;
  gpuUuid?: string;
}

/** Arguments for `nvidia-smi`: one CSV line "timestamp, watts" every intervalMs until the process is stopped. */
export function nvidiaSmiPowerArgs(
  intervalMs: number = DEFAULT_SAMPLE_INTERVAL_MS,
  options: NvidiaSmiPowerOptions = {},
): string[] {
  if (!Number.isInteger(intervalMs) || intervalMs < 1) {
    throw new RangeError(`nvidiaSmiPowerArgs: intervalMs must be a positive integer, got ${intervalMs}`);
  }
  const field = options.field ?? DEFAULT_POWER_FIELD;
  const args = [`--query-gpu=timestamp,${field}`, "--format=csv,noheader,nounits", "-lms", String(intervalMs)];
  if (options.gpuIndex !== undefined) {
    if (!Number.isInteger(options.gpuIndex) || options.gpuIndex < 0) {
      throw new RangeError(`nvidiaSmiPowerArgs: gpuIndex must be a non-negative integer, got ${options.gpuIndex}`);
    }
    args.push(`--id=${options.gpuIndex}`);
  } else if (options.gpuUuid !== undefined) {
    if (!/^(GPU|MIG)-[0-9a-fA-F-]+$/.test(options.gpuUuid))
      throw new RangeError(`nvidiaSmiPowerArgs: "${options.gpuUuid}" is not a GPU UUID`);
    args.push(`--id=${options.gpuUuid}`);
  }
  return args;
}

/** Arguments for `nvidia-smi` listing the GPUs, parsed by parseNvidiaSmiGpuList. */
export function nvidiaSmiGpuListArgs(): string[] {
  return ["--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"];
}

/** Arguments for `nvidia-smi` listing each GPU's index and UUID, parsed by parseNvidiaSmiGpuIds. */
export function nvidiaSmiGpuIdArgs(): string[] {
  return ["--query-gpu=index,uuid", "--format=csv,noheader"];
}

/** "0, GPU-5e6c…" lines → index and UUID; the UUID is what CUDA_VISIBLE_DEVICES and --id take to name one GPU. */
export function parseNvidiaSmiGpuIds(text: string): { index: number; uuid: string }[] {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  if (lines.length === 1 && /^No devices were found/i.test(lines[0] as string)) return [];
  return lines.map((line) => {
    const match = /^(\d+),\s*((?:GPU|MIG)-[0-9a-fA-F-]+)$/.exec(line);
    if (!match) throw new Error(`unexpected line in nvidia-smi GPU id list: "${line}"`);
    return { index: Number(match[1]), uuid: match[2]! };
  });
}

export interface PowerSample {
  /** Milliseconds since the Unix epoch (UTC when nvidia-smi ran with NVIDIA_SMI_ENV). */
  atMs: number;
  watts: number;
}

export interface ParsedPowerCsv {
  /** In time order. */
  samples: PowerSample[];
  /** Lines whose reading was unavailable: "[N/A]", "[Not Supported]", "[Unknown Error]", … */
  skipped: number;
  /** Lines that were not "timestamp, number" at all (e.g. the last line cut short when nvidia-smi was stopped). */
  malformed: number;
}

const TIMESTAMP = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const WATTS = /^(\d+(?:\.\d+)?)(?: W)?$/;

/** "2024/05/01 12:00:00.123" read as UTC, in epoch milliseconds; null if it is not in that format. */
export function parseNvidiaSmiTimestamp(text: string): number | null {
  const match = TIMESTAMP.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction = ""] = match;
  const wholeMs = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  return wholeMs + (fraction === "" ? 0 : Number(`0.${fraction}`) * 1000);
}

export function parseNvidiaSmiPowerCsv(text: string): ParsedPowerCsv {
  const samples: PowerSample[] = [];
  let skipped = 0;
  let malformed = 0;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "") continue;
    const fields = line.split(",").map((field) => field.trim());
    const atMs = fields.length === 2 ? parseNvidiaSmiTimestamp(fields[0] as string) : null;
    const reading = fields[1] ?? "";
    if (atMs === null) {
      malformed += 1;
    } else if (/^\[.*\]$/.test(reading)) {
      skipped += 1;
    } else {
      const watts = WATTS.exec(reading);
      if (watts) samples.push({ atMs, watts: Number(watts[1]) });
      else malformed += 1;
    }
  }
  samples.sort((a, b) => a.atMs - b.atMs);
  return { samples, skipped, malformed };
}

export interface IntegrateOptions {
  /** Gaps between consecutive samples longer than this count as uncovered. Default 500 ms: 5 missed 100 ms samples. */
  maxGapMs?: number;
  /** Below this covered fraction of the window we refuse (null). Default 0.95. */
  minCoverage?: number;
}

export interface IntegratedEnergy {
  joules: number;
  /** Samples that shaped the integral: those inside the window plus the two neighbours interpolated at its edges. */
  samplesUsed: number;
  /** Fraction of the window not lying in a gap longer than maxGapMs (1 = sampled throughout). */
  coverage: number;
}

function interpolateWatts(before: PowerSample, after: PowerSample, atMs: number): number {
  if (after.atMs === before.atMs) return before.watts;
  return before.watts + ((after.watts - before.watts) * (atMs - before.atMs)) / (after.atMs - before.atMs);
}

/**
 * Energy in [startMs, endMs] by the trapezoidal rule on the power samples, with the power at each edge linearly
 * interpolated between the samples around it so that only the window is counted. Returns null when there is no
 * sample at or before startMs or none at or after endMs (extrapolating would invent the edges), or when gaps leave
 * less than minCoverage of the window sampled.
 */
export function integrateJoules(
  samples: readonly PowerSample[],
  startMs: number,
  endMs: number,
  options: IntegrateOptions = {},
): IntegratedEnergy | null {
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs <= startMs) {
    throw new RangeError(`integrateJoules: the window must end after it starts (got ${startMs} → ${endMs})`);
  }
  const maxGapMs = options.maxGapMs ?? 500;
  const minCoverage = options.minCoverage ?? 0.95;
  const sorted = [...samples].sort((a, b) => a.atMs - b.atMs);

  let first = -1; // last sample at or before the start
  for (let index = 0; index < sorted.length && (sorted[index] as PowerSample).atMs <= startMs; index += 1)
    first = index;
  const last = sorted.findIndex((sample) => sample.atMs >= endMs); // first sample at or after the end
  if (first === -1 || last === -1) return null;

  // used[0] ≤ startMs < used[1] … used[n−2] < endMs ≤ used[n−1]: every interval overlaps the window.
  const used = sorted.slice(first, last + 1);
  const points: PowerSample[] = [];
  let uncoveredMs = 0;
  for (let index = 0; index + 1 < used.length; index += 1) {
    const left = used[index] as PowerSample;
    const right = used[index + 1] as PowerSample;
    const from = Math.max(left.atMs, startMs);
    const to = Math.min(right.atMs, endMs);
    if (right.atMs - left.atMs > maxGapMs) uncoveredMs += to - from;
    if (points.length === 0) points.push({ atMs: from, watts: interpolateWatts(left, right, from) });
    points.push({ atMs: to, watts: interpolateWatts(left, right, to) });
  }

  let joules = 0;
  for (let index = 0; index + 1 < points.length; index += 1) {
    const left = points[index] as PowerSample;
    const right = points[index + 1] as PowerSample;
    joules += ((left.watts + right.watts) / 2) * ((right.atMs - left.atMs) / 1000);
  }
  const coverage = 1 - uncoveredMs / (endMs - startMs);
  if (coverage < minCoverage) return null;
  return { joules, samplesUsed: used.length, coverage };
}

export interface NvidiaGpu {
  name: string;
  /** memory.total in bytes (nvidia-smi reports MiB), or null when it says "[N/A]". */
  memoryTotalBytes: number | null;
  driverVersion: string;
}

/**
 * Parses `nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader`, one GPU per line, e.g.
 * "NVIDIA H100 80GB HBM3, 81559 MiB, 580.159.04". "No devices were found" means an empty list; anything else that
 * is not three fields is an error, because a half-understood GPU list must not let a host pass the GPU profile check.
 */
export function parseNvidiaSmiGpuList(text: string): NvidiaGpu[] {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  if (lines.length === 1 && /^No devices were found/i.test(lines[0] as string)) return [];
  return lines.map((line) => {
    const fields = line.split(",").map((field) => field.trim());
    const driverVersion = fields.pop();
    const memory = fields.pop();
    const name = fields.join(", ");
    if (driverVersion === undefined || memory === undefined || name === "" || !/^\d[\d.]*$/.test(driverVersion)) {
      throw new Error(`unexpected line in nvidia-smi GPU list: "${line}"`);
    }
    const mebibytes = /^(\d+)(?: MiB)?$/.exec(memory);
    if (!mebibytes && !/^\[.*\]$/.test(memory)) {
      throw new Error(`unexpected memory.total "${memory}" in nvidia-smi GPU list`);
    }
    return { name, memoryTotalBytes: mebibytes ? Number(mebibytes[1]) * 2 ** 20 : null, driverVersion };
  });
}
