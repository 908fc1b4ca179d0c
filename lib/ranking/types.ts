/**
 * The plain, JSON-serializable shapes the ranking rules work on. The data layer (lib/data/leaderboards.ts) builds
 * them from the database; the board page re-ranks them in the browser when a visitor moves the composite weights
 * or the lifetime assumptions, so nothing here may depend on the server.
 */

/** A closed interval [low, high] around a figure, from the runner's repeats. */
export interface Interval {
  low: number;
  high: number;
}

/** Measured with a meter (RAPL on CPUs, NVML on GPUs) or estimated from CPU time and a power model. */
export type EnergyKind = "measured" | "estimated";

/** Why an entry may not rank at all, whatever the rule. */
export type EntryStatus =
  | "finished"
  | "unfinished"
  | "failed"
  | "cancelled"
  | "withdrawn"
  | "disqualified"
  | "hidden"
  | "held-for-review";

export type RankingRule = "energy-at-threshold" | "quality" | "pareto" | "latency-p90" | "composite";

export interface BoardEntry {
  submissionId: string;
  teamId: string;
  teamName: string;
  modelName: string;
  /** ISO 8601. */
  submittedAt: string;
  isBaseline: boolean;
  status: EntryStatus;
  /** The track's headline quality metric on the split the board ranks on; null when not scored. */
  quality: number | null;
  /** The same metric on the task's out-of-domain split, when it has one. */
  qualityOutOfDomain: number | null;
  /** Every metric of the ranking split, e.g. { accuracy, macro_f1, mcc }. */
  metrics: Record<string, number>;
  energyJoulesPerInference: number | null;
  energyInterval: Interval | null;
  /** As the runner stores it, e.g. "measured-rapl", "estimated", "measured-nvml+estimated"; null when no figure. */
  energyMethod: string | null;
  /** "measured" only when every part was measured (the runner's energy_kind, else read from the method). */
  energyKind: EnergyKind | null;
  carbonGramsPerThousand: number | null;
  latencyP50Ms: number | null;
  latencyP50Interval: Interval | null;
  latencyP90Ms: number | null;
  latencyP90Interval: Interval | null;
  throughputPerSecond: number | null;
  peakMemoryBytes: number | null;
  parameters: number | null;
  sparsity: number | null;
  /** The dominant weight precision, e.g. "float32", "int8". */
  weightPrecision: string | null;
  fileSizeBytes: number | null;
  macsPerExample: number | null;
  /** The runner flagged the measurement noisy even after re-measuring: published with a mark. */
  noisy: boolean;
  /** Declared by the team, in kWh; null when not declared. */
  trainingEnergyKwh: number | null;
  /** Finished measurements its figures combine (lib/ranking/repeated-measurements.ts); 0 when none finished. */
  measurementCount: number;
  /**
   * Multi-task tracks only: joules to answer every test example of every task once, with its interval
   * (lib/multitask/benchmark-aggregate.ts). Per-task scores are in metrics as "task:<slug>".
   */
  benchmarkEnergyJoules?: number | null;
  benchmarkEnergyInterval?: Interval | null;
}

export interface TrackRules {
  rule: RankingRule;
  qualityMetric: string;
  /** Minimum quality to rank under the threshold rules; null ranks everyone with a score. */
  qualityThreshold: number | null;
  /** Measured and estimated energy are never ranked together: the track names the kind it ranks. */
  rankedEnergyKind: EnergyKind;
}

export type BoardSection = "ranked" | "below-threshold" | "unranked";

export interface RankedEntry {
  entry: BoardEntry;
  section: BoardSection;
  /** 1-based; entries that share a rank carry the same number. Null outside the ranked section. */
  rank: number | null;
  /** Submission ids this entry shares its rank with. */
  tiedWith: string[];
  /** How many entries share its rank besides itself (tiedWith lists at most 20 of them). */
  tiedCount: number;
  /** Why it shares a rank (e.g. overlapping intervals), in words for the page. */
  tieReason: string | null;
  /** Why it is not ranked, in words for the page. */
  unrankedReason: string | null;
  /**
   * The figure a visitor's own view ranked by, when it computes one: the composite score (0 to 1) or the lifetime
   * energy in kWh. Absent under the track's own rule, whose figures are the entry's columns.
   */
  rankingValue?: number;
}

/**
 * The kind of an energy method as the runner stores it. A GPU profile's method names its parts
 * ("measured-nvml+estimated"): the figure is measured only when every part was.
 */
export function energyKindOf(method: string | null): EnergyKind | null {
  if (method === null) return null;
  return method.split("+").every((part) => part.startsWith("measured")) ? "measured" : "estimated";
}
