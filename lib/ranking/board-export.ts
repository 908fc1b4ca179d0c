/**
 * The board as data: one flat record per row, the same for the JSON and the CSV export, with stable
 * snake_case field names that scripts can rely on. Missing figures are null (empty in CSV), never zero.
 */
import { stringify } from "csv-stringify/sync";
import { robustnessGap, whPerThousand, whPerThousandCorrect } from "./columns";
import { starsFor, type StarBand } from "./star-bands";
import type { RankedEntry } from "./types";

export function exportRecord(row: RankedEntry, bands: readonly StarBand[]) {
  const { entry } = row;
  return {
    rank: row.rank,
    tied_with: row.tiedWith,
    tied_count: row.tiedCount,
    tie_reason: row.tieReason,
    section: row.section,
    unranked_reason: row.unrankedReason,
    submission_id: entry.submissionId,
    model_url: `/models/${entry.submissionId}`,
    team: entry.teamName,
    model: entry.modelName,
    is_baseline: entry.isBaseline,
    quality: entry.quality,
    quality_out_of_domain: entry.qualityOutOfDomain,
    robustness_gap: robustnessGap(entry),
    metrics: entry.metrics,
    energy_joules_per_inference: entry.energyJoulesPerInference,
    energy_interval_low_joules: entry.energyInterval?.low ?? null,
    energy_interval_high_joules: entry.energyInterval?.high ?? null,
    energy_method: entry.energyMethod,
    energy_kind: entry.energyKind,
    energy_wh_per_1000: whPerThousand(entry),
    energy_wh_per_1000_correct: whPerThousandCorrect(entry),
    carbon_grams_per_1000: entry.carbonGramsPerThousand,
    latency_p50_ms: entry.latencyP50Ms,
    latency_p50_interval_low_ms: entry.latencyP50Interval?.low ?? null,
    latency_p50_interval_high_ms: entry.latencyP50Interval?.high ?? null,
    latency_p90_ms: entry.latencyP90Ms,
    latency_p90_interval_low_ms: entry.latencyP90Interval?.low ?? null,
    latency_p90_interval_high_ms: entry.latencyP90Interval?.high ?? null,
    throughput_per_second: entry.throughputPerSecond,
    peak_memory_bytes: entry.peakMemoryBytes,
    parameters: entry.parameters,
    sparsity: entry.sparsity,
    weight_precision: entry.weightPrecision,
    file_size_bytes: entry.fileSizeBytes,
    macs_per_example: entry.macsPerExample,
    noisy: entry.noisy,
    stars: starsFor(entry.energyJoulesPerInference, bands),
    training_energy_kwh_declared: entry.trainingEnergyKwh,
    submitted_at: entry.submittedAt,
    ...benchmarkColumns(row),
  };
}

/**
 * A multi-task track's own columns: the benchmark energy with its interval, and one score column per task
 * ("score_<slug>", from metrics["task:<slug>"]). Absent on single-task tracks, whose exports keep their columns.
 */
function benchmarkColumns({ entry }: RankedEntry): Record<string, number | null> {
  const taskKeys = Object.keys(entry.metrics).filter((key) => key.startsWith("task:"));
  if (entry.benchmarkEnergyJoules === undefined && taskKeys.length === 0) return {};
  return {
    benchmark_energy_joules: entry.benchmarkEnergyJoules ?? null,
    benchmark_energy_interval_low_joules: entry.benchmarkEnergyInterval?.low ?? null,
    benchmark_energy_interval_high_joules: entry.benchmarkEnergyInterval?.high ?? null,
    ...Object.fromEntries(taskKeys.map((key) => [`score_${key.slice("task:".length)}`, entry.metrics[key] ?? null])),
  };
}

export type ExportRecord = ReturnType<typeof exportRecord>;

/** CSV with a header row; lists (tied_with) joined by spaces, metrics as JSON. */
export function boardCsv(rows: readonly RankedEntry[], bands: readonly StarBand[]): string {
  const records = rows.map((row) => {
    const record = exportRecord(row, bands);
    return { ...record, tied_with: record.tied_with.join(" "), metrics: JSON.stringify(record.metrics) };
  });
  if (records.length === 0) return `${Object.keys(exportRecord(emptyRow, [])).join(",")}\n`;
  // Every row's columns: on a multi-task board a row without a result has no per-task scores of its own.
  const columns = [...new Set(records.flatMap((record) => Object.keys(record)))];
  return stringify(records, { header: true, columns, cast: { boolean: (value) => (value ? "true" : "false") } });
}

const emptyRow: RankedEntry = {
  entry: {
    submissionId: "", teamId: "", teamName: "", modelName: "", submittedAt: "", isBaseline: false, status: "finished", quality: null,
    qualityOutOfDomain: null, metrics: {}, energyJoulesPerInference: null, energyInterval: null, energyMethod: null, energyKind: null, carbonGramsPerThousand: null,
    latencyP50Ms: null, latencyP50Interval: null, latencyP90Ms: null, latencyP90Interval: null, throughputPerSecond: null, peakMemoryBytes: null,
    parameters: null, sparsity: null, weightPrecision: null, fileSizeBytes: null, macsPerExample: null, noisy: false, trainingEnergyKwh: null,
  },
  section: "ranked", rank: null, tiedWith: [], tiedCount: 0, tieReason: null, unrankedReason: null,
};
