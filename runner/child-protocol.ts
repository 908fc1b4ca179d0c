/**
 * What the runner hands the sandboxed child (a JSON file mounted read-only) and what the child writes back
 * (one JSON object per stdout line). The child never sees the labels: `examples` holds input texts only.
 */
import type { HostFingerprint } from "./measure/host-fingerprint";

export const CHILD_PROTOCOL_VERSION = 2;

export type InputRole = "input_ids" | "attention_mask" | "token_type_ids" | "text" | "text_pair";
export type ScoresKind = "logits" | "probabilities" | "label_index";

export interface ChildJob {
  protocolVersion: number;
  modelPath: string;
  /** Graph input name → what it takes and the element type and rank the graph declares for it. */
  inputs: Record<string, { role: InputRole; dtype: "int64" | "int32" | "string"; rank: number }>;
  output: { name: string; scores: ScoresKind; labelCount: number };
  /**
   * The bundle's tokenizer.json text, when the graph takes token ids. It is parsed and run here, in the sandbox,
   * because a hostile tokenizer (a pathological pre-tokenizer regex, say) must hit the child's timeout, not the runner.
   */
  tokenizer: { jsonText: string; maxLength: number; padTokenId?: number; padToLength?: number } | null;
  /** One entry per example: the task's input fields in order (one text, or a pair). */
  examples: string[][];
  settings: ChildSettings;
}

export interface ChildSettings {
  executionProvider: "cpu" | "cuda";
  intraOpThreads: number;
  interOpThreads: number;
  /** Batch size of the accuracy pass and the offline throughput pass. */
  batchSize: number;
  warmupQueries: number;
  minQueries: number;
  minDurationMs: number;
  throughputMinDurationMs: number;
  /** Interleaved blocks of idle, latency and throughput (measurement-protocol.ts). */
  blocks: number;
  idleFraction: number;
  /** Latency and throughput cycle over examples[0..measuredExamples): the test split, not the extra ones. */
  measuredExamples: number;
  /** onnxruntime's intra-op threads spin-wait for work (the profile decides; docs/methodology.md has the figures). */
  allowSpinning: boolean;
}

export type PassName = "accuracy" | "idle" | "latency" | "throughput";

/**
 * How much the pass was disturbed, measured by the child about itself (docs/methodology.md, "Interference"):
 * - cpuMicros / wallMs: the child's CPU time over its wall time (a single-threaded pass near 1 means it ran; far below,
 *   it waited);
 * - runQueueDelayNs: time its threads were runnable but waiting for a CPU (/proc/self/schedstat, second field, summed
 *   over the process's threads from /proc/self/task/N/schedstat); null where the kernel has no schedstats;
 * - involuntaryContextSwitches: times the kernel took the CPU away from it (getrusage ru_nivcsw).
 */
export interface PassInterference {
  cpuMicros: number;
  runQueueDelayNs: number | null;
  involuntaryContextSwitches: number;
}

/** What the child's own process sees of the host, taken inside the sandbox (affinity, cgroup and all). */
export type ChildHost = HostFingerprint;

export type ChildMessage =
  | { type: "ready"; loadMs: number; graphInputs: string[]; graphOutputs: string[] }
  | { type: "host"; host: ChildHost }
  | { type: "progress"; phase: PassName; fraction: number; block?: number }
  | { type: "pass-start"; pass: PassName; block: number }
  | ({ type: "pass-end"; pass: PassName; block: number; wallMs: number; inferences: number } & PassInterference)
  /** truncated: indices of the examples longer than the maximum length, cut by the tokenizer (absent: none). */
  | { type: "predictions"; predicted: number[]; truncated?: number[] }
  /** `predicted[i]` is the answer to example `exampleIndex[i]`: kept so they can be checked against the accuracy pass. */
  | {
      type: "latency";
      block: number;
      totalMs: number[];
      tokenizeMs: number[];
      postprocessMs: number[];
      exampleIndex: number[];
      predicted: number[];
    }
  /** The offline pass answered examples firstExample, firstExample + 1, … (mod measuredExamples), in order. */
  | { type: "throughput"; block: number; examples: number; wallMs: number; firstExample: number; predicted: number[] }
  /** After the first batch, then at most once a second: batches answered so far (runner/child/heartbeat.ts). */
  | { type: "heartbeat"; batches: number }
  | { type: "done"; peakRssBytes: number }
  | { type: "error"; code: string; message: string };
