/**
 * The board as data: one flat record per row, the same for the JSON and the CSV export, with stable
 * snake_case field names that scripts can rely on. Missing figures are null (empty in CSV), never zero.
 * Figures are raw numbers in the unit their name says (joules, Wh, ms, bytes); the `*_text` columns repeat the
 * energy as the board prints it, for people reading the file (docs/methodology.md, "The exports").
 */
import { writeCsv } from "../csv/write-csv";
import { formatEnergyPerThousand } from "../format/energy-display";
import { robustnessGap, whPerThousand, whPerThousandCorrect } from "./columns";
import { starsForRow, type StarBand } from "./star-bands";
import type { EnergyKind, RankedEntry } from "./types";

export function exportRecord(row: RankedEntry, bands: readonly StarBand[], rankedEnergyKind: EnergyKind) {
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
    measurement_count: entry.measurementCount,
    // Only a ranked row has stars: null outside the ranked section, like its rank.
    stars: starsForRow(row, bands, rankedEnergyKind),
    training_energy_kwh_declared: entry.trainingEnergyKwh,
    submitted_at: entry.submittedAt,
    // For people: the board's own wording ("15.4 µWh"), per 1,000 inferences; scripts read the raw columns above.
    energy_per_1000_text:
      entry.energyJoulesPerInference === null ? null : formatEnergyPerThousand(entry.energyJoulesPerInference),
    energy_interval_per_1000_text: entry.energyInterval
      ? `${formatEnergyPerThousand(entry.energyInterval.low)} to ${formatEnergyPerThousand(entry.energyInterval.high)}`
      : null,
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

/** CSV with a header row; lists (tied_with) joined by spaces, metrics as JSON; text cells neutralized (lib/csv). */
export function boardCsv(
  rows: readonly RankedEntry[],
  bands: readonly StarBand[],
  rankedEnergyKind: EnergyKind,
): string {
  const records = rows.map((row) => {
    const record = exportRecord(row, bands, rankedEnergyKind);
    return { ...record, tied_with: record.tied_with.join(" "), metrics: JSON.stringify(record.metrics) };
  });
  // Every row's columns: on a multi-task board a row without a result has no per-task scores of its own.
  const columns = [
    ...new Set([
      ...Object.keys(exportRecord(emptyRow, [], rankedEnergyKind)),
      ...records.flatMap((record) => Object.keys(record)),
    ]),
  ];
  return writeCsv(records, columns);
}

const emptyRow: RankedEntry = {
  entry: {
    submissionId: "",
    teamId: "",
    teamName: "",
    modelName: "",
    submittedAt: "",
    isBaseline: false,
    status: "finished",
    quality: null,
    qualityOutOfDomain: null,
    metrics: {},
    energyJoulesPerInference: null,
    energyInterval: null,
    energyMethod: null,
    energyKind: null,
    carbonGramsPerThousand: null,
    latencyP50Ms: null,
    latencyP50Interval: null,
    latencyP90Ms: null,
    latencyP90Interval: null,
    throughputPerSecond: null,
    peakMemoryBytes: null,
    parameters: null,
    sparsity: null,
    weightPrecision: null,
    fileSizeBytes: null,
    macsPerExample: null,
    noisy: false,
    trainingEnergyKwh: null,
    measurementCount: 0,
  },
  section: "ranked",
  rank: null,
  tiedWith: [],
  tiedCount: 0,
  tieReason: null,
  unrankedReason: null,
};
