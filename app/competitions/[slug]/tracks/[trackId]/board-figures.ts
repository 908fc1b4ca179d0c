/**
 * How the board prints its figures: SI prefixes and 3 significant digits, never exponent notation
 * (lib/format/si-quantity.ts). Energy-like columns share one prefix per column, named once in the header; the
 * other figures carry their own unit in the header (ms, per second) or their own prefix (parameters, MACs).
 */
import { formatScaled, formatSi, formatSignificant, MISSING_FIGURE, type SiPrefix } from "@/lib/format/si-quantity";
import type { Interval } from "@/lib/ranking/types";

/** A plain figure in the header's unit: 0.0512, 12.3, 1,230. */
export function plainFigure(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING_FIGURE;
  return formatSignificant(value);
}

/** A count scaled with its own prefix: 66,000 parameters is "66.0 k". */
export function countFigure(value: number | null | undefined): string {
  return formatSi(value, "").trim();
}

/** Both ends of an interval, in the column's prefix (or plain), or why there is none. */
export function intervalFigure(interval: Interval | null, options: { scale?: number; prefix?: SiPrefix } = {}): string {
  if (!interval) return "interval not reported";
  const scale = options.scale ?? 1;
  const end = (value: number) =>
    options.prefix ? formatScaled(value * scale, { prefix: options.prefix }) : plainFigure(value * scale);
  return `${end(interval.low)}–${end(interval.high)}`;
}

/** A share as a percentage with one decimal: 0.873 is "87.3%". */
export function percentFigure(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING_FIGURE;
  return `${(value * 100).toFixed(digits)}%`;
}
