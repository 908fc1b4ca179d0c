/**
 * One inference over a batch of examples, the way a user would pay for it: tokenization, the graph, and turning
 * scores into predicted indices. Each part is timed on its own so tokenization cost can also be reported apart.
 */
import type { InferenceSession, Tensor as OrtTensor } from "onnxruntime-node";
import type { ChildJob } from "../child-protocol";
import type { BatchEncoder } from "./batch-encoder";

export class ChildFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface BatchTiming {
  tokenizeMs: number;
  inferenceMs: number;
  postprocessMs: number;
  /**
   * From the first text to the last predicted index: the three parts above, on one pair of clock reads. The latency
   * pass reports this rather than timing the call from outside, which would add two clock reads (~0.13 µs each
   * on a KVM guest) and the await hop back to the caller (~0.2 µs), costs of the harness, not of the model.
   */
  totalMs: number;
}

type TensorConstructor = typeof OrtTensor;

/** truncatedRows: indices (in this batch) of the examples the tokenizer cut to the maximum length. */
export type BatchRunner = (
  examples: string[][],
) => Promise<{ predicted: number[]; timing: BatchTiming; truncatedRows: number[] }>;

/**
 * One inference function per job. Everything that depends only on the job (the list of graph inputs, the output
 * names) is worked out here once, not on every query: Object.entries per query measured ~0.8 µs of a ~95 µs
 * bag-of-words query (docs/BENCHMARKS.md).
 */
export function createBatchRunner(
  session: InferenceSession,
  Tensor: TensorConstructor,
  job: ChildJob,
  encoder: BatchEncoder | null,
): BatchRunner {
  const inputs = Object.entries(job.inputs);
  const outputNames = [job.output.name];
  return async (examples) => {
    const t0 = performance.now();
    const feeds: Record<string, OrtTensor> = {};
    const encoded = encoder ? encoder.encode(examples) : null;
    for (const [inputName, input] of inputs) {
      if (input.role === "text" || input.role === "text_pair") {
        const texts = examples.map((fields) => (input.role === "text" ? fields[0] : fields[1]) ?? "");
        const dims = input.rank === 2 ? [texts.length, 1] : [texts.length];
        feeds[inputName] = new Tensor("string", texts, dims);
        continue;
      }
      if (!encoded) throw new ChildFailure("CHILD_SETUP", `input ${inputName} needs a tokenizer`);
      const values =
        input.role === "input_ids"
          ? encoded.inputIds
          : input.role === "attention_mask"
            ? encoded.attentionMask
            : encoded.tokenTypeIds;
      const dims = [encoded.batchSize, encoded.sequenceLength];
      feeds[inputName] =
        input.dtype === "int32"
          ? new Tensor("int32", Int32Array.from(values, Number), dims)
          : new Tensor("int64", values, dims);
    }
    const t1 = performance.now();
    const outputs = await session.run(feeds, outputNames);
    const t2 = performance.now();
    const predicted = decodeScores(outputs[job.output.name], job, examples.length);
    const t3 = performance.now();
    return {
      predicted,
      timing: { tokenizeMs: t1 - t0, inferenceMs: t2 - t1, postprocessMs: t3 - t2, totalMs: t3 - t0 },
      truncatedRows: encoded?.truncatedRows ?? [],
    };
  };
}

/** argmax of each row (or the label index itself), refusing outputs that cannot be scored. */
export function decodeScores(
  output: OrtTensor | undefined,
  job: Pick<ChildJob, "output">,
  batchSize: number,
): number[] {
  if (!output) throw new ChildFailure("OUTPUT_MISSING", `the model produced no output named "${job.output.name}"`);
  const { labelCount, scores } = job.output;
  const dims = output.dims.map(Number);
  if (scores === "label_index") {
    const okShape =
      (dims.length === 1 && dims[0] === batchSize) || (dims.length === 2 && dims[0] === batchSize && dims[1] === 1);
    if (!okShape) throw shapeError(dims, `[${batchSize}]`);
    return Array.from(output.data as ArrayLike<number | bigint>, (value) => {
      const index = Number(value);
      if (!Number.isInteger(index) || index < 0 || index >= labelCount) {
        throw new ChildFailure("INVALID_OUTPUT", `label index ${String(value)} is outside 0..${labelCount - 1}`);
      }
      return index;
    });
  }
  if (dims.length !== 2 || dims[0] !== batchSize || dims[1] !== labelCount) {
    throw shapeError(dims, `[${batchSize}, ${labelCount}]`);
  }
  const data = output.data as Float32Array | Float64Array;
  if (!(data instanceof Float32Array || data instanceof Float64Array)) {
    throw new ChildFailure("INVALID_OUTPUT", `scores output "${job.output.name}" is ${output.type}, expected float`);
  }
  const predicted = new Array<number>(batchSize);
  for (let row = 0; row < batchSize; row += 1) {
    let best = 0;
    let bestScore = -Infinity;
    for (let column = 0; column < labelCount; column += 1) {
      const score = data[row * labelCount + column]!;
      if (Number.isNaN(score)) {
        throw new ChildFailure("INVALID_OUTPUT", `the model's scores contain NaN (example ${row} of a batch)`);
      }
      if (score > bestScore) {
        bestScore = score;
        best = column;
      }
    }
    predicted[row] = best;
  }
  return predicted;
}

function shapeError(dims: number[], expected: string): ChildFailure {
  return new ChildFailure("OUTPUT_SHAPE_MISMATCH", `output shape is [${dims.join(", ")}], expected ${expected}`);
}
