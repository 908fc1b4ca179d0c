/**
 * Turns task text into the tensors a submitted graph takes, doing what the bundle's tokenizer.json says as the
 * Rust `tokenizers` library would: normalise, pre-tokenise and split with @huggingface/tokenizers, then truncate
 * (which that library does not do) and add special tokens with the tokenizer's own post-processor.
 *
 * The post-processor runs after truncation, on placeholders standing for each kept token; whatever comes out
 * that is not a placeholder is a special token it added. That keeps its templates and type ids authoritative
 * without re-implementing them, and lets the ids of the text come from the library's own lookup.
 */
import { BundleError } from "../bundle/bundle-error";
import { createLibraryTokenizer } from "./library-tokenizer";
import type { TokenizerJson } from "./tokenizer-json";
import { keep, planTruncation, type TruncationDirection, type TruncationStrategy } from "./truncation";

export { parseTokenizerJson, type TokenizerJson } from "./tokenizer-json";

export interface EncodedText {
  ids: number[];
  attentionMask: number[];
  tokenTypeIds: number[];
  tokens: string[];
  /** True when the text (or pair) was longer than the maximum length and lost tokens to truncation. */
  truncated: boolean;
}

export interface EncodedBatch {
  /** Row-major [batchSize, sequenceLength], int64 (for an int32 graph input: Int32Array.from(inputIds, Number)). */
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  tokenTypeIds: BigInt64Array;
  batchSize: number;
  sequenceLength: number;
  /** Indices (in this batch) of the rows that were truncated: the report counts them per split. */
  truncatedRows: number[];
}

export interface BatchOptions {
  /** The manifest's padTokenId; otherwise tokenizer.json's padding.pad_id, its [PAD] or <pad> token, else 0. */
  padTokenId?: number;
  /** Pad every row to at least this length, for graphs whose sequence dimension is fixed. */
  padToLength?: number;
}

export interface TokenEncoder {
  readonly maxLength: number;
  encode(text: string, pair?: string | null): EncodedText;
  encodeBatch(items: readonly { text: string; pair?: string | null }[], options?: BatchOptions): EncodedBatch;
}

interface Piece {
  id: number;
  token: string;
}

export function createTextEncoder(tokenizerJson: TokenizerJson, options: { maxLength: number }): TokenEncoder {
  const tokenizer = createLibraryTokenizer(tokenizerJson);
  const truncation = tokenizerJson.truncation;
  // The graph cannot take more than the manifest's length; a tokenizer that truncates shorter still gets its way.
  const maxLength = Math.min(
    options.maxLength,
    truncation && truncation.max_length > 0 ? truncation.max_length : Infinity,
  );
  const strategy: TruncationStrategy = truncation?.strategy ?? "LongestFirst";
  const direction: TruncationDirection = truncation?.direction ?? "Right";
  const unkToken = tokenizerJson.model.unk_token ?? undefined;
  const unkId = unkToken === undefined ? undefined : tokenizer.token_to_id(unkToken);
  const allTypeIdsZero = usesRobertaProcessing(tokenizerJson.post_processor);

  function pieces(text: string): Piece[] {
    // Without special tokens and without a pair every post-processor returns the sequence as it is.
    const { ids, tokens } = tokenizer.encode(text, { add_special_tokens: false });
    return ids.map((id, index) => {
      if (id === undefined) throw new Error(`tokenizer produced no id for ${JSON.stringify(tokens[index])}`);
      // The library's WordLevel stand-in keeps the unknown word as its token; Rust reports the unknown token.
      return { id, token: id === unkId && unkToken !== undefined ? unkToken : (tokens[index] ?? "") };
    });
  }

  function postProcess(first: Piece[], second: Piece[] | null): Omit<EncodedText, "truncated"> {
    const byPlaceholder = new Map<string, Piece>();
    const placeholders = (sequence: Piece[], name: string) =>
      sequence.map((piece, index) => {
        const placeholder = `\u0000${name}${index}\u0000`;
        byPlaceholder.set(placeholder, piece);
        return placeholder;
      });
    const a = placeholders(first, "A");
    const b = second === null ? null : placeholders(second, "B");
    const { tokens, typeIds } = runPostProcessor(a, b);
    const resolved = tokens.map((token) => {
      const piece = byPlaceholder.get(token);
      if (piece) return piece;
      const id = tokenizer.token_to_id(token);
      if (id === undefined)
        throw new BundleError(
          "INVALID_TOKENIZER",
          `tokenizer.json: the post-processor adds ${JSON.stringify(token)}, which is not in the vocabulary`,
        );
      return { id, token };
    });
    return {
      ids: resolved.map((piece) => piece.id),
      tokens: resolved.map((piece) => piece.token),
      attentionMask: resolved.map(() => 1),
      // Rust's RobertaProcessing sets every type id to 0 (RoBERTa has a single token type); the JS port gives
      // the second sequence 1s, which a RoBERTa graph would index out of range.
      tokenTypeIds: allTypeIdsZero ? typeIds.map(() => 0) : typeIds,
    };
  }

  function runPostProcessor(a: string[], b: string[] | null): { tokens: string[]; typeIds: number[] } {
    const processor = tokenizer.post_processor;
    // Without a post-processor, or with one that only passes the pair along (ByteLevel), Rust concatenates the
    // two sequences and gives the second type id 1.
    const concatenated = (first: string[], second: string[]) => ({
      tokens: [...first, ...second],
      typeIds: [...first.map(() => 0), ...second.map(() => 1)],
    });
    if (!processor) return concatenated(a, b ?? []);
    const output = processor.post_process(a, b, true);
    if (output.token_type_ids) return { tokens: output.tokens, typeIds: output.token_type_ids };
    return concatenated(output.tokens, output.tokens_pair ?? []);
  }

  const specialsAdded = { single: postProcess([], null).ids.length, pair: postProcess([], []).ids.length };

  function encode(text: string, pair: string | null = null): EncodedText {
    const first = pieces(text);
    const second = pair === null ? null : pieces(pair);
    const added = second === null ? specialsAdded.single : specialsAdded.pair;
    const room = maxLength - added;
    if (room < 0) {
      throw new BundleError(
        "INVALID_MANIFEST",
        `maxSequenceLength ${maxLength} is shorter than the ${added} special tokens the tokenizer adds; raise it in joulebench.json.`,
      );
    }
    const plan = planTruncation(first.length, second?.length ?? null, room, strategy);
    const truncated = plan.firstLength < first.length || (second !== null && (plan.secondLength ?? 0) < second.length);
    return {
      ...postProcess(
        keep(first, plan.firstLength, direction),
        second && keep(second, plan.secondLength ?? 0, direction),
      ),
      truncated,
    };
  }

  function encodeBatch(
    items: readonly { text: string; pair?: string | null }[],
    batchOptions: BatchOptions = {},
  ): EncodedBatch {
    const encoded = items.map((item) => encode(item.text, item.pair ?? null));
    const padding = tokenizerJson.padding;
    const padId =
      batchOptions.padTokenId ?? padding?.pad_id ?? padTokenIdFromVocab((token) => tokenizer.token_to_id(token)) ?? 0;
    const padTypeId = padding?.pad_type_id ?? 0;
    const padLeft = padding?.direction === "Left";
    let sequenceLength = encoded.reduce(
      (longest, row) => Math.max(longest, row.ids.length),
      batchOptions.padToLength ?? 0,
    );
    if (padding && typeof padding.strategy === "object")
      sequenceLength = Math.max(sequenceLength, padding.strategy.Fixed);
    if (padding?.pad_to_multiple_of)
      sequenceLength = Math.ceil(sequenceLength / padding.pad_to_multiple_of) * padding.pad_to_multiple_of;

    const size = items.length * sequenceLength;
    const batch: EncodedBatch = {
      inputIds: new BigInt64Array(size).fill(BigInt(padId)),
      attentionMask: new BigInt64Array(size),
      tokenTypeIds: new BigInt64Array(size).fill(BigInt(padTypeId)),
      batchSize: items.length,
      sequenceLength,
      truncatedRows: encoded.flatMap((row, index) => (row.truncated ? [index] : [])),
    };
    encoded.forEach((row, rowIndex) => {
      const start = rowIndex * sequenceLength + (padLeft ? sequenceLength - row.ids.length : 0);
      row.ids.forEach((id, column) => {
        batch.inputIds[start + column] = BigInt(id);
        batch.attentionMask[start + column] = 1n;
        batch.tokenTypeIds[start + column] = BigInt(row.tokenTypeIds[column] ?? 0);
      });
    });
    return batch;
  }

  return { maxLength, encode, encodeBatch };
}

/** Which id pads when neither the manifest nor tokenizer.json's padding block says: the conventional pad tokens. */
function padTokenIdFromVocab(tokenToId: (token: string) => number | undefined): number | undefined {
  for (const token of ["[PAD]", "<pad>"]) {
    const id = tokenToId(token);
    if (id !== undefined) return id;
  }
  return undefined;
}

function usesRobertaProcessing(processor: Record<string, unknown> | null): boolean {
  if (processor?.type === "RobertaProcessing") return true;
  return (
    processor?.type === "Sequence" &&
    Array.isArray(processor.processors) &&
    processor.processors.some(usesRobertaProcessing)
  );
}
