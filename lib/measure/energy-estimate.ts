/**
 * Energy of a run estimated from CPU time and memory, for hosts with no readable energy counter (no RAPL: most
 * VMs, containers without root, macOS). It follows CodeCarbon's method
 * (https://mlco2.github.io/codecarbon/methodology.html), restricted to the one sandboxed process we measure:
 *
 * CPU. Without counters CodeCarbon looks up the CPU's TDP and then either assumes the machine draws 50% of it, or
 * scales it by the machine-wide CPU load, or, in its "process" tracking mode, by the process's CPU time relative to
 * the total CPU capacity. The first two charge a submission for whatever else runs on the host and for the idle
 * cores of a large server; the third does not, and is the same for every submission on the same profile. So:
 *   cpuJoules = cpuSeconds × (TDP / coreCount)
 * — each core-second the model used costs one core's share of the package's TDP. (A loaded core draws less than
 * TDP/cores on some parts and more under turbo; the error is the same for every submission, which is what a
 * ranking needs. Measured RAPL energy always takes precedence.)
 *
 * RAM. CodeCarbon v2 charges 3 W per 8 GB (0.375 W/GB, after Crucial's "how much power does memory use"), applied to
 * the process's resident memory in process mode, GB being 10⁹ bytes (codecarbon/external/hardware.py,
 * RAM.process_memory_GB). We use the peak RSS for the whole wall time: memory stays powered while the model idles
 * between queries. (CodeCarbon v3 moved to 5 W per DIMM for the whole machine, which cannot be split per process.)
 *
 * Facility. The IT energy is multiplied by the profile's PUE (power usage effectiveness = facility / IT energy).
 */

/** CodeCarbon v2: "3 watts of power for every 8GB of DDR3 or DDR4 memory". */
export const CODECARBON_RAM_WATTS_PER_GB = 3 / 8;
/** CodeCarbon's GB, as in psutil RSS / 1e9. */
export const BYTES_PER_GB = 1e9;
export const JOULES_PER_WH = 3600;

/** The subset of a hardware profile's energy model that the estimate needs. */
export interface EnergyModelConstants {
  cpuTdpWatts: number;
  /** Physical cores sharing that TDP. */
  cpuCoreCount: number;
  ramWattsPerGb: number;
  pue: number;
}

export interface EnergyEstimateInput {
  /** User + system CPU time of the measured process, over all its threads. */
  cpuSeconds: number;
  wallSeconds: number;
  peakRssBytes: number;
  profileConstants: EnergyModelConstants;
}

export interface EnergyEstimate {
  /** (cpuJoules + ramJoules) × PUE. */
  joules: number;
  /** IT-side CPU energy, before PUE. */
  cpuJoules: number;
  /** IT-side memory energy, before PUE. */
  ramJoules: number;
  method: "estimated";
}

function assertNonNegative(value: number, name: string): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative number, got ${value}`);
}

export function estimateEnergy(input: EnergyEstimateInput): EnergyEstimate {
  const { cpuSeconds, wallSeconds, peakRssBytes, profileConstants } = input;
  assertNonNegative(cpuSeconds, "cpuSeconds");
  assertNonNegative(wallSeconds, "wallSeconds");
  assertNonNegative(peakRssBytes, "peakRssBytes");
  const { cpuTdpWatts, cpuCoreCount, ramWattsPerGb, pue } = profileConstants;
  assertNonNegative(cpuTdpWatts, "cpuTdpWatts");
  assertNonNegative(ramWattsPerGb, "ramWattsPerGb");
  if (!Number.isInteger(cpuCoreCount) || cpuCoreCount < 1) {
    throw new RangeError(`cpuCoreCount must be a positive integer, got ${cpuCoreCount}`);
  }
  if (!Number.isFinite(pue) || pue < 1) {
    throw new RangeError(`pue must be at least 1 (facility energy ≥ IT energy), got ${pue}`);
  }

  const cpuJoules = cpuSeconds * (cpuTdpWatts / cpuCoreCount);
  const ramJoules = ramWattsPerGb * (peakRssBytes / BYTES_PER_GB) * wallSeconds;
  return { joules: (cpuJoules + ramJoules) * pue, cpuJoules, ramJoules, method: "estimated" };
}

export interface PerInferenceEnergy {
  joulesPerInference: number;
  /** Watt-hours per 1000 inferences (1 Wh = 3600 J): the unit the leaderboard shows. */
  whPerThousand: number;
}

export function perInference(joules: number, inferences: number): PerInferenceEnergy {
  assertNonNegative(joules, "joules");
  if (!Number.isInteger(inferences) || inferences < 1) {
    throw new RangeError(`inferences must be a positive integer, got ${inferences}`);
  }
  const joulesPerInference = joules / inferences;
  return { joulesPerInference, whPerThousand: (joulesPerInference * 1000) / JOULES_PER_WH };
}

/** Grams of CO₂-equivalent per 1000 inferences: Wh/1000 inferences → kWh, times the grid's g/kWh. */
export function carbonGramsPerThousand(whPerThousand: number, gramsPerKwh: number): number {
  assertNonNegative(whPerThousand, "whPerThousand");
  assertNonNegative(gramsPerKwh, "gramsPerKwh");
  return (whPerThousand / 1000) * gramsPerKwh;
}
