/**
 * Test support: an EvaluationReport with plausible figures, as evaluateModel returns it, for tests of what the
 * worker stores without running a model.
 */
import type { EvaluationReport, SplitScore } from "../../evaluate/evaluation-report";

export function sampleReport(scores: SplitScore[], overrides: Partial<EvaluationReport> = {}): EvaluationReport {
  return {
    status: "ok",
    task: "tiny",
    profile: "cpu-1t",
    scores,
    latency: {
      p50Ms: 1.5,
      p90Ms: 2,
      p99Ms: 3,
      meanMs: 1.6,
      p50CiMs: [1.4, 1.6],
      relativeSpread: 0.01,
      queriesPerRepeat: [1024],
      tokenizationP50Ms: 0.1,
      postprocessP50Ms: 0.01,
    },
    throughput: { examplesPerSecond: 900, batchSize: 32, relativeSpread: 0.02 },
    energy: { method: "estimated", joulesPerInference: 0.02, whPerThousand: 0.0056, singleStreamJoulesPerQuery: 0.05, relativeSpread: 0.01, passes: [] },
    carbon: { gramsPerThousand: 0.0027, gridGramsPerKwh: 481 },
    memory: { peakRssBytes: 100_000_000, cgroupPeakBytes: 40_000_000, capBytes: 2 ** 31, capMechanism: "cgroup-v1" },
    model: {
      irVersion: 8,
      opsets: [{ domain: "ai.onnx", version: 17 }],
      domains: ["ai.onnx"],
      opHistogram: { MatMul: 1 },
      parameters: 181,
      nonZeroParameters: 181,
      sparsity: 0,
      precisionMix: { float32: 181 },
      fileSizeBytes: 1645,
      inputs: [],
      outputs: [],
      macsPerExample: { total: 16, byOp: { MatMul: 16 }, uncounted: [], uncountedCounts: {}, approximations: [] },
      externalData: [],
      manifestInferred: false,
    },
    host: { cpuModel: "Test CPU", cores: 2, memoryBytes: 2 ** 34, kernel: "6.1", platform: "linux", arch: "x64", node: "v20", onnxruntime: "1.23.0" },
    versions: { joulebench: "0.1.0", protocol: "test", onnxruntime: "1.23.0", node: "v20" },
    sandboxed: true,
    noisy: false,
    timings: { validateMs: 10, sandboxReadyMs: 100, modelLoadMs: 20, childWallMs: 500, totalMs: 700 },
    ...overrides,
  };
}
