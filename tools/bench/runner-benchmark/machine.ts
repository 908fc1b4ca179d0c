/**
 * What the benchmark ran on, recorded beside its figures (docs/BENCHMARKS.md quotes it): ratios travel between
 * machines better than times do, but neither travels without the machine. The load average is taken at the start
 * and at the end, since a benchmark on a shared host must say how shared it was.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";

export interface MachineDescription {
  cpuModel: string;
  /** "family 25 model 17" etc.: the model name alone is just "AMD EPYC" on many cloud VMs. */
  cpuFamilyModel: string;
  virtualized: boolean;
  cores: number;
  memoryBytes: number;
  kernel: string;
  node: string;
  onnxruntime: string;
  loadAverage: [number, number, number];
}

export function describeMachine(): MachineDescription {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, "m").exec(cpuinfo)?.[1]?.trim() ?? "unknown";
  const onnxruntimePackage = createRequire(import.meta.url)("onnxruntime-node/package.json") as { version: string };
  return {
    cpuModel: field("model name"),
    cpuFamilyModel: `family ${field("cpu family")} model ${field("model")} stepping ${field("stepping")}`,
    virtualized: /\bhypervisor\b/.test(field("flags")),
    // Online CPUs of the machine, not this process's affinity (the benchmark pins itself away from the measured core).
    cores: os.cpus().length,
    memoryBytes: os.totalmem(),
    kernel: os.release(),
    node: process.version,
    onnxruntime: onnxruntimePackage.version,
    loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))) as [number, number, number],
  };
}

/**
 * Moves this process (all its threads) off the measured core, so the runner's parent side and this script never
 * take CPU from the process being measured. Children set their own affinity with taskset.
 */
export function pinOrchestratorAwayFrom(measuredCore: number): number[] | null {
  const others = os
    .cpus()
    .map((_, index) => index)
    .filter((index) => index !== measuredCore);
  if (others.length === 0) return null;
  try {
    execFileSync("taskset", ["--all-tasks", "--cpu-list", "--pid", others.join(","), String(process.pid)], {
      stdio: "ignore",
    });
    return others;
  } catch {
    return null;
  }
}
