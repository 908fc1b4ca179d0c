import { boolean, doublePrecision, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { ResultDetails, StoredHostFingerprint, StoredInterference, StoredModelFacts } from "./result-json";
import { evaluations } from "./submissions";

/**
 * One row per evaluation and test split ("public", "private", "ood"), written in one transaction with the
 * evaluation's final state. Energy is always stored with the method that produced it; a measurement that could
 * not be made is null, never invented.
 */
export const results = pgTable(
  "results",
  {
    id: text("id")
      .primaryKey()
      .$defaultFn(() => crypto.randomUUID()),
    evaluationId: text("evaluation_id")
      .notNull()
      .references(() => evaluations.id, { onDelete: "cascade" }),
    split: text("split").notNull(),
    examples: integer("examples").notNull(),
    // e.g. { accuracy: 0.83, macro_f1: 0.82, mcc: 0.66 }
    metrics: jsonb("metrics").$type<Record<string, number>>().notNull(),
    latencyP50Ms: doublePrecision("latency_p50_ms"),
    latencyP90Ms: doublePrecision("latency_p90_ms"),
    latencyP99Ms: doublePrecision("latency_p99_ms"),
    latencyMeanMs: doublePrecision("latency_mean_ms"),
    latencyP50CiLowMs: doublePrecision("latency_p50_ci_low_ms"),
    latencyP50CiHighMs: doublePrecision("latency_p50_ci_high_ms"),
    throughputPerSecond: doublePrecision("throughput_per_second"),
    energyJoulesPerInference: doublePrecision("energy_joules_per_inference"),
    energyWhPerThousand: doublePrecision("energy_wh_per_thousand"),
    // "measured-rapl" | "measured-nvml" | "estimated"
    energyMethod: text("energy_method"),
    carbonGramsPerThousand: doublePrecision("carbon_grams_per_thousand"),
    // Protocol 2026.11-3 (docs/methodology.md): energyJoulesPerInference is the offline pass's net energy (gross
    // minus idle power measured in the same evaluation), the median over blocks; these bound its 95% interval.
    energyCiLowJoulesPerInference: doublePrecision("energy_ci_low_joules_per_inference"),
    energyCiHighJoulesPerInference: doublePrecision("energy_ci_high_joules_per_inference"),
    // "measured" only when every part was measured; never rank the two kinds together.
    energyKind: text("energy_kind"),
    energyGrossJoulesPerInference: doublePrecision("energy_gross_joules_per_inference"),
    energyGrossCiLowJoulesPerInference: doublePrecision("energy_gross_ci_low_joules_per_inference"),
    energyGrossCiHighJoulesPerInference: doublePrecision("energy_gross_ci_high_joules_per_inference"),
    // Net energy per inference of each part with its own method: host ("measured-rapl" | "estimated"), GPU
    // ("measured-nvml", null on CPU profiles).
    energyHostMethod: text("energy_host_method"),
    energyHostJoulesPerInference: doublePrecision("energy_host_joules_per_inference"),
    energyGpuMethod: text("energy_gpu_method"),
    energyGpuJoulesPerInference: doublePrecision("energy_gpu_joules_per_inference"),
    latencyP90CiLowMs: doublePrecision("latency_p90_ci_low_ms"),
    latencyP90CiHighMs: doublePrecision("latency_p90_ci_high_ms"),
    throughputCiLowPerSecond: doublePrecision("throughput_ci_low_per_second"),
    throughputCiHighPerSecond: doublePrecision("throughput_ci_high_per_second"),
    // Why a result is noisy (an interval too wide, a disturbed pass), and how often the worker re-measured it.
    noisyReasons: jsonb("noisy_reasons").$type<string[]>().notNull().default([]),
    reruns: integer("reruns").notNull().default(0),
    // Per timed pass kind: CPU over wall, run-queue share, involuntary switches per second, other cores' busy share.
    interference: jsonb("interference").$type<StoredInterference>().notNull().default({}),
    peakRssBytes: doublePrecision("peak_rss_bytes"),
    noisy: boolean("noisy").notNull().default(false),
    // The hidden audit split's score fell further below the test score than the task allows (details.audit):
    // held for an organizer's review, not ranked (lib/tasks/audit-review.ts).
    heldForReview: boolean("held_for_review").notNull().default(false),
    sandboxed: boolean("sandboxed").notNull().default(true),
    // Parameters, non-zero parameters, precision mix, op histogram, MACs per example, file size.
    modelFacts: jsonb("model_facts").$type<StoredModelFacts>().notNull().default({}),
    // CPU model, cores, memory, kernel, node and onnxruntime versions of the host that measured it.
    hostFingerprint: jsonb("host_fingerprint").$type<StoredHostFingerprint>().notNull().default({}),
    // Everything else the protocol reports; the shapes of these JSON columns are in ./result-json.ts.
    // (repeats, spread, per-pass energy, tokenization time).
    details: jsonb("details").$type<ResultDetails>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (r) => [uniqueIndex("results_evaluation_split_idx").on(r.evaluationId, r.split)],
);
export type Result = typeof results.$inferSelect;
