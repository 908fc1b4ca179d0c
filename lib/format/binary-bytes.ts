/**
 * Sizes of files and uploads in binary units (KiB, MiB, GiB), three significant digits: one way of writing a size
 * limit on every page ("256 MiB", never "256 MB" on one page and "256.0 MiB" on another).
 */
import { formatSignificant, MISSING_FIGURE } from "./si-quantity";

const BINARY_UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

export function formatBinaryBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return MISSING_FIGURE;
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Whole bytes and exact sizes ("256 MiB") print without padding zeros.
  const printed = Number.isInteger(value) ? String(value) : formatSignificant(value);
  return `${printed} ${BINARY_UNITS[unit]}`;
}
