import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  integrateJoules,
  NVIDIA_SMI_ENV,
  nvidiaSmiGpuListArgs,
  nvidiaSmiPowerArgs,
  parseNvidiaSmiGpuList,
  parseNvidiaSmiPowerCsv,
  parseNvidiaSmiTimestamp,
  parseNvidiaSmiGpuIds,
  type PowerSample,
} from "./nvml";

// The fixtures were captured on an NVIDIA H100 80GB HBM3 (driver 580.159.04) by fixtures/capture-nvidia-smi.py:
// ~1 s idle, 1.5 s of bf16 matrix products, ~1 s idle, sampled every 100 ms, with NVML's cumulative energy counter
// read at the load's start and end (capture-window.json).
const fixtures = path.join(import.meta.dirname, "fixtures");
const readFixture = (name: string) => readFileSync(path.join(fixtures, name), "utf8");
const capture = JSON.parse(readFixture("capture-window.json")) as {
  marks: Record<"smiStarted" | "loadStart" | "loadEnd" | "smiStopping", { epochMs: number; energyMj: number }>;
};
const { loadStart, loadEnd, smiStarted, smiStopping } = capture.marks;
const counterJoules = (loadEnd.energyMj - loadStart.energyMj) / 1000; // 1097.417 J

/** A constant or linear power trace sampled every `stepMs` from `fromMs` to `toMs` inclusive. */
function trace(fromMs: number, toMs: number, stepMs: number, watts: (atMs: number) => number): PowerSample[] {
  const samples: PowerSample[] = [];
  for (let atMs = fromMs; atMs <= toMs; atMs += stepMs) samples.push({ atMs, watts: watts(atMs) });
  return samples;
}

describe("nvidia-smi arguments", () => {
  it("asks for timestamped instantaneous power every intervalMs, without header or units", () => {
    expect(nvidiaSmiPowerArgs(100)).toEqual([
      "--query-gpu=timestamp,power.draw.instant",
      "--format=csv,noheader,nounits",
      "-lms",
      "100",
    ]);
    expect(nvidiaSmiPowerArgs(250, { field: "power.draw", gpuIndex: 1 })).toEqual([
      "--query-gpu=timestamp,power.draw",
      "--format=csv,noheader,nounits",
      "-lms",
      "250",
      "--id=1",
    ]);
    expect(NVIDIA_SMI_ENV).toEqual({ TZ: "UTC" });
    expect(() => nvidiaSmiPowerArgs(0)).toThrow(RangeError);
    expect(() => nvidiaSmiPowerArgs(100, { gpuIndex: -1 })).toThrow(RangeError);
  });

  it("lists GPUs by name, memory and driver", () => {
    expect(nvidiaSmiGpuListArgs()).toEqual(["--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"]);
  });
});

describe("parseNvidiaSmiTimestamp", () => {
  it("reads nvidia-smi's format as UTC epoch milliseconds", () => {
    expect(parseNvidiaSmiTimestamp("2024/05/01 12:00:00.123")).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 123));
    expect(parseNvidiaSmiTimestamp("2024/05/01 12:00:00")).toBe(Date.UTC(2024, 4, 1, 12, 0, 0));
    expect(parseNvidiaSmiTimestamp("2024/05/01 12:00:00.5")).toBe(Date.UTC(2024, 4, 1, 12, 0, 0, 500));
    expect(parseNvidiaSmiTimestamp("2024-05-01T12:00:00Z")).toBeNull();
  });
});

describe("parseNvidiaSmiPowerCsv", () => {
  it("parses the captured H100 trace, whose clock is the same UTC clock as the capture script's", () => {
    const { samples, skipped, malformed } = parseNvidiaSmiPowerCsv(readFixture("nvidia-smi-power.csv"));
    expect({ count: samples.length, skipped, malformed }).toEqual({ count: 36, skipped: 0, malformed: 0 });
    expect(samples[0]).toEqual({ atMs: Date.UTC(2026, 10, 27, 13, 10, 14, 930), watts: 138.04 });
    expect(samples.at(-1)).toEqual({ atMs: Date.UTC(2026, 10, 27, 13, 10, 18, 438), watts: 205.53 });
    // nvidia-smi ran with TZ=UTC: its first sample lands just after the script started it, not hours away
    const firstAfterStartMs = (samples[0] as PowerSample).atMs - smiStarted.epochMs;
    expect(firstAfterStartMs).toBeGreaterThan(0);
    expect(firstAfterStartMs).toBeLessThan(200);
  });

  it("skips unavailable readings and counts them apart from garbage", () => {
    const text = [
      "2024/05/01 12:00:00.000, 61.35",
      "2024/05/01 12:00:00.100, [N/A]",
      "2024/05/01 12:00:00.200, [Not Supported]",
      "",
      "2024/05/01 12:00:00.300, 62.10 W",
      "timestamp, power.draw [W]",
      "2024/05/01 12:00:00.400, 6", // fine: a whole number of watts
      "2024/05/01 12:00:0", // cut short when nvidia-smi was stopped
    ].join("\r\n");
    const parsed = parseNvidiaSmiPowerCsv(text);
    expect(parsed.skipped).toBe(2);
    expect(parsed.malformed).toBe(2);
    expect(parsed.samples.map((sample) => sample.watts)).toEqual([61.35, 62.1, 6]);
  });

  it("returns samples in time order", () => {
    const text = "2024/05/01 12:00:00.200, 3\n2024/05/01 12:00:00.000, 1\n2024/05/01 12:00:00.100, 2\n";
    expect(parseNvidiaSmiPowerCsv(text).samples.map((sample) => sample.watts)).toEqual([1, 2, 3]);
  });
});

describe("integrateJoules", () => {
  it("gives 200 J for a constant 100 W over 2 s", () => {
    const samples = trace(0, 2000, 100, () => 100);
    expect(integrateJoules(samples, 0, 2000)).toEqual({ joules: 200, samplesUsed: 21, coverage: 1 });
  });

  it("integrates a ramp from 0 to 200 W over 2 s to 200 J", () => {
    const samples = trace(0, 2000, 100, (atMs) => atMs / 10);
    expect(integrateJoules(samples, 0, 2000)?.joules).toBeCloseTo(200, 9);
  });

  it("interpolates the power at window edges that fall between samples", () => {
    // P(t) = t/10 W; over [50, 1050] ms the mean power is (5 + 105)/2 = 55 W for 1 s: 55 J.
    const samples = trace(0, 2000, 100, (atMs) => atMs / 10);
    const energy = integrateJoules(samples, 50, 1050);
    expect(energy?.joules).toBeCloseTo(55, 9);
    expect(energy?.samplesUsed).toBe(12); // 100…1000 inside, plus 0 and 1100 at the edges
  });

  it("counts only the part of a step change inside the window", () => {
    // 100 W until 1000 ms, 300 W from 1100 ms; window [900, 1200]: 100·0.1 + (100+300)/2·0.1 + 300·0.1 = 60 J
    const samples = [...trace(0, 1000, 100, () => 100), ...trace(1100, 2000, 100, () => 300)];
    expect(integrateJoules(samples, 900, 1200)?.joules).toBeCloseTo(60, 9);
  });

  it("refuses when no sample brackets the start or the end", () => {
    const samples = trace(100, 2000, 100, () => 100);
    expect(integrateJoules(samples, 50, 1000)).toBeNull();
    expect(integrateJoules(samples, 500, 2050)).toBeNull();
    expect(integrateJoules([], 0, 1)).toBeNull();
  });

  it("reports gaps as lost coverage and refuses below the minimum", () => {
    // samples every 100 ms except a hole from 1000 to 1800 ms: 800 of the 2000 ms window is a gap
    const samples = trace(0, 2000, 100, () => 100).filter((sample) => sample.atMs <= 1000 || sample.atMs >= 1800);
    expect(integrateJoules(samples, 0, 2000)).toBeNull();
    const lenient = integrateJoules(samples, 0, 2000, { minCoverage: 0.5 });
    expect(lenient?.coverage).toBeCloseTo(0.6, 12);
    expect(lenient?.joules).toBeCloseTo(200, 9); // constant power: the interpolation across the hole is exact here
    expect(integrateJoules(samples, 0, 2000, { maxGapMs: 1000 })?.coverage).toBe(1);
  });

  it("rejects an empty or reversed window", () => {
    expect(() =>
      integrateJoules(
        trace(0, 1000, 100, () => 1),
        500,
        500,
      ),
    ).toThrow(RangeError);
    expect(() =>
      integrateJoules(
        trace(0, 1000, 100, () => 1),
        600,
        500,
      ),
    ).toThrow(RangeError);
  });

  it("matches NVML's energy counter within 5% when integrating instantaneous power on the captured H100 load", () => {
    const lines = readFixture("nvidia-smi-power-fields.csv").trim().split("\n");
    // columns: timestamp, power.draw, power.draw.average, power.draw.instant
    const instant = lines
      .map((line) => line.split(", "))
      .map((fields) => `${fields[0]}, ${fields[3]}`)
      .join("\n");
    const energy = integrateJoules(parseNvidiaSmiPowerCsv(instant).samples, loadStart.epochMs, loadEnd.epochMs);
    expect(energy?.joules).toBeCloseTo(1052.6085734668375, 6); // exact trapezoid worked in Python
    expect(energy?.samplesUsed).toBe(17);
    expect(Math.abs((energy?.joules ?? 0) / counterJoules - 1)).toBeLessThan(0.05);
  });

  it("undercounts a short window with the 1-s averaged power.draw, which is why it is not the default", () => {
    const { samples } = parseNvidiaSmiPowerCsv(readFixture("nvidia-smi-power.csv"));
    const energy = integrateJoules(samples, loadStart.epochMs, loadEnd.epochMs);
    expect(energy?.joules).toBeCloseTo(757.9857546664651, 6);
    expect((energy?.joules ?? 0) / counterJoules).toBeLessThan(0.75);
    // and the capture's whole span is refused: nvidia-smi's first sample came 18 ms after it was started
    expect(integrateJoules(samples, smiStarted.epochMs, smiStopping.epochMs)).toBeNull();
  });
});

describe("parseNvidiaSmiGpuList", () => {
  it("parses the captured H100 line", () => {
    expect(parseNvidiaSmiGpuList(readFixture("nvidia-smi-gpu-list.csv"))).toEqual([
      { name: "NVIDIA H100 80GB HBM3", memoryTotalBytes: 81559 * 1024 * 1024, driverVersion: "580.159.04" },
    ]);
  });

  it("parses several GPUs, unknown memory and an empty host", () => {
    const text = "NVIDIA A100-SXM4-80GB, 81920 MiB, 535.104.05\nNVIDIA A100-SXM4-80GB, [N/A], 535.104.05\n";
    expect(parseNvidiaSmiGpuList(text)).toEqual([
      { name: "NVIDIA A100-SXM4-80GB", memoryTotalBytes: 81920 * 2 ** 20, driverVersion: "535.104.05" },
      { name: "NVIDIA A100-SXM4-80GB", memoryTotalBytes: null, driverVersion: "535.104.05" },
    ]);
    expect(parseNvidiaSmiGpuList("No devices were found\n")).toEqual([]);
    expect(parseNvidiaSmiGpuList("")).toEqual([]);
  });

  it("refuses output it does not understand", () => {
    expect(() =>
      parseNvidiaSmiGpuList("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."),
    ).toThrow(/unexpected line/);
    expect(() => parseNvidiaSmiGpuList("NVIDIA H100, lots, 580.1")).toThrow(/memory.total/);
  });
});

describe("one GPU, named by UUID", () => {
  const uuid = "GPU-5e6c2f3a-1b2c-4d5e-8f90-123456789abc";

  it("samples only that GPU (--id takes a UUID)", () => {
    expect(nvidiaSmiPowerArgs(100, { gpuUuid: uuid })).toContain(`--id=${uuid}`);
    expect(() => nvidiaSmiPowerArgs(100, { gpuUuid: "0; rm -rf /" })).toThrow(/not a GPU UUID/);
  });

  it("parses the index and UUID list (nvidia-smi --query-gpu=index,uuid --format=csv,noheader)", () => {
    expect(parseNvidiaSmiGpuIds(`0, ${uuid}\n1, GPU-00000000-1111-2222-3333-444444444444\n`)).toEqual([
      { index: 0, uuid },
      { index: 1, uuid: "GPU-00000000-1111-2222-3333-444444444444" },
    ]);
    expect(parseNvidiaSmiGpuIds("No devices were found\n")).toEqual([]);
    expect(() => parseNvidiaSmiGpuIds("0, NVIDIA H100")).toThrow(/unexpected line/);
  });
});
