import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  packagesOfCores,
  RaplAccumulator,
  raplAvailable,
  raplJoulesBetween,
  raplReadable,
  readRaplSnapshot,
  type RaplSnapshot,
} from "./rapl";

// fixtures/powercap mirrors `ls /sys/class/powercap` on a two-socket server: the control type `intel-rapl`,
// packages `intel-rapl:0` and `intel-rapl:1`, and package 0's subzones `intel-rapl:0:0` (core, must be ignored)
// and `intel-rapl:0:1` (dram).
const fixtureRoot = path.join(import.meta.dirname, "fixtures", "powercap");
const PACKAGE_RANGE_UJ = 262143328850;
const DRAM_RANGE_UJ = 65712999613;

const temporaryDirectories: string[] = [];
afterEach(() => {
  for (const directory of temporaryDirectories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function temporaryCopy(): string {
  const root = path.join(mkdtempSync(path.join(tmpdir(), "joulebench-powercap-")), "powercap");
  temporaryDirectories.push(path.dirname(root));
  cpSync(fixtureRoot, root, { recursive: true });
  return root;
}

function writeZone(
  root: string,
  id: string,
  values: { name?: string; energyUj?: number | string; rangeUj?: number },
): void {
  const directory = path.join(root, id);
  mkdirSync(directory, { recursive: true });
  if (values.name !== undefined) writeFileSync(path.join(directory, "name"), `${values.name}\n`);
  if (values.energyUj !== undefined) writeFileSync(path.join(directory, "energy_uj"), `${values.energyUj}\n`);
  if (values.rangeUj !== undefined) writeFileSync(path.join(directory, "max_energy_range_uj"), `${values.rangeUj}\n`);
}

describe("readRaplSnapshot", () => {
  it("reads both packages and the dram subzone, and leaves the core subzone out", () => {
    const snapshot = readRaplSnapshot(fixtureRoot, () => 1234.5);
    expect(snapshot).toEqual({
      at: 1234.5,
      zones: [
        { id: "intel-rapl:0", name: "package-0", energyUj: 43187539012, maxEnergyRangeUj: PACKAGE_RANGE_UJ },
        { id: "intel-rapl:0:1", name: "dram", energyUj: 9034712556, maxEnergyRangeUj: DRAM_RANGE_UJ },
        { id: "intel-rapl:1", name: "package-1", energyUj: 51220987433, maxEnergyRangeUj: PACKAGE_RANGE_UJ },
      ],
    });
  });

  it("ignores psys, uncore and the duplicate MMIO package zone", () => {
    const root = temporaryCopy();
    writeZone(root, "intel-rapl:2", { name: "psys", energyUj: 5, rangeUj: PACKAGE_RANGE_UJ });
    writeZone(root, "intel-rapl:0:2", { name: "uncore", energyUj: 5, rangeUj: PACKAGE_RANGE_UJ });
    writeZone(root, "intel-rapl-mmio:0", { name: "package-0", energyUj: 5, rangeUj: PACKAGE_RANGE_UJ });
    expect(readRaplSnapshot(root).zones.map((zone) => zone.id)).toEqual([
      "intel-rapl:0",
      "intel-rapl:0:1",
      "intel-rapl:1",
    ]);
  });

  it("finds a dram subzone nested inside its package directory, counted once", () => {
    const root = path.join(mkdtempSync(path.join(tmpdir(), "joulebench-powercap-")), "powercap");
    temporaryDirectories.push(path.dirname(root));
    writeZone(root, "intel-rapl:0", { name: "package-0", energyUj: 100, rangeUj: PACKAGE_RANGE_UJ });
    writeZone(root, "intel-rapl:0/intel-rapl:0:0", { name: "dram", energyUj: 7, rangeUj: DRAM_RANGE_UJ });
    // the flat alias of the same subzone, as /sys/class/powercap has it
    writeZone(root, "intel-rapl:0:0", { name: "dram", energyUj: 7, rangeUj: DRAM_RANGE_UJ });
    expect(readRaplSnapshot(root).zones.map((zone) => [zone.id, zone.energyUj])).toEqual([
      ["intel-rapl:0", 100],
      ["intel-rapl:0:0", 7],
    ]);
  });

  it("explains a counter that does not hold a number", () => {
    const root = temporaryCopy();
    writeZone(root, "intel-rapl:1", { energyUj: "not-a-number" });
    expect(() => readRaplSnapshot(root)).toThrow(/intel-rapl:1\/energy_uj should hold a whole number/);
  });
});

describe("raplJoulesBetween", () => {
  it("sums package and dram energy, with a package counter wrapping between the snapshots", () => {
    const root = temporaryCopy();
    writeZone(root, "intel-rapl:0", { energyUj: 262143000000 }); // 328 850 µJ short of the range
    const before = readRaplSnapshot(root, () => 10_000);

    writeZone(root, "intel-rapl:0", { energyUj: 500000000 }); // wrapped: 328 850 + 500 000 000 µJ later
    writeZone(root, "intel-rapl:0:0", { energyUj: 18472203311 + 300_000_000 }); // core: must not be added
    writeZone(root, "intel-rapl:0:1", { energyUj: 9034712556 + 6_000_000 }); // dram: +6 J
    writeZone(root, "intel-rapl:1", { energyUj: 51220987433 + 100_000_000 }); // package-1: +100 J
    const after = readRaplSnapshot(root, () => 12_500);

    const energy = raplJoulesBetween(before, after);
    expect(energy.zones).toEqual([
      { id: "intel-rapl:0", name: "package-0", joules: 500.32885 },
      { id: "intel-rapl:0:1", name: "dram", joules: 6 },
      { id: "intel-rapl:1", name: "package-1", joules: 100 },
    ]);
    expect(energy.joules).toBeCloseTo(606.32885, 9);
    expect(energy.seconds).toBe(2.5);
  });

  it("wraps the dram counter with its own, smaller range", () => {
    const zone = { id: "intel-rapl:0:1", name: "dram", maxEnergyRangeUj: DRAM_RANGE_UJ };
    const before: RaplSnapshot = { at: 0, zones: [{ ...zone, energyUj: DRAM_RANGE_UJ - 1_000_000 }] };
    const after: RaplSnapshot = { at: 1000, zones: [{ ...zone, energyUj: 2_000_000 }] };
    expect(raplJoulesBetween(before, after).joules).toBeCloseTo(3, 12);
  });

  it("refuses snapshots of different zones or in the wrong order", () => {
    const snapshot = readRaplSnapshot(fixtureRoot, () => 5);
    const fewer: RaplSnapshot = { at: 6, zones: snapshot.zones.slice(1) };
    expect(() => raplJoulesBetween(snapshot, fewer)).toThrow(/different zones/);
    expect(() => raplJoulesBetween(snapshot, { ...snapshot, at: 4 })).toThrow(/before the first/);
  });
});

describe("raplAvailable", () => {
  it("is true for a readable tree", () => {
    expect(raplAvailable(fixtureRoot)).toBe(true);
  });

  it("is false when the powercap directory is missing or holds no package zone", () => {
    expect(raplAvailable(path.join(fixtureRoot, "does-not-exist"))).toBe(false);
    const empty = mkdtempSync(path.join(tmpdir(), "joulebench-powercap-"));
    temporaryDirectories.push(empty);
    expect(raplAvailable(empty)).toBe(false);
  });

  it("is false when energy_uj cannot be read", () => {
    const root = temporaryCopy();
    rmSync(path.join(root, "intel-rapl:1", "energy_uj"));
    mkdirSync(path.join(root, "intel-rapl:1", "energy_uj")); // reading a directory fails (EISDIR), even as root
    expect(raplAvailable(root)).toBe(false);
  });

  // Root reads a mode-000 file anyway, so this case can only be exercised as an ordinary user.
  it.skipIf(process.getuid?.() === 0)("is false when energy_uj is root-only and we are not root", () => {
    const root = temporaryCopy();
    chmodSync(path.join(root, "intel-rapl:0", "energy_uj"), 0o000);
    expect(raplAvailable(root)).toBe(false);
    expect(() => readRaplSnapshot(root)).toThrow(/permission denied/);
  });
});

/** A fake /sys/devices/system/cpu: cores 0–1 on package 0, cores 2–3 on package 1. */
function cpuTopology(): string {
  const root = mkdtempSync(path.join(tmpdir(), "joulebench-cpu-"));
  temporaryDirectories.push(root);
  for (const [core, pkg] of [
    [0, 0],
    [1, 0],
    [2, 1],
    [3, 1],
  ] as const) {
    mkdirSync(path.join(root, `cpu${core}`, "topology"), { recursive: true });
    writeFileSync(path.join(root, `cpu${core}`, "topology", "physical_package_id"), `${pkg}\n`);
  }
  return root;
}

describe("RAPL for the pinned cores' packages only", () => {
  it("finds the packages holding the pinned cores", () => {
    const topology = cpuTopology();
    expect([...packagesOfCores([0, 1], topology)]).toEqual([0]);
    expect([...packagesOfCores([1, 2], topology)].sort()).toEqual([0, 1]);
    expect(() => packagesOfCores([9], topology)).toThrow(/cpu9/);
  });

  it("reads package 0 and its dram, not package 1, for a child pinned to package 0", () => {
    const root = temporaryCopy();
    const before = readRaplSnapshot(root, () => 0, new Set([0]));
    expect(before.zones.map((zone) => zone.id)).toEqual(["intel-rapl:0", "intel-rapl:0:1"]);
    writeZone(root, "intel-rapl:0", { energyUj: 43187539012 + 5_000_000 }); // +5 J
    writeZone(root, "intel-rapl:1", { energyUj: 51220987433 + 900_000_000 }); // another tenant's 900 J
    expect(
      raplJoulesBetween(
        before,
        readRaplSnapshot(root, () => 1000, new Set([0])),
      ).joules,
    ).toBeCloseTo(5, 9);
    expect(() => readRaplSnapshot(root, () => 0, new Set([7]))).toThrow(/no RAPL package zone .* package\(s\) 7/);
  });
});

describe("RaplAccumulator", () => {
  it("keeps counting across two counter wraps when read between them, which one pair of snapshots could not", () => {
    const root = temporaryCopy();
    const range = PACKAGE_RANGE_UJ;
    writeZone(root, "intel-rapl:0", { energyUj: range - 1_000_000 }); // 1 J before the wrap
    const meter = new RaplAccumulator(root, new Set([0]));
    writeZone(root, "intel-rapl:0", { energyUj: range - 2_000_000 }); // wrapped once: range − 1 J later
    expect(meter.read()).toBeCloseTo((range - 1_000_000) / 1e6, 6);
    writeZone(root, "intel-rapl:0", { energyUj: range - 3_000_000 }); // and once more
    expect(meter.read()).toBeCloseTo((2 * range - 2_000_000) / 1e6, 6);
    // A single before/after pair sees only "1 J lower": one wrap, range − 2 J, half the truth.
  });
});

describe("raplReadable", () => {
  it("gives the reason RAPL cannot be read, for the profile check to quote", () => {
    const result = raplReadable(path.join(fixtureRoot, "does-not-exist"));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/no powercap tree/);
  });
});
