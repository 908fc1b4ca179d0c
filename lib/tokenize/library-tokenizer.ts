/**
 * The one place that builds an @huggingface/tokenizers Tokenizer, with the fixes that make it behave like the
 * Rust `tokenizers` library that wrote the tokenizer.json (and that the model was trained with).
 */
import { SequencePreTokenizer, Tokenizer, WhitespacePreTokenizer, type PreTokenizer } from "@huggingface/tokenizers";

/** The parts of a validated tokenizer.json this adapter reads. */
interface TokenizerJsonLike {
  model: { unk_token?: string | null };
}

/**
 * Rust's `\w` is Unicode-aware (regex crate: Alphabetic, marks, decimal digits, connector punctuation,
 * Join_Control); the JS port's Whitespace pre-tokenizer uses an ASCII `\w`, so "café" became "caf" + "é".
 */
const RUST_WORD = "\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}";
const RUST_WHITESPACE_PATTERN = new RegExp(`[${RUST_WORD}]+|[^${RUST_WORD}\\s]+`, "gu");

export function createLibraryTokenizer(tokenizerJson: TokenizerJsonLike): Tokenizer {
  // The library has no WordLevel model: it falls back to its "Legacy" model, which takes the unknown token
  // from this second argument rather than from tokenizer.json. Passing the model's own unk_token makes unknown
  // words map to it, as in Rust (WordPiece and BPE read theirs from the model and ignore this).
  const tokenizer = new Tokenizer(tokenizerJson, { unk_token: tokenizerJson.model.unk_token ?? undefined });
  useRustWhitespace(tokenizer.pre_tokenizer);
  return tokenizer;
}

function useRustWhitespace(preTokenizer: PreTokenizer | null): void {
  if (preTokenizer instanceof WhitespacePreTokenizer) {
    preTokenizer.pre_tokenize_text = (text: string) => text.match(RUST_WHITESPACE_PATTERN) ?? [];
  } else if (preTokenizer instanceof SequencePreTokenizer) {
    preTokenizer.tokenizers.forEach(useRustWhitespace);
  }
}
