/**
 * One query the way a careful engineer would write it by hand against onnxruntime-node: tokenize with the same
 * encoder the runner uses (lib/tokenize/text-encoder.ts), wrap the int64 arrays in tensors, session.run, argmax.
 * Timed from the first to the last instruction, as the runner's batch runner times itself (BatchTiming.totalMs).
 */
import type * as ort from "onnxruntime-node";
import type { TokenEncoder } from "../../../lib/tokenize/text-encoder";

export interface BareQuerySettings {
  inputs: Record<string, "input_ids" | "attention_mask" | "token_type_ids">;
  outputName: string;
  labelCount: number;
  padTokenId: number;
}

export interface BareQueryTiming {
  totalMs: number;
  /** Tokenization and tensor creation. */
  tokenizeMs: number;
  /** session.run alone: what onnxruntime_perf_test would time. */
  runMs: number;
}

export type BareQuery = (texts: readonly string[]) => Promise<{ predicted: number[]; timing: BareQueryTiming }>;

export function createBareQuery(
  session: ort.InferenceSession,
  Tensor: typeof ort.Tensor,
  encoder: TokenEncoder,
  settings: BareQuerySettings,
): BareQuery {
  const inputs = Object.entries(settings.inputs);
  const fetches = [settings.outputName];
  const { labelCount } = settings;
  return async (texts) => {
    const t0 = performance.now();
    const encoded = encoder.encodeBatch(
      texts.map((text) => ({ text })),
      { padTokenId: settings.padTokenId },
    );
    const dims = [encoded.batchSize, encoded.sequenceLength];
    const feeds: Record<string, ort.Tensor> = {};
    for (const [name, role] of inputs) {
      const values =
        role === "input_ids"
          ? encoded.inputIds
          : role === "attention_mask"
            ? encoded.attentionMask
            : encoded.tokenTypeIds;
      feeds[name] = new Tensor("int64", values, dims);
    }
    const t1 = performance.now();
    const outputs = await session.run(feeds, fetches);
    const t2 = performance.now();
    const scores = outputs[settings.outputName]!.data as Float32Array;
    const predicted = new Array<number>(texts.length);
    for (let row = 0; row < texts.length; row += 1) {
      let best = 0;
      for (let column = 1; column < labelCount; column += 1) {
        if (scores[row * labelCount + column]! > scores[row * labelCount + best]!) best = column;
      }
      predicted[row] = best;
    }
    const t3 = performance.now();
    return { predicted, timing: { totalMs: t3 - t0, tokenizeMs: t1 - t0, runMs: t2 - t1 } };
  };
}
