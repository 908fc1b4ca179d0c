/**
 * The baselines' tokenizer: a Hugging Face WordLevel tokenizer.json (Lowercase normaliser, Whitespace
 * pre-tokeniser, [CLS] A [SEP] / [CLS] A [SEP] B [SEP] templates) whose vocabulary is counted from training text.
 *
 * Counting uses a local copy of the pre-tokeniser's rule, but every id a model is trained on comes from
 * lib/tokenize/text-encoder.ts, the encoder the runner itself uses, built from the very JSON written into the
 * bundle: training and evaluation cannot disagree about ids, truncation or type ids.
 */
import { createTextEncoder, parseTokenizerJson, type TokenEncoder } from "../../lib/tokenize/text-encoder";

/** Ids 0..3; [PAD] first so a zero-filled tensor is padding. */
export const SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"] as const;
export const PAD_ID = 0;
export const UNK_ID = 1;

/**
 * The Rust `Whitespace` pre-tokeniser splits on `\w+|[^\w\s]+` with a Unicode `\w`; this is the same class
 * lib/tokenize/library-tokenizer.ts gives the JS library, so counted words are the words the encoder looks up.
 */
const RUST_WORD = "\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}";
const WORD_PATTERN = new RegExp(`[${RUST_WORD}]+|[^${RUST_WORD}\\s]+`, "gu");

export function splitWords(text: string): string[] {
  return text.toLowerCase().match(WORD_PATTERN) ?? [];
}

export interface VocabularyOptions {
  /** Words seen fewer times are left to [UNK]: rare words get too few updates to learn anything. */
  minCount: number;
  /** Keep at most this many words (most frequent first), specials excluded. */
  maxWords?: number;
  /** Words placed right after the specials, in this order, whatever their counts (the overlap model's
   * function words, so that "is a content word" is a single id comparison in the graph). */
  leadingWords?: readonly string[];
}

export interface Vocabulary {
  /** token -> id, specials first, then leadingWords, then by descending count (ties: code-point order). */
  ids: Map<string, number>;
  /** First id after the specials and leading words. */
  firstCountedId: number;
}

export function buildVocabulary(texts: Iterable<string>, options: VocabularyOptions): Vocabulary {
  const counts = new Map<string, number>();
  for (const text of texts) for (const word of splitWords(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const ids = new Map<string, number>();
  for (const token of [...SPECIAL_TOKENS, ...(options.leadingWords ?? [])])
    if (!ids.has(token)) ids.set(token, ids.size);
  const firstCountedId = ids.size;
  // Sorting on (count, word) rather than relying on Map order makes the vocabulary independent of input order.
  const ranked = [...counts]
    .filter(([word, count]) => count >= options.minCount && !ids.has(word))
    .sort(([wordA, countA], [wordB, countB]) => countB - countA || (wordA < wordB ? -1 : wordA > wordB ? 1 : 0));
  for (const [word] of ranked.slice(0, options.maxWords ?? ranked.length)) ids.set(word, ids.size);
  return { ids, firstCountedId };
}

const special = (token: string, typeId: number) => ({ SpecialToken: { id: token, type_id: typeId } });
const sequence = (id: "A" | "B", typeId: number) => ({ Sequence: { id, type_id: typeId } });

/** tokenizer.json as the Rust library serialises a WordLevel tokenizer (same field set and order). */
export function tokenizerJsonFor(vocabulary: Vocabulary): Record<string, unknown> {
  const idOf = (token: string) => vocabulary.ids.get(token)!;
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: idOf(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: "Lowercase" },
    pre_tokenizer: { type: "Whitespace" },
    post_processor: {
      type: "TemplateProcessing",
      single: [special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0)],
      pair: [special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0), sequence("B", 1), special("[SEP]", 1)],
      special_tokens: Object.fromEntries(
        ["[CLS]", "[SEP]"].map((token) => [token, { id: token, ids: [idOf(token)], tokens: [token] }]),
      ),
    },
    decoder: null,
    model: { type: "WordLevel", vocab: Object.fromEntries(vocabulary.ids), unk_token: "[UNK]" },
  };
}

export function tokenizerJsonText(vocabulary: Vocabulary): string {
  return `${JSON.stringify(tokenizerJsonFor(vocabulary), null, 1)}\n`;
}

/** The runner's encoder over the exact text a bundle will carry. */
export function encoderFor(tokenizerText: string, maxSequenceLength: number): TokenEncoder {
  return createTextEncoder(parseTokenizerJson(tokenizerText), { maxLength: maxSequenceLength });
}

export interface EncodedExample {
  ids: Int32Array;
  /** 0 for the first text (and its [CLS]/[SEP]), 1 for the pair's second text and its [SEP]. */
  typeIds: Uint8Array;
}

/** Encodes one example (a text, or [premise, hypothesis]) exactly as the runner will. */
export function encodeExample(encoder: TokenEncoder, fields: readonly string[]): EncodedExample {
  const encoded = encoder.encode(fields[0] ?? "", fields.length > 1 ? (fields[1] ?? "") : null);
  return { ids: Int32Array.from(encoded.ids), typeIds: Uint8Array.from(encoded.tokenTypeIds) };
}
