/**
 * Any stored metric as people read it: fractions in [0, 1] (accuracy, F1) as percentages like the board, and
 * correlation coefficients in [-1, 1] (MCC) as plain numbers, since "0.0%" would misread a coefficient. Known
 * metrics come in one order everywhere: accuracy, macro-F1, F1, MCC, then the rest by name.
 */
import { formatQualityPercent } from "./metric-names";

const COEFFICIENTS = new Set(["mcc"]);
const ORDER = ["accuracy", "macro_f1", "f1", "mcc"];

export function formatMetricValue(metric: string, value: number | null | undefined): string {
  if (!COEFFICIENTS.has(metric)) return formatQualityPercent(value);
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return value.toFixed(3);
}

export function inMetricOrder(names: readonly string[]): string[] {
  const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
