/**
 * The board's columns: one definition serves the table, its sorting, the "best of each column" marks and the
 * CSV export, so they cannot disagree. Derived figures are computed here from the stored ones.
 */
import { sharedPrefixFor, type SiPrefix } from "../format/si-quantity";
import type { BoardEntry, RankedEntry } from "./types";

export type ColumnKey =
  | "rank"
  | "team"
  | "model"
  | "quality"
  | "qualityOutOfDomain"
  | "robustnessGap"
  | "energyWhPerThousand"
  | "energyWhPerThousandCorrect"
  | "carbonGramsPerThousand"
  | "latencyP50Ms"
  | "latencyP90Ms"
  | "throughputPerSecond"
  | "peakMemoryMb"
  | "parameters"
  | "sparsity"
  | "weightPrecision"
  | "fileSizeKb"
  | "macsPerExample"
  | "submittedAt";

export interface ColumnDefinition {
  key: ColumnKey;
  label: string;
  /** Which way is better; null for columns that have no best (team, date, ...). */
  better: "higher" | "lower" | null;
  value: (row: RankedEntry) => number | string | null;
}

const numberOrNull = (value: number | null | undefined) =>
  value === null || value === undefined || !Number.isFinite(value) ? null : value;

/** Wh per 1,000 inferences from joules per inference: 1,000 J / 3,600 J/Wh. */
export function whPerThousand(entry: BoardEntry): number | null {
  return entry.energyJoulesPerInference === null ? null : (entry.energyJoulesPerInference * 1000) / 3600;
}

/** Energy per 1,000 correct answers: a cheap model that is often wrong pays for its mistakes here. */
export function whPerThousandCorrect(entry: BoardEntry): number | null {
  const perThousand = whPerThousand(entry);
  const accuracy = entry.metrics.accuracy;
  return perThousand === null || accuracy === undefined || accuracy <= 0 ? null : perThousand / accuracy;
}

/** In-domain minus out-of-domain quality: how much the model loses away from its training distribution. */
export function robustnessGap(entry: BoardEntry): number | null {
  return entry.quality === null || entry.qualityOutOfDomain === null ? null : entry.quality - entry.qualityOutOfDomain;
}

export const BOARD_COLUMNS: readonly ColumnDefinition[] = [
  { key: "rank", label: "Rank", better: "lower", value: (r) => r.rank },
  { key: "team", label: "Team", better: null, value: (r) => r.entry.teamName },
  { key: "model", label: "Model", better: null, value: (r) => r.entry.modelName },
  { key: "quality", label: "Quality (the track's metric)", better: "higher", value: (r) => r.entry.quality },
  { key: "qualityOutOfDomain", label: "Out-of-domain", better: "higher", value: (r) => r.entry.qualityOutOfDomain },
  { key: "robustnessGap", label: "In-domain − OOD gap", better: "lower", value: (r) => robustnessGap(r.entry) },
  { key: "energyWhPerThousand", label: "Wh / 1,000", better: "lower", value: (r) => whPerThousand(r.entry) },
  {
    key: "energyWhPerThousandCorrect",
    label: "Wh / 1,000 correct",
    better: "lower",
    value: (r) => whPerThousandCorrect(r.entry),
  },
  {
    key: "carbonGramsPerThousand",
    label: "gCO2e / 1,000",
    better: "lower",
    value: (r) => numberOrNull(r.entry.carbonGramsPerThousand),
  },
  { key: "latencyP50Ms", label: "Latency p50", better: "lower", value: (r) => r.entry.latencyP50Ms },
  { key: "latencyP90Ms", label: "Latency p90", better: "lower", value: (r) => r.entry.latencyP90Ms },
  { key: "throughputPerSecond", label: "Throughput /s", better: "higher", value: (r) => r.entry.throughputPerSecond },
  {
    key: "peakMemoryMb",
    label: "Peak MB",
    better: "lower",
    value: (r) => (r.entry.peakMemoryBytes === null ? null : r.entry.peakMemoryBytes / 2 ** 20),
  },
  { key: "parameters", label: "Parameters", better: "lower", value: (r) => r.entry.parameters },
  { key: "sparsity", label: "Sparsity", better: "higher", value: (r) => r.entry.sparsity },
  { key: "weightPrecision", label: "Precision", better: null, value: (r) => r.entry.weightPrecision },
  {
    key: "fileSizeKb",
    label: "File KB",
    better: "lower",
    value: (r) => (r.entry.fileSizeBytes === null ? null : r.entry.fileSizeBytes / 1024),
  },
  { key: "macsPerExample", label: "MACs", better: "lower", value: (r) => r.entry.macsPerExample },
  { key: "submittedAt", label: "Date", better: null, value: (r) => r.entry.submittedAt },
];

export function columnByKey(key: ColumnKey): ColumnDefinition {
  return BOARD_COLUMNS.find((column) => column.key === key)!;
}

/**
 * The best value of each column among ranked rows (unranked rows do not set the bar). Energy-derived columns
 * compare only rows of one energy kind: a measured and an estimated joule are not the same number.
 */
export function bestOfColumns(
  rows: readonly RankedEntry[],
  rankedEnergyKind: string,
): Partial<Record<ColumnKey, number>> {
  const best: Partial<Record<ColumnKey, number>> = {};
  const energyColumns = new Set<ColumnKey>([
    "energyWhPerThousand",
    "energyWhPerThousandCorrect",
    "carbonGramsPerThousand",
  ]);
  for (const column of BOARD_COLUMNS) {
    if (!column.better) continue;
    const values = rows
      .filter((row) => row.section === "ranked")
      .filter((row) => !energyColumns.has(column.key) || row.entry.energyKind === rankedEnergyKind)
      .map((row) => column.value(row))
      .filter((value): value is number => typeof value === "number");
    if (values.length === 0) continue;
    best[column.key] = values.reduce((a, b) => (column.better === "higher" ? Math.max(a, b) : Math.min(a, b)));
  }
  return best;
}

/** Sorts rows by a column; missing values always last, whatever the direction. */
export function sortRows(
  rows: readonly RankedEntry[],
  key: ColumnKey,
  direction: "ascending" | "descending",
): RankedEntry[] {
  const column = columnByKey(key);
  const sign = direction === "ascending" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const left = column.value(a);
    const right = column.value(b);
    if (left === null || right === null) return left === right ? 0 : left === null ? 1 : -1;
    if (typeof left === "number" && typeof right === "number") return sign * (left - right);
    return sign * String(left).localeCompare(String(right));
  });
}

/**
 * One SI prefix per column of physical figures, so the figures of a column compare at a glance (15.4, 9.87,
 * 120 µWh; 68.7, 112 µs). Latency columns hold milliseconds; their prefix is for the figure in seconds.
 */
export interface ColumnPrefixes {
  energyWhPerThousand: SiPrefix;
  energyWhPerThousandCorrect: SiPrefix;
  carbonGramsPerThousand: SiPrefix;
  latencyP50Ms: SiPrefix;
  latencyP90Ms: SiPrefix;
}

/** A latency in milliseconds as seconds, the unit its prefix scales. */
export const millisecondsToSeconds = (milliseconds: number | null): number | null =>
  milliseconds === null ? null : milliseconds / 1000;

/** The prefixes of a board's columns, over all its entries (not only the rows shown), so loading more keeps them. */
export function columnPrefixes(entries: readonly BoardEntry[]): ColumnPrefixes {
  return {
    energyWhPerThousand: sharedPrefixFor(entries.map(whPerThousand)),
    energyWhPerThousandCorrect: sharedPrefixFor(entries.map(whPerThousandCorrect)),
    carbonGramsPerThousand: sharedPrefixFor(entries.map((entry) => entry.carbonGramsPerThousand)),
    latencyP50Ms: sharedPrefixFor(entries.map((entry) => millisecondsToSeconds(entry.latencyP50Ms))),
    latencyP90Ms: sharedPrefixFor(entries.map((entry) => millisecondsToSeconds(entry.latencyP90Ms))),
  };
}
