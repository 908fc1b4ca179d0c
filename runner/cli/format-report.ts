import { formatBinaryBytes } from "../../lib/format/binary-bytes";
import { ENERGY_DISPLAY_BASIS, formatEnergyPerThousand } from "../../lib/format/energy-display";
import { countOf } from "../../lib/format/counted-noun";
import { formatQualityPercent } from "../../lib/format/metric-names";
import { formatMetricValue } from "../../lib/format/metric-value";
import { formatSi, formatSignificant } from "../../lib/format/si-quantity";
import type { EvaluationReport } from "../evaluate/evaluation-report";

// Figures as every page prints them: SI prefixes, 3 significant digits, never an exponent (lib/format).
const joules = (value: number | null) => (value === null ? "missing" : formatSi(value, "J"));
const grams = (value: number | null) => (value === null ? "missing" : formatSi(value, "g"));
const seconds = (milliseconds: number) => formatSi(milliseconds / 1000, "s");
const mib = (bytes: number | null) => (bytes === null ? "missing" : formatBinaryBytes(bytes));

/** The human-readable summary `joulebench evaluate` prints without --json. */
export function formatReport(report: EvaluationReport): string {
  const lines: string[] = [];
  lines.push(
    `Joulebench evaluation: task ${report.task}, profile ${report.profile}${report.sandboxed ? "" : "  (UNSANDBOXED)"}${report.noisy ? "  (NOISY)" : ""}`,
  );
  for (const reason of report.noisyReasons) lines.push(`  noisy: ${reason}`);
  if (report.reruns > 0) lines.push(`  measured ${report.reruns + 1} times (re-run because noisy)`);
  lines.push("");
  lines.push("Quality");
  for (const score of report.scores) {
    const { accuracy, macro_f1, mcc } = score.metrics;
    lines.push(
      `  ${score.split.padEnd(14)} n=${String(score.examples).padEnd(6)} Accuracy ${formatQualityPercent(accuracy)}  Macro-F1 ${formatQualityPercent(macro_f1)}  MCC ${formatMetricValue("mcc", mcc)}`,
    );
  }
  const latency = report.latency;
  lines.push("");
  lines.push("Latency (single-stream, batch 1, tokenization included)");
  lines.push(
    `  p50 ${seconds(latency.p50Ms)}  [95% CI ${seconds(latency.p50CiMs[0])}–${seconds(latency.p50CiMs[1])}]   p90 ${seconds(latency.p90Ms)}  [${seconds(latency.p90CiMs[0])}–${seconds(latency.p90CiMs[1])}]   p99 ${seconds(latency.p99Ms)}   mean ${seconds(latency.meanMs)}`,
  );
  lines.push(
    `  tokenization p50 ${seconds(latency.tokenizationP50Ms)}; ${latency.blocks} blocks of ${latency.queriesPerBlock.join(", ")} queries; interval width ${(latency.relativeWidth * 100).toFixed(1)}%`,
  );
  lines.push("");
  lines.push(
    `Throughput (offline, batch ${report.throughput.batchSize}): ${formatSignificant(report.throughput.examplesPerSecond)} examples/s`,
  );
  lines.push("");
  lines.push(
    `Energy (${report.energy.kind}: ${report.energy.method}; net of idle, gross ${joules(report.energy.grossJoulesPerInference)} per inference)`,
  );
  const interval = report.energy.ciJoulesPerInference
    ? ` [95% CI ${formatEnergyPerThousand(report.energy.ciJoulesPerInference[0])}–${formatEnergyPerThousand(report.energy.ciJoulesPerInference[1])}]`
    : "";
  lines.push(
    `  ${formatEnergyPerThousand(report.energy.joulesPerInference)} ${ENERGY_DISPLAY_BASIS}${interval}   (${joules(report.energy.joulesPerInference)} per inference; single-stream ${joules(report.energy.singleStreamJoulesPerQuery)} per query)`,
  );
  lines.push(
    `  carbon ${grams(report.carbon.gramsPerThousand)} CO2e per 1,000 inferences (grid ${report.carbon.gridGramsPerKwh} g/kWh)`,
  );
  lines.push("");
  lines.push(
    `Memory: peak RSS ${mib(report.memory.peakRssBytes)} (cap ${mib(report.memory.capBytes)} via ${report.memory.capMechanism})`,
  );
  const model = report.model;
  const precision = Object.entries(model.precisionMix)
    .map(([type, count]) => `${type} ${count}`)
    .join(", ");
  lines.push(
    `Model: ${model.parameters.toLocaleString("en")} parameters (${(model.sparsity * 100).toFixed(1)}% zero), ${precision || "no weights"}, ${mib(model.fileSizeBytes)}, ~${model.macsPerExample.total.toLocaleString("en")} MACs per example`,
  );
  lines.push(
    `Host: ${report.host.cpuModel}, ${countOf(report.host.cores, "core")}, kernel ${report.host.kernel}, node ${report.versions.node}, onnxruntime ${report.versions.onnxruntime}`,
  );
  lines.push(
    `Took ${(report.timings.totalMs / 1000).toFixed(1)} s (sandbox ready after ${report.timings.sandboxReadyMs.toFixed(0)} ms, model load ${report.timings.modelLoadMs.toFixed(0)} ms)`,
  );
  return `${lines.join("\n")}\n`;
}
