/**
 * Energy of a window estimated from CPU time and memory, for profiles whose method is the estimate. It follows
 * CodeCarbon's "process" tracking mode (https://mlco2.github.io/codecarbon/methodology.html; the code is
 * codecarbon/external/hardware.py, CPU._get_power_from_cpu_load with tracking_mode "process"), exactly for the CPU
 * and with one named difference for memory:
 *
 * CPU, as CodeCarbon: power = TDP × (CPU time / wall time) / logical CPUs, CPU time being user + system of the
 * tracked process and its children and the CPU count psutil.cpu_count(), i.e. logical CPUs (hardware threads). Over a
 * window that is energy = cpuSeconds × TDP / logicalCpus. (Before protocol 2026.11-3 we divided by physical cores,
 * which doubled every estimate on an SMT host.) A loaded core draws less than its share on some parts and more under
 * turbo; the error is the same for every submission on a profile, which is what a ranking needs.
 *
 * RAM, CodeCarbon v2's model (3 W per 8 GB, after Crucial) on the process's memory, GB being 1024³ bytes as
 * CodeCarbon's B_TO_GB. The named difference: CodeCarbon samples RSS every 15 s; we charge the child's peak RSS over
 * the whole window, because the child's windows last seconds and its memory stays powered between queries.
 * (CodeCarbon v3 moved to 5 W per DIMM for the whole machine, which cannot be split per process.)
 *
 * Facility (PUE) is not applied here: compose-energy.ts multiplies every method's figures by the profile's PUE alike.
 */

/** CodeCarbon v2: "3 watts of power for every 8GB of DDR3 or DDR4 memory". */
export const CODECARBON_RAM_WATTS_PER_GB = 3 / 8;
/** CodeCarbon's GB: B_TO_GB = 1024 * 1024 * 1024 (codecarbon/external/hardware.py). */
export const BYTES_PER_GB = 1024 ** 3;
export const JOULES_PER_WH = 3600;

/** The subset of a hardware profile's energy model that the estimate needs. */
export interface EnergyModelConstants {
  cpuTdpWatts: number;
  /** Logical CPUs (hardware threads) sharing that TDP, as CodeCarbon's psutil.cpu_count(). */
  cpuLogicalCount: number;
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
  /** cpuJoules + ramJoules: IT energy, before any PUE. */
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
  const { cpuTdpWatts, cpuLogicalCount, ramWattsPerGb, pue } = profileConstants;
  assertNonNegative(cpuTdpWatts, "cpuTdpWatts");
  assertNonNegative(ramWattsPerGb, "ramWattsPerGb");
  if (!Number.isInteger(cpuLogicalCount) || cpuLogicalCount < 1) {
    throw new RangeError(`cpuLogicalCount must be a positive integer, got ${cpuLogicalCount}`);
  }
  if (!Number.isFinite(pue) || pue < 1) {
    throw new RangeError(`pue must be at least 1 (facility energy ≥ IT energy), got ${pue}`);
  }

  const cpuJoules = cpuSeconds * (cpuTdpWatts / cpuLogicalCount);
  const ramJoules = ramWattsPerGb * (peakRssBytes / BYTES_PER_GB) * wallSeconds;
  return { joules: cpuJoules + ramJoules, cpuJoules, ramJoules, method: "estimated" };
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
