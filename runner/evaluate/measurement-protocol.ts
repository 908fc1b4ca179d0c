/**
 * The measurement protocol's knobs and their defaults. docs/methodology.md gives the reasoning and sources; a
 * change here is a change of protocol and must be made there too (the version is stored with every result).
 */
import { z } from "zod";
import { NOISE_THRESHOLDS } from "../../lib/statistics/sample-statistics";

export const PROTOCOL_VERSION = "2026.11-4";

export const measurementProtocolSchema = z.object({
  /**
   * Latency and throughput are measured in this many interleaved blocks (idle slice, latency block, throughput
   * block, repeated), and every interval is computed over the blocks: queries inside one block are autocorrelated
   * (same frequency, same cache state, same neighbours), blocks far less so. 10 blocks give a distribution-free
   * 95% interval of the median, [2nd, 9th] of 10 (coverage 97.9%).
   */
  blocks: z.number().int().min(1).max(100).default(10),
  /** Untimed queries before the first latency block: onnxruntime allocates its arena and V8 compiles the tokenizer. */
  warmupQueries: z.number().int().min(0).max(10_000).default(32),
  /** Single-stream queries over all blocks together, at least (MLPerf Inference's SingleStream minimum, 1024). */
  minQueries: z.number().int().min(1).max(1_000_000).default(1024),
  /** Single-stream time over all blocks together, at least; each block gets its share. */
  minDurationMs: z.number().int().min(0).max(3_600_000).default(20_000),
  /** Offline (batched) time over all blocks together, at least; each block runs at least one batch. */
  throughputMinDurationMs: z.number().int().min(0).max(3_600_000).default(10_000),
  /**
   * Each block opens with an idle slice (model loaded, nothing running) this long relative to the block's timed
   * share, so idle power is measured in the same evaluation, interleaved with the load, and subtracted for net energy.
   */
  idleFraction: z.number().min(0).max(1).default(0.2),
  /**
   * Share of the latency and offline passes' answers that may differ from the accuracy pass's on the same examples
   * before the run fails with INCONSISTENT_PREDICTIONS (MLPerf TEST01). Not 0: batched and single kernels sum in
   * different orders, which can flip an argmax at a near-tie.
   */
  consistencyTolerance: z.number().min(0).max(1).default(0.001),
  /**
   * A headline figure whose 95% interval is wider than this share of its value is noisy, one limit per figure,
   * calibrated on a quiet host (NOISE_THRESHOLDS in lib/statistics/sample-statistics.ts says how).
   */
  noisyLatencyP50Width: z.number().min(0).max(10).default(NOISE_THRESHOLDS.latencyP50),
  noisyLatencyP90Width: z.number().min(0).max(10).default(NOISE_THRESHOLDS.latencyP90),
  noisyThroughputWidth: z.number().min(0).max(10).default(NOISE_THRESHOLDS.throughput),
  noisyEnergyWidth: z.number().min(0).max(10).default(NOISE_THRESHOLDS.energy),
  /**
   * A timed pass that waited for a CPU (run-queue delay) longer than this share of its wall time was disturbed.
   * Calibrated: a quiet host's passes waited 3.6–5.1% (wake-ups between queries), a saturated one's 57–99%.
   */
  disturbedRunQueueShare: z.number().min(0).max(1).default(0.1),
  /** A timed pass during which the host's other cores were busier than this on average was disturbed. */
  disturbedOtherCoresBusy: z.number().min(0).max(1).default(0.5),
  /** A noisy or disturbed result is measured again by the worker at most this many times (no quota is spent). */
  maxReruns: z.number().int().min(0).max(5).default(2),
  /** Wall-clock limit of the whole sandboxed run, model load included. */
  timeoutMs: z
    .number()
    .int()
    .min(1_000)
    .max(6 * 3_600_000)
    .default(30 * 60_000),
  /** Watchdog (runner/evaluate/watchdog.ts): onnxruntime must load the model within this... */
  modelLoadTimeoutMs: z
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(5 * 60_000),
  /** ...answer the accuracy pass's first batch within this after loading... */
  firstBatchTimeoutMs: z
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(2 * 60_000),
  /** ...and never go this long without answering a batch after that. */
  stallTimeoutMs: z
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(2 * 60_000),
});

export type MeasurementProtocol = z.infer<typeof measurementProtocolSchema>;

export function measurementProtocol(overrides: Partial<MeasurementProtocol> = {}): MeasurementProtocol {
  return measurementProtocolSchema.parse(overrides);
}
