/**
 * What the runner hands the sandboxed child (a JSON file mounted read-only) and what the child writes back
 * (one JSON object per stdout line). The child never sees the labels: `examples` holds input texts only.
 */
export const CHILD_PROTOCOL_VERSION = 1;

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
  repeats: number;
  /** Latency and throughput cycle over examples[0..measuredExamples): the test split, not the extra ones. */
  measuredExamples: number;
}

export type PassName = "accuracy" | "latency" | "throughput";

export type ChildMessage =
  | { type: "ready"; loadMs: number; graphInputs: string[]; graphOutputs: string[] }
  | { type: "progress"; phase: PassName; fraction: number; repeat?: number }
  | { type: "pass-start"; pass: PassName; repeat: number }
  | { type: "pass-end"; pass: PassName; repeat: number; wallMs: number; cpuMicros: number; inferences: number }
  | { type: "predictions"; predicted: number[] }
  | { type: "latency"; repeat: number; totalMs: number[]; tokenizeMs: number[]; postprocessMs: number[] }
  | { type: "throughput"; repeat: number; examples: number; wallMs: number }
  /** After the first batch, then at most once a second: batches answered so far (runner/child/heartbeat.ts). */
  | { type: "heartbeat"; batches: number }
  | { type: "done"; peakRssBytes: number }
  | { type: "error"; code: string; message: string };
