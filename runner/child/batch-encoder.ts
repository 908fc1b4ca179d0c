import { BundleError } from "../../lib/bundle/bundle-error";
import { createTextEncoder, parseTokenizerJson } from "../../lib/tokenize/text-encoder";
import type { ChildJob } from "../child-protocol";
import { ChildFailure } from "./run-batch";

export interface BatchEncoder {
  encode(examples: string[][]): {
    inputIds: BigInt64Array;
    attentionMask: BigInt64Array;
    tokenTypeIds: BigInt64Array;
    batchSize: number;
    sequenceLength: number;
    truncatedRows: number[];
  };
}

/** The bundle's tokenizer, applied to a batch of examples (one text, or a pair). */
export function createBatchEncoder(tokenizer: NonNullable<ChildJob["tokenizer"]>): BatchEncoder {
  let encoder: ReturnType<typeof createTextEncoder>;
  try {
    encoder = createTextEncoder(parseTokenizerJson(tokenizer.jsonText), { maxLength: tokenizer.maxLength });
  } catch (error) {
    const code = error instanceof BundleError ? error.code : "INVALID_TOKENIZER";
    throw new ChildFailure(code, (error as Error).message);
  }
  return {
    encode: (examples) =>
      encoder.encodeBatch(
        examples.map((fields) => ({ text: fields[0] ?? "", pair: fields[1] ?? null })),
        { padTokenId: tokenizer.padTokenId, padToLength: tokenizer.padToLength },
      ),
  };
}
