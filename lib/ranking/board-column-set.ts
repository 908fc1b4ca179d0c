/**
 * Which of the board's columns a visitor sees. Rank and model are always shown (and stay put when the table scrolls
 * sideways); the default set fits a 1280 px screen: team, the track's metric, energy and latency p90 (stars come
 * last, always). The rest are a choice away, kept in the address (?cols=team,quality,...) so a shared link shows
 * the same table.
 */
import type { ColumnKey } from "./columns";

/** Every column a visitor may add or remove, in the order the table shows them. */
export const CHOOSABLE_COLUMNS: readonly ColumnKey[] = [
  "team",
  "quality",
  "qualityOutOfDomain",
  "robustnessGap",
  "energyWhPerThousand",
  "energyWhPerThousandCorrect",
  "carbonGramsPerThousand",
  "latencyP50Ms",
  "latencyP90Ms",
  "throughputPerSecond",
  "peakMemoryMb",
  "parameters",
  "sparsity",
  "weightPrecision",
  "fileSizeKb",
  "macsPerExample",
  "submittedAt",
];

export const DEFAULT_BOARD_COLUMNS: readonly ColumnKey[] = ["team", "quality", "energyWhPerThousand", "latencyP90Ms"];

/** The address parameter that holds the choice. */
export const COLUMNS_PARAM = "cols";

/**
 * The visitor's columns from ?cols=: unknown names are ignored, the table's own order is kept; no parameter means
 * the default set, an empty one means rank, model and stars alone.
 */
export function parseColumnChoice(param: string | null | undefined): ColumnKey[] {
  if (param === null || param === undefined) return [...DEFAULT_BOARD_COLUMNS];
  const asked = new Set(param.split(",").map((name) => name.trim()));
  return CHOOSABLE_COLUMNS.filter((key) => asked.has(key));
}

/** The ?cols= value for a choice; null when it is the default set, so a default board keeps a clean address. */
export function columnChoiceParam(chosen: readonly ColumnKey[]): string | null {
  const ordered = CHOOSABLE_COLUMNS.filter((key) => chosen.includes(key));
  const isDefault =
    ordered.length === DEFAULT_BOARD_COLUMNS.length &&
    ordered.every((key, index) => key === DEFAULT_BOARD_COLUMNS[index]);
  return isDefault ? null : ordered.join(",");
}
