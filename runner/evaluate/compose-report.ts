/**
 * Turns what the child reported into the published figures: metrics per split (computed here, with labels the
 * child never saw), and latency and throughput as medians over blocks with the blocks' 95% intervals (energy:
 * compose-energy.ts). Pure: the arithmetic is tested without running a model.
 */
import { classificationMetrics } from "../measure/classification-metrics";
import { carbonGramsPerThousand } from "../../lib/profiles/energy-estimate";
import { blockInterval, percentile, summarizeLatencies } from "../../lib/statistics/sample-statistics";
import type { ChildMessage } from "../child-protocol";
import type { LatencyReport, SplitScore, ThroughputReport } from "./evaluation-report";

export interface ScoredSplit {
  split: string;
  /** Positions of this split's examples in the child's prediction list. */
  offset: number;
  labels: number[];
  /** Subsets scored on their own as well (indices into this split), e.g. the test set's public and private parts. */
  parts?: { name: string; indices: readonly number[] }[];
}

/** Predicted indices are the manifest's; labelMapping turns them into task label indices. */
export function scoreSplits(
  predicted: readonly number[],
  splits: readonly ScoredSplit[],
  labelMapping: readonly number[],
  labelCount: number,
  truncatedIndices: readonly number[] = [],
): SplitScore[] {
  return splits.map(({ split, offset, labels, parts }) => {
    const mine = predicted.slice(offset, offset + labels.length).map((index) => labelMapping[index] ?? -1);
    const { confusion, ...metrics } = classificationMetrics(labels, mine, labelCount);
    // Examples the tokenizer cut to the model's maximum length: scored as cut, and counted so the report says so.
    const truncated = truncatedIndices.filter((index) => index >= offset && index < offset + labels.length).length;
    if (!parts) return { split, examples: labels.length, truncated, metrics, confusion };
    // An empty part has no metrics to report (a 0 or 1 public fraction leaves one side empty).
    const scoredParts = parts
      .filter((part) => part.indices.length > 0)
      .map((part) => {
        const { confusion: partConfusion, ...partMetrics } = classificationMetrics(
          part.indices.map((i) => labels[i]!),
          part.indices.map((i) => mine[i]!),
          labelCount,
        );
        return { name: part.name, examples: part.indices.length, metrics: partMetrics, confusion: partConfusion };
      });
    return { split, examples: labels.length, truncated, metrics, confusion, parts: scoredParts };
  });
}

/** Latency over blocks: each block's p50 and p90, their medians and intervals over blocks; p99 and mean pooled. */
export function composeLatency(blocks: readonly Extract<ChildMessage, { type: "latency" }>[]): LatencyReport {
  if (blocks.length === 0) throw new Error("no latency blocks to summarize");
  const summaries = blocks.map((block) => summarizeLatencies(block.totalMs));
  const p50 = blockInterval(summaries.map((summary) => summary.p50));
  const p90 = blockInterval(summaries.map((summary) => summary.p90));
  // p99 needs more queries than one block holds: it is read from all queries together, as is the mean.
  const pooled = summarizeLatencies(blocks.flatMap((block) => block.totalMs));
  return {
    p50Ms: p50.median,
    p50CiMs: [p50.low, p50.high],
    p90Ms: p90.median,
    p90CiMs: [p90.low, p90.high],
    p99Ms: pooled.p99,
    meanMs: pooled.mean,
    relativeWidth: p50.relativeWidth,
    p90RelativeWidth: p90.relativeWidth,
    ciCoverage: p50.coverage,
    blocks: blocks.length,
    queriesPerBlock: blocks.map((block) => block.totalMs.length),
    tokenizationP50Ms: percentile(
      blocks.flatMap((block) => block.tokenizeMs),
      50,
    ),
    postprocessP50Ms: percentile(
      blocks.flatMap((block) => block.postprocessMs),
      50,
    ),
  };
}

export function composeThroughput(
  blocks: readonly Extract<ChildMessage, { type: "throughput" }>[],
  batchSize: number,
): ThroughputReport {
  if (blocks.length === 0) throw new Error("no throughput blocks to summarize");
  const rates = blockInterval(blocks.map((block) => block.examples / (block.wallMs / 1000)));
  return {
    examplesPerSecond: rates.median,
    ciPerSecond: [rates.low, rates.high],
    relativeWidth: rates.relativeWidth,
    batchSize,
    blocks: blocks.length,
  };
}

export function composeCarbon(whPerThousand: number | null, gridGramsPerKwh: number) {
  return {
    gramsPerThousand: whPerThousand === null ? null : carbonGramsPerThousand(whPerThousand, gridGramsPerKwh),
    gridGramsPerKwh,
  };
}
