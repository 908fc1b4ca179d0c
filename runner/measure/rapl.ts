/**
 * CPU package and DRAM energy from Intel RAPL (Running Average Power Limit) counters, read through Linux's powercap
 * sysfs interface (https://www.kernel.org/doc/html/latest/power/powercap/powercap.html). AMD Zen processors expose
 * their RAPL counters through the same "intel-rapl" driver since Linux 5.8.
 *
 * What we count, per socket N:
 * - `intel-rapl:N` whose name is `package-N` (or `package-N-die-M` on multi-die parts): the whole package — cores,
 *   caches, uncore, integrated memory controller.
 * - its subzone `intel-rapl:N:M` whose name is `dram`: the DIMMs on that socket, which sit outside the package.
 * What we skip:
 * - subzones `core` (PP0) and `uncore` (PP1): they are parts of the package domain (Intel SDM vol. 3B, "RAPL
 *   Interfaces": PP0 and PP1 are sub-domains of PKG), so adding them to the package would count that energy twice.
 * - `psys` (client platforms): the whole SoC/platform, which contains the package: again double counting.
 * - `intel-rapl-mmio:N`: the same package counter exposed a second time through MMIO on some Intel parts.
 *
 * Reads are synchronous on purpose: a snapshot brackets a measured window, and an await would let unrelated event
 * loop work slip in between the counter read and the timestamp.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export const DEFAULT_POWERCAP_ROOT = "/sys/class/powercap";

export interface RaplZoneReading {
  /** The powercap zone directory, e.g. "intel-rapl:0" or "intel-rapl:0:1". */
  id: string;
  /** The zone's `name` file: "package-0", "dram", … */
  name: string;
  energyUj: number;
  /** The counter wraps to 0 after this many microjoules. */
  maxEnergyRangeUj: number;
}

export interface RaplSnapshot {
  zones: RaplZoneReading[];
  /** Milliseconds since the Unix epoch, from a monotonic clock (see defaultClock). */
  at: number;
}

export interface RaplZoneEnergy {
  id: string;
  name: string;
  joules: number;
}

export interface RaplEnergy {
  joules: number;
  seconds: number;
  zones: RaplZoneEnergy[];
}

// performance.timeOrigin + performance.now() reads like Date.now() (so it lines up with nvidia-smi's wall-clock
// timestamps) but never steps backwards when NTP adjusts the system clock during a run.
export const defaultClock = (): number => performance.timeOrigin + performance.now();

const PACKAGE_ZONE = /^intel-rapl:(\d+)$/;
const SUBZONE = /^intel-rapl:(\d+):(\d+)$/;

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM") {
      // Since the PLATYPUS side channel (CVE-2020-8694) Linux makes energy_uj readable by root only
      // (commit 949dd0104c49, "powercap: restrict energy meter to root access", in 5.10 and stable kernels).
      throw new Error(`cannot read ${file}: permission denied (energy_uj is root-only on Linux ≥ 5.10; meter as root)`);
    }
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
}

function readMicrojoules(file: string): number {
  const text = readText(file);
  if (!/^\d+$/.test(text)) throw new Error(`${file} should hold a whole number of microjoules, found "${text}"`);
  return Number(text);
}

function isDirectory(candidate: string): boolean {
  try {
    return statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}

function zoneNumbers(id: string): number[] {
  return id.replace("intel-rapl:", "").split(":").map(Number);
}

function compareZoneIds(a: string, b: string): number {
  const left = zoneNumbers(a);
  const right = zoneNumbers(b);
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const difference = (left[index] ?? -1) - (right[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * The zone directories we count, in a stable order (package, then its dram). /sys/class/powercap lists every zone
 * flat (symlinks `intel-rapl:0`, `intel-rapl:0:0`, …) while each package directory also holds its subzones; we look
 * in both places so that a copied or mounted tree of either shape works.
 */
function countedZoneDirectories(root: string): { id: string; name: string; directory: string }[] {
  if (!isDirectory(root)) {
    throw new Error(`no powercap tree at ${root} (needs Linux with the intel_rapl driver; VMs rarely have it)`);
  }
  const topLevel = readdirSync(root);
  const packages = topLevel
    .filter((entry) => PACKAGE_ZONE.test(entry) && isDirectory(path.join(root, entry)))
    .map((id) => ({ id, name: readText(path.join(root, id, "name")), directory: path.join(root, id) }))
    .filter((zone) => zone.name.startsWith("package-"));

  const zones: { id: string; name: string; directory: string }[] = [...packages];
  const seen = new Set<string>();
  for (const parent of packages) {
    const candidates = [
      ...topLevel.filter((entry) => SUBZONE.test(entry)).map((id) => ({ id, directory: path.join(root, id) })),
      ...readdirSync(parent.directory)
        .filter((entry) => SUBZONE.test(entry))
        .map((id) => ({ id, directory: path.join(parent.directory, id) })),
    ];
    for (const candidate of candidates) {
      if (!candidate.id.startsWith(`${parent.id}:`) || seen.has(candidate.id) || !isDirectory(candidate.directory))
        continue;
      seen.add(candidate.id);
      const name = readText(path.join(candidate.directory, "name"));
      if (name === "dram") zones.push({ id: candidate.id, name, directory: candidate.directory });
    }
  }
  return zones.sort((a, b) => compareZoneIds(a.id, b.id));
}

/** The physical package number of a package zone's name: "package-1" and "package-1-die-0" are package 1. */
function packageOfZoneName(name: string): number | null {
  const match = /^package-(\d+)/.exec(name);
  return match ? Number(match[1]) : null;
}

/**
 * Reads the counted zones' energy counters, then stamps the time. With `packages`, only those physical packages
 * (and their DRAM) are read: a child pinned to cores of package 0 is not charged for package 1's idle and tenants.
 * Throws with the reason when it cannot.
 */
export function readRaplSnapshot(
  root: string = DEFAULT_POWERCAP_ROOT,
  clock: () => number = defaultClock,
  packages?: ReadonlySet<number>,
): RaplSnapshot {
  const all = countedZoneDirectories(root);
  const packageOf = new Map(
    all.filter((zone) => packageOfZoneName(zone.name) !== null).map((zone) => [zone.id, packageOfZoneName(zone.name)!]),
  );
  const wanted = packages
    ? all.filter((zone) => {
        const parentId = zone.id.split(":").slice(0, 2).join(":");
        const number = packageOf.get(parentId);
        return number !== undefined && packages.has(number);
      })
    : all;
  if (packages && wanted.length === 0)
    throw new Error(`no RAPL package zone under ${root} for package(s) ${[...packages].join(", ")}`);
  const zones = wanted.map(({ id, name, directory }) => ({
    id,
    name,
    energyUj: readMicrojoules(path.join(directory, "energy_uj")),
    maxEnergyRangeUj: readMicrojoules(path.join(directory, "max_energy_range_uj")),
  }));
  if (zones.length === 0) throw new Error(`no RAPL package zone under ${root}`);
  return { zones, at: clock() };
}

/**
 * Energy between two snapshots, summed over zones. Each counter is unsigned and wraps to 0 after
 * max_energy_range_uj ("Range of the above energy counter in micro-joules", kernel powercap docs above), so a
 * reading lower than the one before means one wrap: after + range − before. (The hardware counter actually wraps at
 * range + one energy unit, ~61 µJ; negligible.) Two wraps cannot be told from one, so snapshots must be closer in
 * time than range / peak power: about 20 minutes for 262 kJ at 200 W.
 */
export function raplJoulesBetween(before: RaplSnapshot, after: RaplSnapshot): RaplEnergy {
  if (after.at < before.at) throw new RangeError("raplJoulesBetween: the second snapshot was taken before the first");
  const beforeById = new Map(before.zones.map((zone) => [zone.id, zone]));
  if (before.zones.length !== after.zones.length || after.zones.some((zone) => !beforeById.has(zone.id))) {
    const ids = (snapshot: RaplSnapshot) => snapshot.zones.map((zone) => zone.id).join(", ");
    throw new Error(`raplJoulesBetween: the snapshots read different zones ([${ids(before)}] vs [${ids(after)}])`);
  }
  const zones = after.zones.map((zone) => {
    const start = (beforeById.get(zone.id) as RaplZoneReading).energyUj;
    const microjoules = zone.energyUj >= start ? zone.energyUj - start : zone.energyUj + zone.maxEnergyRangeUj - start;
    return { id: zone.id, name: zone.name, joules: microjoules / 1e6 };
  });
  return {
    joules: zones.reduce((sum, zone) => sum + zone.joules, 0),
    seconds: (after.at - before.at) / 1000,
    zones,
  };
}

/**
 * Whether RAPL can be read here: the powercap tree exists, has a package zone, and its counters are readable. When
 * it cannot, the reason (no tree, permission denied, …) comes back so the refusal can say it.
 */
export function raplReadable(root: string = DEFAULT_POWERCAP_ROOT): { ok: true } | { ok: false; reason: string } {
  try {
    readRaplSnapshot(root);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

export function raplAvailable(root: string = DEFAULT_POWERCAP_ROOT): boolean {
  return raplReadable(root).ok;
}

/**
 * The physical packages holding the given cores, from /sys/devices/system/cpu/cpuN/topology/physical_package_id
 * (Documentation/ABI/stable/sysfs-devices-system-cpu). Throws when a core's topology cannot be read.
 */
export function packagesOfCores(cores: readonly number[], cpuRoot = "/sys/devices/system/cpu"): Set<number> {
  const packages = new Set<number>();
  for (const core of cores) {
    const text = readText(path.join(cpuRoot, `cpu${core}`, "topology", "physical_package_id"));
    if (!/^\d+$/.test(text)) throw new Error(`cpu${core}'s physical_package_id is "${text}"`);
    packages.add(Number(text));
  }
  return packages;
}

/**
 * RAPL counters read at least every `RAPL_MAX_READ_INTERVAL_MS`, with the energy since the first read accumulated
 * per zone. One read between two wraps is all raplJoulesBetween can untangle; a package at 200 W wraps a 262 kJ
 * counter every ~22 minutes, and some parts have a 65 kJ range (~5 minutes at 200 W), so reading every 60 s or
 * sooner keeps every interval well inside one wrap however long a pass runs.
 */
export const RAPL_MAX_READ_INTERVAL_MS = 60_000;

export class RaplAccumulator {
  private last: RaplSnapshot;
  private joulesSoFar = 0;

  constructor(
    private readonly root: string = DEFAULT_POWERCAP_ROOT,
    private readonly packages?: ReadonlySet<number>,
    private readonly clock: () => number = defaultClock,
  ) {
    this.last = readRaplSnapshot(root, clock, packages);
  }

  /** Reads the counters now and returns the joules counted since construction. */
  read(): number {
    const now = readRaplSnapshot(this.root, this.clock, this.packages);
    this.joulesSoFar += raplJoulesBetween(this.last, now).joules;
    this.last = now;
    return this.joulesSoFar;
  }
}
