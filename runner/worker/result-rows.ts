/**
 * The `results` rows of a finished evaluation: one per split a leaderboard shows. The test split becomes its
 * "public" and "private" parts (scored separately, lib/tasks/public-private-split.ts), every out-of-domain
 * split keeps its name ("ood:<name>"). Latency, throughput and energy are properties of the model on this
 * hardware, measured once over the test examples, so every row of an evaluation carries the same figures.
 * The hidden audit split gets no row of its own (its texts and score stay with the organizers): its verdict is
 * in every row's details.audit, and a flagged verdict holds every row for review (held_for_review).
 * Pure: tested without a database.
 */
import type { results } from "../../db/schema";
import type { EvaluationReport, SplitScore } from "../evaluate/evaluation-report";

export type ResultRow = Omit<typeof results.$inferInsert, "id" | "createdAt">;

export function resultRows(evaluationId: string, report: EvaluationReport): ResultRow[] {
  const shared = sharedFigures(report);
  const shown = report.scores.filter((score) => score.split !== "audit");
  return shown
    .flatMap((score) => splitsOf(score))
    .map((split) => ({
      evaluationId,
      split: split.name,
      examples: split.examples,
      metrics: split.metrics,
      ...shared,
      details: { ...shared.details, confusion: split.confusion, ...(report.audit ? { audit: report.audit } : {}) },
      heldForReview: report.audit?.flagged ?? false,
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
    latencyP90CiLowMs: report.latency.p90CiMs[0],
    latencyP90CiHighMs: report.latency.p90CiMs[1],
    throughputPerSecond: report.throughput.examplesPerSecond,
    throughputCiLowPerSecond: report.throughput.ciPerSecond[0],
    throughputCiHighPerSecond: report.throughput.ciPerSecond[1],
    // The headline is net energy (the model's own, idle subtracted); gross is kept beside it.
    energyJoulesPerInference: report.energy.joulesPerInference,
    energyCiLowJoulesPerInference: report.energy.ciJoulesPerInference?.[0] ?? null,
    energyCiHighJoulesPerInference: report.energy.ciJoulesPerInference?.[1] ?? null,
    energyWhPerThousand: report.energy.whPerThousand,
    energyMethod: report.energy.method,
    energyKind: report.energy.kind,
    energyGrossJoulesPerInference: report.energy.grossJoulesPerInference,
    energyGrossCiLowJoulesPerInference: report.energy.ciGrossJoulesPerInference?.[0] ?? null,
    energyGrossCiHighJoulesPerInference: report.energy.ciGrossJoulesPerInference?.[1] ?? null,
    energyHostMethod: report.energy.parts.host.method,
    energyHostJoulesPerInference: report.energy.parts.host.netJoulesPerInference,
    energyGpuMethod: report.energy.parts.gpu?.method ?? null,
    energyGpuJoulesPerInference: report.energy.parts.gpu?.netJoulesPerInference ?? null,
    carbonGramsPerThousand: report.carbon.gramsPerThousand,
    peakRssBytes: report.memory.peakRssBytes,
    noisy: report.noisy,
    noisyReasons: report.noisyReasons,
    reruns: report.reruns,
    interference: { latency: report.interference.latency, throughput: report.interference.throughput },
    sandboxed: report.sandboxed,
    modelFacts: { ...report.model },
    hostFingerprint: { ...report.host },
    details: {
      latency: report.latency,
      throughput: report.throughput,
      energy: report.energy,
      interference: report.interference,
      consistency: report.consistency,
      carbon: report.carbon,
      memory: report.memory,
      versions: report.versions,
      timings: report.timings,
    },
  };
}
