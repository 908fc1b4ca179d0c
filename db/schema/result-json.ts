/**
 * The shapes of the `results` table's JSON columns: what the runner writes (runner/worker/result-rows.ts, from its
 * evaluation report, which must fit these types) and what the site reads (the model page, the board). Every part
 * and every field is optional: a row written under an earlier protocol, or by a test, may lack one, and a reader
 * says "not reported" rather than trusting a key to be there.
 */

/** A 95% interval, [low, high], in the figure's own unit. */
export type StoredInterval = [number, number];

export interface StoredModelFacts {
  irVersion?: number;
  opsets?: { domain: string; version: number }[];
  domains?: string[];
  /** Key "OpType" for the default domain, "domain::OpType" otherwise. */
  opHistogram?: Record<string, number>;
  parameters?: number;
  nonZeroParameters?: number;
  sparsity?: number;
  /** Parameters per element type ("float", "int8", ...). */
  precisionMix?: Record<string, number>;
  fileSizeBytes?: number;
  macsPerExample?: { total: number };
  manifestInferred?: boolean;
}

export interface StoredHostFingerprint {
  cpuModel?: string;
  cores?: number;
  memoryBytes?: number;
  kernel?: string;
  platform?: string;
  arch?: string;
  node?: string;
  onnxruntime?: string;
}

export interface StoredInterferenceSummary {
  cpuPerWall: number;
  runQueueShare: number | null;
  involuntaryPerSecond: number;
  otherCoresBusy: number | null;
}

/** Per timed pass kind; null when the pass was not observed. */
export interface StoredInterference {
  latency?: StoredInterferenceSummary | null;
  throughput?: StoredInterferenceSummary | null;
}

export interface ResultDetails {
  latency?: Partial<{
    p50Ms: number;
    p50CiMs: StoredInterval | null;
    p90Ms: number;
    p90CiMs: StoredInterval | null;
    p99Ms: number;
    meanMs: number;
    blocks: number;
  }>;
  throughput?: Partial<{
    examplesPerSecond: number;
    ciPerSecond: StoredInterval | null;
    batchSize: number;
    blocks: number;
  }>;
  energy?: Partial<{
    kind: "measured" | "estimated";
    method: string;
    joulesPerInference: number | null;
    ciJoulesPerInference: StoredInterval | null;
    grossJoulesPerInference: number | null;
    ciGrossJoulesPerInference: StoredInterval | null;
    whPerThousand: number | null;
    singleStreamJoulesPerQuery: number | null;
  }>;
  interference?: StoredInterference;
  consistency?: { checked: number; mismatched: number };
  carbon?: Partial<{ gramsPerThousand: number | null; gridGramsPerKwh: number }>;
  memory?: Partial<{ peakRssBytes: number | null; cgroupPeakBytes: number | null; capBytes: number }>;
  /** Names and versions of what measured it: joulebench, the protocol, onnxruntime, node. */
  versions?: Record<string, string>;
  timings?: Record<string, number>;
  /** The split's confusion matrix (rows: true label, columns: predicted). */
  confusion?: number[][];
  /** Multi-task tracks: the benchmark's aggregates (lib/multitask/benchmark-aggregate.ts), on the aggregate rows. */
  benchmark?: Record<string, unknown>;
  /** Multi-task tracks: each task's part of the benchmark, on the aggregate rows. */
  tasks?: { slug: string; metric: string; weight: number; testExamples: number; truncated: number }[];
  /** The hidden audit split's verdict (lib/tasks/audit-review.ts). */
  audit?: {
    metric: string;
    testScore: number;
    score: number;
    examples: number;
    gap: number;
    bound: number;
    flagged: boolean;
  };
}
