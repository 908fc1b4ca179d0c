import * as os from "node:os";
import { describe, expect, it } from "vitest";
import { hostFingerprint, type OsReader } from "./host-fingerprint";

const fakeMachine: OsReader = {
  cpus: () => [
    { model: "Intel(R) Xeon(R) Platinum 8480+ ", speed: 2000, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } },
  ],
  availableParallelism: () => 2,
  totalmem: () => 64 * 2 ** 30,
  release: () => "6.8.0-45-generic",
  platform: () => "linux",
  arch: () => "x64",
};

describe("hostFingerprint", () => {
  it("reports the machine, the runtime and the onnxruntime version", () => {
    expect(hostFingerprint({ onnxruntimeVersion: "1.23.0" }, fakeMachine)).toEqual({
      cpuModel: "Intel(R) Xeon(R) Platinum 8480+",
      cores: 2,
      memoryBytes: 64 * 2 ** 30,
      kernel: "6.8.0-45-generic",
      platform: "linux",
      arch: "x64",
      node: process.version,
      onnxruntime: "1.23.0",
    });
  });

  it("says unknown when the CPU model is not reported", () => {
    expect(hostFingerprint({ onnxruntimeVersion: "1.23.0" }, { ...fakeMachine, cpus: () => [] }).cpuModel).toBe(
      "unknown",
    );
  });

  it("reads this machine through node:os by default", () => {
    const fingerprint = hostFingerprint({ onnxruntimeVersion: "test" });
    expect(fingerprint.cores).toBe(os.availableParallelism());
    expect(fingerprint.memoryBytes).toBe(os.totalmem());
    expect(fingerprint.kernel).toBe(os.release());
    expect(fingerprint.node).toMatch(/^v\d+\./);
  });
});
