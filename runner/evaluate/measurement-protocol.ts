/**
 * The measurement protocol's knobs and their defaults. docs/methodology.md gives the reasoning and sources; a
 * change here is a change of protocol and must be made there too (the version is stored with every result).
 */
import { z } from "zod";

export const PROTOCOL_VERSION = "2026.11-2";

export const measurementProtocolSchema = z.object({
  /** Latency and energy passes are repeated; the median is reported and the spread flags noisy results. */
  repeats: z.number().int().min(1).max(20).default(3),
  /** Untimed queries before each latency pass: onnxruntime allocates its arena and V8 compiles the tokenizer. */
  warmupQueries: z.number().int().min(0).max(10_000).default(32),
  /** MLPerf Inference's SingleStream minimum query count. */
  minQueries: z.number().int().min(1).max(1_000_000).default(1024),
  /** MLPerf asks 600 s per run; 10 s per repeat keeps a queue of many submissions moving (see methodology). */
  minDurationMs: z.number().int().min(0).max(3_600_000).default(10_000),
  /** The offline pass sweeps the test set at least once and runs at least this long. */
  throughputMinDurationMs: z.number().int().min(0).max(3_600_000).default(5_000),
  /** Wall-clock limit of the whole sandboxed run, model load included. */
  timeoutMs: z.number().int().min(1_000).max(6 * 3_600_000).default(30 * 60_000),
  /** Watchdog (runner/evaluate/watchdog.ts): onnxruntime must load the model within this... */
  modelLoadTimeoutMs: z.number().int().min(100).max(3_600_000).default(5 * 60_000),
  /** ...answer the accuracy pass's first batch within this after loading... */
  firstBatchTimeoutMs: z.number().int().min(100).max(3_600_000).default(2 * 60_000),
  /** ...and never go this long without answering a batch after that. */
  stallTimeoutMs: z.number().int().min(100).max(3_600_000).default(2 * 60_000),
});

export type MeasurementProtocol = z.infer<typeof measurementProtocolSchema>;

export function measurementProtocol(overrides: Partial<MeasurementProtocol> = {}): MeasurementProtocol {
  return measurementProtocolSchema.parse(overrides);
}
