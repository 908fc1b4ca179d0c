/**
 * The meter reads the counters the profile fixes at the child's pass edges, for the pinned cores' package only
 * (a recorded powercap tree with a fake CPU topology: this host has no RAPL).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EnergyMeter } from "./energy-meter";

const fixtureRoot = path.join(import.meta.dirname, "..", "measure", "fixtures", "powercap");
const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function hostTree() {
  const root = mkdtempSync(path.join(os.tmpdir(), "joulebench-meter-"));
  folders.push(root);
  const powercap = path.join(root, "powercap");
  cpSync(fixtureRoot, powercap, { recursive: true });
  for (const [core, pkg] of [
    [0, 0],
    [1, 1],
  ] as const) {
    mkdirSync(path.join(root, "cpu", `cpu${core}`, "topology"), { recursive: true });
    writeFileSync(path.join(root, "cpu", `cpu${core}`, "topology", "physical_package_id"), `${pkg}\n`);
  }
  const setEnergy = (zone: string, microjoules: number) =>
    writeFileSync(path.join(powercap, zone, "energy_uj"), `${microjoules}\n`);
  return { powercap, cpu: path.join(root, "cpu"), setEnergy };
}

const child = {
  wallMs: 1000,
  cpuMicros: 900_000,
  inferences: 10,
  runQueueDelayNs: 1_000,
  involuntaryContextSwitches: 2,
};

describe("EnergyMeter with RAPL", () => {
  it("charges each pass the energy of the pinned core's package between its edges, and records the child's interference", async () => {
    const host = hostTree();
    const meter = new EnergyMeter({
      hostMethod: "measured-rapl",
      gpuUuid: null,
      cores: [1],
      powercapRoot: host.powercap,
      cpuTopologyRoot: host.cpu,
    });
    meter.start();
    meter.passStarted("idle", 1);
    host.setEnergy("intel-rapl:1", 51220987433 + 2_000_000); // package 1: +2 J
    host.setEnergy("intel-rapl:0", 43187539012 + 50_000_000); // package 0 (another tenant): +50 J, not ours
    meter.passEnded("idle", 1, { ...child, inferences: 0 });
    meter.passStarted("throughput", 1);
    host.setEnergy("intel-rapl:1", 51220987433 + 9_000_000); // +7 J
    meter.passEnded("throughput", 1, child);
    await meter.stop();
    expect(meter.windows.map((window) => [window.pass, window.raplJoules])).toEqual([
      ["idle", expect.closeTo(2, 9)],
      ["throughput", expect.closeTo(7, 9)],
    ]);
    expect(meter.windows[1]).toMatchObject({
      block: 1,
      cpuMicros: 900_000,
      runQueueDelayNs: 1_000,
      involuntaryContextSwitches: 2,
    });
    expect(meter.windows[1]!.endMs).toBeGreaterThanOrEqual(meter.windows[1]!.startMs);
  });

  it("will not start where the profile's counters cannot be read, and says why", () => {
    const meter = new EnergyMeter({
      hostMethod: "measured-rapl",
      gpuUuid: null,
      cores: [0],
      powercapRoot: "/nonexistent-powercap",
    });
    expect(() => meter.start()).toThrow(/no powercap tree at \/nonexistent-powercap/);
  });

  it("reads nothing for the estimate: the child's CPU time is all it needs", async () => {
    const meter = new EnergyMeter({ hostMethod: "estimated", gpuUuid: null, cores: [0] });
    meter.start();
    meter.passStarted("latency", 1);
    meter.passEnded("latency", 1, child);
    await meter.stop();
    expect(meter.windows[0]).toMatchObject({ raplJoules: null, gpuJoules: null, cpuMicros: 900_000 });
  });
});

describe("EnergyMeter with NVML", () => {
  it("samples the profile's GPU by UUID and integrates its power over each window on nvidia-smi's wall clock", async () => {
    // A stand-in for nvidia-smi on PATH: it records its arguments and prints "timestamp, watts" lines as the real one
    // does with TZ=UTC (wall-clock UTC, e.g. "2026/11/30 13:52:40.123, 100.00"), every 20 ms at a steady 100 W.
    const dir = mkdtempSync(path.join(os.tmpdir(), "joulebench-nvidia-smi-"));
    folders.push(dir);
    const argsFile = path.join(dir, "args.txt");
    writeFileSync(
      path.join(dir, "nvidia-smi"),
      `#!${process.execPath}\n` +
        `require("fs").writeFileSync(${JSON.stringify(argsFile)}, process.argv.slice(2).join(" "));\n` +
        `const stamp = () => new Date().toISOString().replace("T", " ").replace("Z", "").replaceAll("-", "/");\n` +
        `setInterval(() => process.stdout.write(stamp() + ", 100.00\\n"), 20);\n`,
      { mode: 0o755 },
    );
    const originalPath = process.env.PATH;
    process.env.PATH = `${dir}:${originalPath}`;
    try {
      const uuid = "GPU-5e6c2f3a-1b2c-4d5e-8f90-123456789abc";
      const meter = new EnergyMeter({ hostMethod: "estimated", gpuUuid: uuid, cores: [0] });
      meter.start();
      // a sample must precede the window: wait until the stand-in has started (event-driven, not a fixed guess)
      for (let waited = 0; !existsSync(argsFile) && waited < 30_000; waited += 50)
        await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise((resolve) => setTimeout(resolve, 200));
      meter.passStarted("throughput", 1);
      await new Promise((resolve) => setTimeout(resolve, 600));
      meter.passEnded("throughput", 1, child);
      await meter.stop();
      const [window] = meter.windows;
      const seconds = (window!.endMs - window!.startMs) / 1000;
      expect(window!.gpuJoules, "the window must be covered by samples").not.toBeNull();
      // 100 W over the window, whatever its exact length on a loaded machine
      expect(window!.gpuJoules! / seconds).toBeGreaterThan(90);
      expect(window!.gpuJoules! / seconds).toBeLessThan(110);
      expect(readFileSync(argsFile, "utf8")).toContain(`--id=${uuid}`);
    } finally {
      process.env.PATH = originalPath;
    }
  });
});
