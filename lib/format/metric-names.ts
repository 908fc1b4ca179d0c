/**
 * A metric's name as people read it on the board's header, the cards and the CLI ("Accuracy", "Macro-F1"), from
 * the key the runner stores ("accuracy", "macro_f1"). Unknown keys are shown with their words capitalized, never
 * hidden.
 */
const METRIC_TITLES: Readonly<Record<string, string>> = {
  accuracy: "Accuracy",
  macro_f1: "Macro-F1",
  f1: "F1",
  mcc: "MCC",
};

export function metricTitle(metric: string): string {
  const known = METRIC_TITLES[metric];
  if (known) return known;
  const words = metric.split(/[_\s]+/).filter(Boolean);
  return (
    words.map((word, index) => (index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word)).join(" ") || metric
  );
}

/** A quality figure (a fraction in [0, 1]) as a percentage with one decimal, the way the board prints it. */
export function formatQualityPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return `${(value * 100).toFixed(1)}%`;
}

/** A task's weight as the organizer wrote it: 1, 2, 0.5 (at most 3 significant digits, no padding zeros). */
export function formatWeight(weight: number): string {
  return Number(weight.toPrecision(3)).toLocaleString("en-US", { maximumFractionDigits: 20 });
}
