/**
 * Turns what the child reported into the published figures: metrics per split (computed here, with labels the
 * child never saw), the repeats' latency and energy medians with their spread, and the noise flag. Pure: the
 * arithmetic is tested without running a model.
 */
import { classificationMetrics } from "../../lib/measure/classification-metrics";
import { carbonGramsPerThousand, estimateEnergy, perInference, type EnergyModelConstants } from "../../lib/measure/energy-estimate";
import { isNoisy, medianAndSpread, percentile, summarizeLatencies } from "../../lib/measure/statistics";
import type { ChildMessage } from "../child-protocol";
import type { EnergyMethod, PassWindow } from "./energy-meter";
import type { EnergyReport, LatencyReport, SplitScore } from "./evaluation-report";

export interface ScoredSplit {
  split: string;
  /** Positions of this split's examples in the child's prediction list. */
  offset: number;
  labels: number[];
  /** Subsets scored on their own as well (indices into this split), e.g. the test set's public and private parts. */
  parts?: { name: string; indices: readonly number[] }[];
}

/** Predicted indices are the manifest's; labelMapping turns them into task label indices. */
export function scoreSplits(predicted: readonly number[], splits: readonly ScoredSplit[], labelMapping: readonly number[], labelCount: number): SplitScore[] {
  return splits.map(({ split, offset, labels, parts }) => {
    const mine = predicted.slice(offset, offset + labels.length).map((index) => labelMapping[index] ?? -1);
    const { confusion, ...metrics } = classificationMetrics(labels, mine, labelCount);
    if (!parts) return { split, examples: labels.length, metrics, confusion };
    // An empty part has no metrics to report (a 0 or 1 public fraction leaves one side empty).
    const scoredParts = parts.filter((part) => part.indices.length > 0).map((part) => {
      const { confusion: partConfusion, ...partMetrics } = classificationMetrics(part.indices.map((i) => labels[i]!), part.indices.map((i) => mine[i]!), labelCount);
      return { name: part.name, examples: part.indices.length, metrics: partMetrics, confusion: partConfusion };
    });
    return { split, examples: labels.length, metrics, confusion, parts: scoredParts };
  });
}

export function composeLatency(repeats: readonly Extract<ChildMessage, { type: "latency" }>[]): LatencyReport {
  if (repeats.length === 0) throw new Error("no latency repeats to summarize");
  const summaries = repeats.map((repeat) => summarizeLatencies(repeat.totalMs));
  const p50 = medianAndSpread(summaries.map((summary) => summary.p50));
  const median = (values: number[]) => medianAndSpread(values).median;
  // The interval of the repeat closest to the reported median describes that figure's own uncertainty.
  const closest = summaries.reduce((best, summary) => (Math.abs(summary.p50 - p50.median) < Math.abs(best.p50 - p50.median) ? summary : best));
  return {
    p50Ms: p50.median,
    p90Ms: median(summaries.map((summary) => summary.p90)),
    p99Ms: median(summaries.map((summary) => summary.p99)),
    meanMs: median(summaries.map((summary) => summary.mean)),
    p50CiMs: [closest.p50CiLow, closest.p50CiHigh],
    relativeSpread: p50.relativeSpread,
    queriesPerRepeat: repeats.map((repeat) => repeat.totalMs.length),
    tokenizationP50Ms: median(repeats.map((repeat) => percentile(repeat.tokenizeMs, 50))),
    postprocessP50Ms: median(repeats.map((repeat) => percentile(repeat.postprocessMs, 50))),
  };
}

export function composeThroughput(repeats: readonly Extract<ChildMessage, { type: "throughput" }>[], batchSize: number) {
  const rates = medianAndSpread(repeats.map((repeat) => repeat.examples / (repeat.wallMs / 1000)));
  return { examplesPerSecond: rates.median, batchSize, relativeSpread: rates.relativeSpread };
}

export interface EnergyInputs {
  windows: readonly PassWindow[];
  hostMethod: EnergyMethod;
  measuresGpu: boolean;
  peakRssBytes: number | null;
  constants: EnergyModelConstants;
}

export function composeEnergy(inputs: EnergyInputs): EnergyReport {
  const passes = inputs.windows
    .filter((window) => window.pass !== "accuracy")
    .map((window) => {
      const hostJoules =
        inputs.hostMethod === "measured-rapl"
          ? window.raplJoules
          : inputs.peakRssBytes === null
            ? null
            : estimateEnergy({ cpuSeconds: window.cpuMicros / 1e6, wallSeconds: window.wallMs / 1000, peakRssBytes: inputs.peakRssBytes, profileConstants: inputs.constants }).joules;
      const method: EnergyMethod = inputs.measuresGpu ? "measured-nvml" : inputs.hostMethod;
      return { pass: window.pass, repeat: window.repeat, inferences: window.inferences, wallMs: window.wallMs, cpuMs: window.cpuMicros / 1000, hostJoules, gpuJoules: window.gpuJoules, method };
    });
  const total = (pass: (typeof passes)[number]) => {
    if (pass.hostJoules === null) return null;
    if (inputs.measuresGpu) return pass.gpuJoules === null ? null : pass.hostJoules + pass.gpuJoules;
    return pass.hostJoules;
  };
  const perInferenceOf = (name: string) => {
    const values = passes.filter((pass) => pass.pass === name).map((pass) => {
      const joules = total(pass);
      return joules === null ? null : perInference(joules, pass.inferences).joulesPerInference;
    });
    // One missing repeat makes the figure missing: a median of the survivors would hide a broken counter.
    if (values.length === 0 || values.some((value) => value === null)) return null;
    return medianAndSpread(values as number[]);
  };
  const offline = perInferenceOf("throughput");
  const singleStream = perInferenceOf("latency");
  return {
    method: inputs.measuresGpu ? "measured-nvml" : inputs.hostMethod,
    joulesPerInference: offline?.median ?? null,
    whPerThousand: offline ? (offline.median * 1000) / 3600 : null,
    singleStreamJoulesPerQuery: singleStream?.median ?? null,
    relativeSpread: offline?.relativeSpread ?? null,
    passes,
  };
}

export function composeCarbon(whPerThousand: number | null, gridGramsPerKwh: number) {
  return { gramsPerThousand: whPerThousand === null ? null : carbonGramsPerThousand(whPerThousand, gridGramsPerKwh), gridGramsPerKwh };
}

export function isResultNoisy(latencySpread: number, energySpread: number | null): boolean {
  return isNoisy(latencySpread) || (energySpread !== null && isNoisy(energySpread));
}
