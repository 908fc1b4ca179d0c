/**
 * Metrics a task may name that are not computed from the confusion matrix directly but from other metrics.
 * SuperGLUE scores CB as the unweighted mean of its macro-F1 and accuracy (Wang et al. 2019, SuperGLUE, table 1:
 * "Avg. F1/Acc."; the benchmark's score takes each task's metrics' mean), so a task listing "f1_accuracy_mean"
 * gets that figure beside the others, and the ranking can read it like any other metric.
 */
export type DerivedMetrics = { f1_accuracy_mean?: number };

export function withDerivedMetrics<T extends { accuracy: number; macro_f1: number }>(
  metrics: T,
  taskMetrics: readonly string[],
): T & DerivedMetrics {
  if (!taskMetrics.includes("f1_accuracy_mean")) return metrics;
  return { ...metrics, f1_accuracy_mean: (metrics.accuracy + metrics.macro_f1) / 2 };
}

/** A task's score under a metric, from a result's metrics; null when the result does not have it. */
export function metricValue(metrics: Record<string, number>, metric: string): number | null {
  const direct = metrics[metric];
  if (typeof direct === "number" && Number.isFinite(direct)) return direct;
  if (metric === "f1_accuracy_mean" && typeof metrics.accuracy === "number" && typeof metrics.macro_f1 === "number") {
    return (metrics.accuracy + metrics.macro_f1) / 2;
  }
  return null;
}
