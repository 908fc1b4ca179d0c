/**
 * What a result was measured on, stored beside every run so that a number can be traced to its machine and a
 * change of kernel, driver or onnxruntime can explain a change of results (MLPerf asks the same of every submission's
 * system description). The measurement child takes it inside its sandbox (runner/child/main.ts), so `cores` is what
 * the model's process was pinned to, not what the runner may use.
 */
import * as nodeOs from "node:os";

export interface HostFingerprint {
  cpuModel: string;
  /** CPUs this process may run on: honours the affinity mask and cpuset the sandbox sets, unlike os.cpus().length. */
  cores: number;
  /** Physical memory of the machine (os.totalmem); a cgroup limit below it is the profile's memoryCapBytes. */
  memoryBytes: number;
  /** os.release(), e.g. "6.8.0-45-generic". */
  kernel: string;
  platform: string;
  arch: string;
  /** process.version, e.g. "v20.19.0". */
  node: string;
  onnxruntime: string;
}

/** The parts of node:os we read, so tests can hand in a fake machine. */
export type OsReader = Pick<
  typeof nodeOs,
  "cpus" | "availableParallelism" | "totalmem" | "release" | "platform" | "arch"
>;

export function hostFingerprint(
  { onnxruntimeVersion }: { onnxruntimeVersion: string },
  os: OsReader = nodeOs,
): HostFingerprint {
  return {
    // Every logical CPU of a host reports the same model; some ARM boards and containers report none.
    cpuModel: os.cpus()[0]?.model.trim() || "unknown",
    cores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    kernel: os.release(),
    platform: os.platform(),
    arch: os.arch(),
    node: process.version,
    onnxruntime: onnxruntimeVersion,
  };
}
