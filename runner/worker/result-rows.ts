/**
 * The `results` rows of a finished evaluation: one per split a leaderboard shows. The test split becomes its
 * "public" and "private" parts (scored separately, lib/tasks/public-private-split.ts), every out-of-domain
 * split keeps its name ("ood:<name>"). Latency, throughput and energy are properties of the model on this
 * hardware, measured once over the test examples, so every row of an evaluation carries the same figures.
 * Pure: tested without a database.
 */
import type { results } from "../../db/schema";
import type { EvaluationReport, SplitScore } from "../evaluate/evaluation-report";

export type ResultRow = Omit<typeof results.$inferInsert, "id" | "createdAt">;

export function resultRows(evaluationId: string, report: EvaluationReport): ResultRow[] {
  const shared = sharedFigures(report);
  return report.scores.flatMap((score) => splitsOf(score)).map((split) => ({
    evaluationId,
    split: split.name,
    examples: split.examples,
    metrics: split.metrics,
    ...shared,
    details: { ...shared.details, confusion: split.confusion },
  }));
}

function splitsOf(score: SplitScore) {
  if (score.split === "test" && score.parts) return score.parts;
  return [{ name: score.split, examples: score.examples, metrics: score.metrics, confusion: score.confusion }];
}

function sharedFigures(report: EvaluationReport) {
  return {
    latencyP50Ms: report.latency.p50Ms,
    latencyP90Ms: report.latency.p90Ms,
    latencyP99Ms: report.latency.p99Ms,
    latencyMeanMs: report.latency.meanMs,
    latencyP50CiLowMs: report.latency.p50CiMs[0],
    latencyP50CiHighMs: report.latency.p50CiMs[1],
    throughputPerSecond: report.throughput.examplesPerSecond,
    energyJoulesPerInference: report.energy.joulesPerInference,
    energyWhPerThousand: report.energy.whPerThousand,
    energyMethod: report.energy.method,
    carbonGramsPerThousand: report.carbon.gramsPerThousand,
    peakRssBytes: report.memory.peakRssBytes,
    noisy: report.noisy,
    sandboxed: report.sandboxed,
    modelFacts: { ...report.model },
    hostFingerprint: { ...report.host },
    details: {
      latency: report.latency,
      throughput: report.throughput,
      energy: report.energy,
      carbon: report.carbon,
      memory: report.memory,
      versions: report.versions,
      timings: report.timings,
    } as Record<string, unknown>,
  };
}
