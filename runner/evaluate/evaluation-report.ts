/** What one evaluation produced: the CLI prints it (`--json`), the queue worker stores it. */
import type { ClassificationMetrics } from "../../lib/measure/classification-metrics";
import type { HostFingerprint } from "../../lib/measure/host-fingerprint";
import type { ModelFacts } from "../../lib/onnx/introspect";
import type { MemoryCapMechanism } from "../sandbox/memory-limit";
import type { EnergyMethod } from "./energy-meter";

export interface SplitScore {
  split: string;
  examples: number;
  metrics: Omit<ClassificationMetrics, "confusion">;
  confusion: number[][];
  /** The same, per named part of the split (the test set's "public" and "private" parts), when asked for. */
  parts?: { name: string; examples: number; metrics: Omit<ClassificationMetrics, "confusion">; confusion: number[][] }[];
}

export interface LatencyReport {
  /** Medians over the repeats of each repeat's statistic, in milliseconds. */
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  meanMs: number;
  /** 95% interval of the median, from the repeat whose median is the reported one. */
  p50CiMs: [number, number];
  /** Of p50, (max − min) / median over the repeats. */
  relativeSpread: number;
  queriesPerRepeat: number[];
  tokenizationP50Ms: number;
  postprocessP50Ms: number;
}

export interface EnergyReport {
  method: EnergyMethod;
  /** Offline (batched) pass: the headline figure. Null when the measurement could not be made. */
  joulesPerInference: number | null;
  whPerThousand: number | null;
  /** Single-stream pass, one query at a time. */
  singleStreamJoulesPerQuery: number | null;
  relativeSpread: number | null;
  /** Per pass and repeat, with the host and GPU parts, for anyone who wants to check the arithmetic. */
  passes: { pass: string; repeat: number; inferences: number; wallMs: number; cpuMs: number; hostJoules: number | null; gpuJoules: number | null; method: EnergyMethod }[];
}

export interface EvaluationReport {
  status: "ok";
  task: string;
  profile: string;
  scores: SplitScore[];
  latency: LatencyReport;
  throughput: { examplesPerSecond: number; batchSize: number; relativeSpread: number };
  energy: EnergyReport;
  carbon: { gramsPerThousand: number | null; gridGramsPerKwh: number };
  memory: { peakRssBytes: number | null; cgroupPeakBytes: number | null; capBytes: number; capMechanism: MemoryCapMechanism };
  model: ModelFacts & { manifestInferred: boolean };
  host: HostFingerprint;
  versions: { joulebench: string; protocol: string; onnxruntime: string; node: string };
  sandboxed: boolean;
  noisy: boolean;
  timings: { validateMs: number; sandboxReadyMs: number; modelLoadMs: number; childWallMs: number; totalMs: number };
}
