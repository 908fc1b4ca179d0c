/** Number formatting shared by the board, the model page and the exports' human-readable parts. */
import type { Interval } from "@/lib/ranking/types";

export const MISSING = "—";

/**
 * One formatter for the process: `toLocaleString` with options builds a new Intl.NumberFormat on every call, which
 * was a third of a board page's server time (about a thousand figures per page).
 */
const plainNumber = new Intl.NumberFormat("en-US", { maximumFractionDigits: 6 });

/** Three significant digits, in plain or scientific notation as the magnitude asks. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-3) return value.toExponential(digits - 1);
  return plainNumber.format(Number(value.toPrecision(digits)));
}

export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return `${(value * 100).toFixed(digits)}%`;
}

export function formatInterval(interval: Interval | null, scale = 1): string {
  if (!interval) return "interval not reported";
  return `${formatNumber(interval.low * scale)}–${formatNumber(interval.high * scale)}`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return MISSING;
  const units = ["B", "KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${formatNumber(value)} ${units[unit]}`;
}

export function formatDate(iso: string): string {
  return iso.slice(0, 10);
}
