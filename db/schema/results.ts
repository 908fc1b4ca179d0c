import { boolean, doublePrecision, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
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
    peakRssBytes: doublePrecision("peak_rss_bytes"),
    noisy: boolean("noisy").notNull().default(false),
    sandboxed: boolean("sandboxed").notNull().default(true),
    // Parameters, non-zero parameters, precision mix, op histogram, MACs per example, file size.
    modelFacts: jsonb("model_facts").$type<Record<string, unknown>>().notNull().default({}),
    // CPU model, cores, memory, kernel, node and onnxruntime versions of the host that measured it.
    hostFingerprint: jsonb("host_fingerprint").$type<Record<string, unknown>>().notNull().default({}),
    // Everything else the protocol reports (repeats, spread, per-pass energy, tokenization time).
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (r) => [uniqueIndex("results_evaluation_split_idx").on(r.evaluationId, r.split)],
);
export type Result = typeof results.$inferSelect;
