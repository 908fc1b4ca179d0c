/**
 * An interval in SI units with one prefix for both ends, the one of the larger end: "18.1–20.3 µWh", so the ends
 * compare at a glance and the unit is written once. Missing ends say so in words.
 */
import { formatScaled, MISSING_FIGURE, prefixFor } from "./si-quantity";

export const INTERVAL_NOT_REPORTED = "interval not reported";

export function formatSiRange(low: number | null | undefined, high: number | null | undefined, unit: string): string {
  if (
    low === null ||
    low === undefined ||
    high === null ||
    high === undefined ||
    !Number.isFinite(low) ||
    !Number.isFinite(high)
  ) {
    return INTERVAL_NOT_REPORTED;
  }
  const prefix = prefixFor(Math.max(Math.abs(low), Math.abs(high)));
  const lowText = formatScaled(low, { prefix });
  return lowText === MISSING_FIGURE
    ? INTERVAL_NOT_REPORTED
    : `${lowText}–${formatScaled(high, { prefix })} ${prefix.symbol}${unit}`;
}
