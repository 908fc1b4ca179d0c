/**
 * Truncation as the Rust `tokenizers` library does it (tokenizers/src/utils/truncation.rs, `truncate_encodings`),
 * because tokenizer.json is that library's format and a model was trained on what it produced.
 * @huggingface/tokenizers does not truncate at all, so this is ours.
 *
 * LongestFirst on a pair keeps the shorter sequence whole when the longer one can absorb the cut; otherwise it
 * splits the room in half, the odd token going to the originally longer sequence. This equals removing one token
 * at a time from the longer sequence, except on ties, where Rust's split differs from transformers' slow
 * Python tokenizers (which cut the second sequence on a tie): we follow Rust.
 */
import { BundleError } from "../bundle/bundle-error";

export type TruncationStrategy = "LongestFirst" | "OnlyFirst" | "OnlySecond";
export type TruncationDirection = "Right" | "Left";

export interface TruncationPlan {
  /** How many tokens of each sequence to keep. */
  firstLength: number;
  secondLength: number | null;
}

/**
 * How many tokens of each sequence fit in `room` (the maximum length less the special tokens the post-processor
 * adds). `secondLength` null means a single sequence.
 */
export function planTruncation(
  firstLength: number,
  secondLength: number | null,
  room: number,
  strategy: TruncationStrategy = "LongestFirst",
): TruncationPlan {
  const total = firstLength + (secondLength ?? 0);
  if (total <= room) return { firstLength, secondLength };
  const toRemove = total - room;

  if (strategy === "LongestFirst") {
    if (secondLength === null) return { firstLength: room, secondLength: null };
    // Ported from truncate_encodings so ties and odd lengths come out exactly as in Rust.
    const swapped = firstLength > secondLength;
    let shorter = Math.min(firstLength, secondLength);
    let longer = shorter > room ? shorter : Math.max(shorter, room - shorter);
    if (shorter + longer > room) {
      shorter = Math.floor(room / 2);
      longer = shorter + (room % 2);
    }
    // Rust's lengths may exceed a sequence (truncating to more than it holds is a no-op there); clamp them here.
    const [first, second] = swapped ? [longer, shorter] : [shorter, longer];
    return { firstLength: Math.min(first, firstLength), secondLength: Math.min(second, secondLength) };
  }

  if (strategy === "OnlySecond" && secondLength === null) {
    throw new BundleError(
      "INVALID_TOKENIZER",
      "tokenizer.json truncates with OnlySecond, but this task's examples have no second text; use LongestFirst.",
    );
  }
  const targetLength = strategy === "OnlyFirst" ? firstLength : (secondLength ?? 0);
  if (targetLength <= toRemove) {
    throw new BundleError(
      "INVALID_TOKENIZER",
      `tokenizer.json truncates with ${strategy}, but that sequence (${targetLength} tokens) is too short to remove the ${toRemove} tokens needed; use LongestFirst.`,
    );
  }
  return strategy === "OnlyFirst"
    ? { firstLength: firstLength - toRemove, secondLength }
    : { firstLength, secondLength: targetLength - toRemove };
}

/** Keeps `length` items, cutting from the end (Right) or the start (Left). */
export function keep<T>(items: readonly T[], length: number, direction: TruncationDirection = "Right"): T[] {
  if (length >= items.length) return [...items];
  return direction === "Right" ? items.slice(0, length) : items.slice(items.length - length);
}
