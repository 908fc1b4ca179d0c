/** What one evaluation produced: the CLI prints it (`--json`), the queue worker stores it. */
import type { ClassificationMetrics } from "../measure/classification-metrics";
import type { HostFingerprint } from "../measure/host-fingerprint";
import type { ModelFacts } from "../../lib/onnx/introspect";
import type { AuditReview } from "../../lib/tasks/audit-review";
import type { DerivedMetrics } from "../../lib/tasks/task-score";
import type { MemoryCapMechanism } from "../sandbox/memory-limit";
import type { GpuEnergyMethod, HostEnergyMethod } from "./energy-meter";

export interface SplitScore {
  split: string;
  examples: number;
  /** Examples longer than the model's maximum length, truncated as the manifest's tokenizer says (0 for raw-string graphs). */
  truncated?: number;
  metrics: Omit<ClassificationMetrics, "confusion"> & DerivedMetrics;
  confusion: number[][];
  /** The same, per named part of the split (the test set's "public" and "private" parts), when asked for. */
  parts?: {
    name: string;
    examples: number;
    metrics: Omit<ClassificationMetrics, "confusion"> & DerivedMetrics;
    confusion: number[][];
  }[];
}

export interface LatencyReport {
  /** Median over blocks of each block's p50 (and p90), in milliseconds, with the blocks' 95% interval. */
  p50Ms: number;
  p50CiMs: [number, number];
  p90Ms: number;
  p90CiMs: [number, number];
  /** Over all queries of all blocks together (one block holds too few queries for a p99). */
  p99Ms: number;
  meanMs: number;
  /** (high − low) / median of p50's interval, and of p90's: what the noisy criterion reads. */
  relativeWidth: number;
  p90RelativeWidth: number;
  /** Exact coverage of the intervals (0.979 with 10 blocks; below 0.95 only with 5 blocks or fewer). */
  ciCoverage: number;
  blocks: number;
  queriesPerBlock: number[];
  tokenizationP50Ms: number;
  postprocessP50Ms: number;
}

export interface ThroughputReport {
  /** Median over blocks of each block's rate, with the blocks' 95% interval. */
  examplesPerSecond: number;
  ciPerSecond: [number, number];
  relativeWidth: number;
  batchSize: number;
  blocks: number;
}

export interface EnergyPass {
  pass: string;
  block: number;
  inferences: number;
  wallMs: number;
  cpuMs: number;
  /** After PUE. Net = gross − the block's idle power × the pass's duration. */
  hostGrossJoules: number | null;
  hostNetJoules: number | null;
  gpuGrossJoules: number | null;
  gpuNetJoules: number | null;
  grossJoules: number | null;
  netJoules: number | null;
}

export interface EnergyReport {
  /** "measured" only when every part was measured; a GPU result with an estimated host part is "estimated". */
  kind: "measured" | "estimated";
  /** The parts' methods: "estimated", "measured-rapl", or "measured-nvml+<host method>" for a GPU profile. */
  method: string;
  pue: number;
  /** Offline (batched) pass, net of idle: the headline figure. Null when the measurement could not be made. */
  joulesPerInference: number | null;
  ciJoulesPerInference: [number, number] | null;
  relativeWidth: number | null;
  /** True when the net median came out at or below zero: too small to tell from idle, so the headline is null. */
  netNotAboveIdle: boolean;
  whPerThousand: number | null;
  /** Offline pass, gross: everything the meter read over the pass, idle included. */
  grossJoulesPerInference: number | null;
  ciGrossJoulesPerInference: [number, number] | null;
  /** Single-stream pass, one query at a time, net and gross. */
  singleStreamJoulesPerQuery: number | null;
  singleStreamGrossJoulesPerQuery: number | null;
  /** Median idle power over the blocks' idle slices. */
  idleWatts: { host: number | null; gpu: number | null };
  /** Offline pass per part, each with its own method. */
  parts: {
    host: { method: HostEnergyMethod; grossJoulesPerInference: number | null; netJoulesPerInference: number | null };
    gpu: {
      method: GpuEnergyMethod;
      grossJoulesPerInference: number | null;
      netJoulesPerInference: number | null;
    } | null;
  };
  /** Per pass and block, for anyone who wants to check the arithmetic. */
  passes: EnergyPass[];
}

export interface InterferenceSummary {
  /** The child's CPU time over its wall time (about the thread count when it ran undisturbed and busy). */
  cpuPerWall: number;
  /** Run-queue delay over wall time × threads: the share of time it was runnable but had no CPU. */
  runQueueShare: number | null;
  involuntaryPerSecond: number;
  /** Mean busy share of the cores the child was not pinned to. */
  otherCoresBusy: number | null;
}

export interface InterferenceReport {
  latency: InterferenceSummary | null;
  throughput: InterferenceSummary | null;
  passes: {
    pass: string;
    block: number;
    cpuPerWall: number;
    runQueueShare: number | null;
    involuntaryContextSwitches: number;
    otherCoresBusy: number | null;
  }[];
}

export interface EvaluationReport {
  status: "ok";
  task: string;
  profile: string;
  scores: SplitScore[];
  /** The hidden audit split's verdict, when the task has one (lib/tasks/audit-review.ts); the worker holds a flagged result for review. */
  audit?: AuditReview;
  latency: LatencyReport;
  throughput: ThroughputReport;
  energy: EnergyReport;
  interference: InterferenceReport;
  /** The latency and offline passes' answers checked against the accuracy pass's (MLPerf TEST01). */
  consistency: { checked: number; mismatched: number };
  carbon: { gramsPerThousand: number | null; gridGramsPerKwh: number };
  memory: {
    peakRssBytes: number | null;
    cgroupPeakBytes: number | null;
    capBytes: number;
    capMechanism: MemoryCapMechanism;
  };
  model: ModelFacts & { manifestInferred: boolean };
  host: HostFingerprint;
  versions: { joulebench: string; protocol: string; onnxruntime: string; node: string };
  sandboxed: boolean;
  /** Too uncertain or disturbed to rank as it is; the reasons say which figure and why. */
  noisy: boolean;
  noisyReasons: string[];
  /** Times the worker measured this evaluation again because it was noisy (0 from the CLI). */
  reruns: number;
  timings: { validateMs: number; sandboxReadyMs: number; modelLoadMs: number; childWallMs: number; totalMs: number };
}
