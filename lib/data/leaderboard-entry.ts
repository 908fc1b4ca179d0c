/**
 * One board row from what the database holds: the submission, its counted evaluation and that evaluation's
 * result on the ranking split (one row per counted measurement: see toBoardEntries). Intervals come from the runner's columns when it writes them, else from the
 * report it kept in `details`; when neither has one the interval is missing, never made up. Pure.
 */
import { combineMeasurements } from "../ranking/repeated-measurements";
import { energyKindOf, type BoardEntry, type EntryStatus, type Interval } from "../ranking/types";

/** What lib/data/leaderboards.ts selects per submission (snake_case, as postgres.js returns it). */
export interface LeaderboardRow {
  submission_id: string;
  team_id: string;
  team_name: string;
  model_name: string;
  created_at: Date | string;
  is_baseline: boolean;
  submission_state: string;
  hidden: boolean;
  disqualified_reason: string | null;
  training_energy_kwh: unknown;
  evaluation_state: string | null;
  /** When the counted evaluation was queued: orders a submission's counted measurements, latest first. */
  evaluation_created_at: Date | string | null;
  metrics: Record<string, number> | null;
  ood_metrics: Record<string, number> | null;
  latency_p50_ms: number | null;
  latency_p90_ms: number | null;
  latency_p50_ci_low_ms: number | null;
  latency_p50_ci_high_ms: number | null;
  latency_p90_ci_low_ms: number | null;
  latency_p90_ci_high_ms: number | null;
  /** Older results kept the interval only in details (before the runner wrote the columns). */
  latency_p90_ci_json: unknown;
  throughput_per_second: number | null;
  energy_joules_per_inference: number | null;
  energy_ci_low: number | null;
  energy_ci_high: number | null;
  energy_ci_json: unknown;
  energy_method: string | null;
  energy_kind: string | null;
  held_for_review: boolean | null;
  carbon_grams_per_thousand: number | null;
  peak_rss_bytes: number | null;
  noisy: boolean | null;
  parameters: unknown;
  sparsity: unknown;
  precision_mix: unknown;
  file_size_bytes: unknown;
  macs_per_example: unknown;
  /** Multi-task tracks' aggregate rows only (details.benchmark). */
  benchmark_energy_joules?: unknown;
  benchmark_energy_interval?: unknown;
}

const finiteOrNull = (value: unknown): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;

/** A [low, high] pair as the runner's report stores it; anything else is no interval. */
export function intervalFrom(value: unknown): Interval | null {
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [low, high] = value.map(finiteOrNull);
  return low === null || low === undefined || high === null || high === undefined || low > high ? null : { low, high };
}

function intervalOf(low: number | null, high: number | null): Interval | null {
  return low === null || high === null || low > high ? null : { low, high };
}

/** The precision that holds most weights, e.g. "float32" or "int8". */
export function dominantPrecision(mix: unknown): string | null {
  if (!mix || typeof mix !== "object") return null;
  const entries = Object.entries(mix as Record<string, unknown>).filter(
    (entry): entry is [string, number] => typeof entry[1] === "number" && entry[1] > 0,
  );
  if (entries.length === 0) return null;
  return entries.reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

function statusOf(row: LeaderboardRow): EntryStatus {
  if (row.disqualified_reason !== null) return "disqualified";
  if (row.hidden) return "hidden";
  if (row.submission_state === "withdrawn") return "withdrawn";
  switch (row.evaluation_state) {
    case "finished":
      return row.held_for_review ? "held-for-review" : "finished";
    case "failed":
      return "failed";
    case "cancelled":
      return "cancelled";
    default:
      return "unfinished";
  }
}

export function toBoardEntry(row: LeaderboardRow, qualityMetric: string): BoardEntry {
  const status = statusOf(row);
  const metrics = row.metrics ?? {};
  return {
    submissionId: row.submission_id,
    teamId: row.team_id,
    teamName: row.team_name,
    modelName: row.model_name,
    submittedAt: new Date(row.created_at).toISOString(),
    isBaseline: row.is_baseline,
    status,
    quality: finiteOrNull(metrics[qualityMetric]),
    qualityOutOfDomain: finiteOrNull(row.ood_metrics?.[qualityMetric]),
    metrics,
    energyJoulesPerInference: finiteOrNull(row.energy_joules_per_inference),
    energyInterval:
      intervalOf(finiteOrNull(row.energy_ci_low), finiteOrNull(row.energy_ci_high)) ?? intervalFrom(row.energy_ci_json),
    // Its kind is read from the method's name (energyKindOf): "measured-nvml+estimated" is an estimate.
    energyMethod: row.energy_method,
    energyKind:
      row.energy_kind === "measured" || row.energy_kind === "estimated"
        ? row.energy_kind
        : energyKindOf(row.energy_method),
    carbonGramsPerThousand: finiteOrNull(row.carbon_grams_per_thousand),
    latencyP50Ms: finiteOrNull(row.latency_p50_ms),
    latencyP50Interval: intervalOf(finiteOrNull(row.latency_p50_ci_low_ms), finiteOrNull(row.latency_p50_ci_high_ms)),
    latencyP90Ms: finiteOrNull(row.latency_p90_ms),
    latencyP90Interval:
      intervalOf(finiteOrNull(row.latency_p90_ci_low_ms), finiteOrNull(row.latency_p90_ci_high_ms)) ??
      intervalFrom(row.latency_p90_ci_json),
    throughputPerSecond: finiteOrNull(row.throughput_per_second),
    peakMemoryBytes: finiteOrNull(row.peak_rss_bytes),
    parameters: finiteOrNull(row.parameters),
    sparsity: finiteOrNull(row.sparsity),
    weightPrecision: dominantPrecision(row.precision_mix),
    fileSizeBytes: finiteOrNull(row.file_size_bytes),
    macsPerExample: finiteOrNull(row.macs_per_example),
    noisy: row.noisy ?? false,
    trainingEnergyKwh: finiteOrNull(row.training_energy_kwh),
    measurementCount: row.evaluation_state === "finished" ? 1 : 0,
    ...benchmarkFigures(row),
  };
}

/**
 * One entry per submission from rows that hold one counted measurement each (several when organizers re-ran it
 * under the same protocol): each submission's rows, latest first, combined by the median rule.
 */
export function toBoardEntries(rows: readonly LeaderboardRow[], qualityMetric: string): BoardEntry[] {
  const bySubmission = new Map<string, LeaderboardRow[]>();
  for (const row of rows) {
    const group = bySubmission.get(row.submission_id);
    if (group) group.push(row);
    else bySubmission.set(row.submission_id, [row]);
  }
  const createdAt = (row: LeaderboardRow) =>
    row.evaluation_created_at === null ? 0 : new Date(row.evaluation_created_at).getTime();
  return [...bySubmission.values()].map((group) =>
    group.length === 1
      ? toBoardEntry(group[0]!, qualityMetric)
      : combineMeasurements(
          group.sort((a, b) => createdAt(b) - createdAt(a)).map((row) => toBoardEntry(row, qualityMetric)),
        ),
  );
}

/** Only a multi-task result carries them; a single-task entry keeps its shape. */
function benchmarkFigures(row: LeaderboardRow): Pick<BoardEntry, "benchmarkEnergyJoules" | "benchmarkEnergyInterval"> {
  if (row.benchmark_energy_joules === undefined || row.benchmark_energy_joules === null) return {};
  return {
    benchmarkEnergyJoules: finiteOrNull(row.benchmark_energy_joules),
    benchmarkEnergyInterval: intervalFrom(row.benchmark_energy_interval),
  };
}
