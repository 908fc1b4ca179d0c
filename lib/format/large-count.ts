/**
 * Counts for people (queries, parameters, multiply-accumulates, examples per second): three significant digits,
 * in words past a million ("731 million", not "7.31e+8" or "731,000,000"), so a count reads at a glance.
 */
import { formatSignificant, MISSING_FIGURE } from "./si-quantity";

const SCALES: readonly { word: string; size: number }[] = [
  { word: "trillion", size: 1e12 },
  { word: "billion", size: 1e9 },
  { word: "million", size: 1e6 },
];

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING_FIGURE;
  const magnitude = Math.abs(Number(value.toPrecision(3)));
  const scale = SCALES.find((candidate) => magnitude >= candidate.size);
  if (scale) return `${formatSignificant(value / scale.size)} ${scale.word}`;
  // Whole numbers below 1,000 print as they are ("872 examples"), not padded ("872" rather than "872.").
  if (Number.isInteger(value) && magnitude < 1000) return String(value);
  return formatSignificant(value);
}
