/**
 * Finds evaluation inputs stored in a submission: the texts of a task's evaluation splits (test, out-of-domain,
 * audit), whole or hashed, among the keys a model or its tokenizer holds (model-lookup-keys.ts). A model that maps
 * the public test sentences to their labels scores 100% with nothing learned; this is how it is caught.
 *
 * Covered: whole texts in any string the model or its tokenizer.json stores, under any of the forms of
 * text-hashes.ts (case, Unicode NFKC, whitespace, punctuation); texts of 20 letters and digits or more stored as
 * consecutive entries of one string list (a TfIdfVectorizer's n-gram pool holds a sentence as its words in
 * order); integer tables keyed by MurmurHash3 (the hash a
 * graph can compute, with the model's own seeds), FNV-1a or an MD5/SHA prefix of any of those forms, each field
 * of a pair task alone or both joined by a space.
 * Not covered, and why: a hash computed by arithmetic over token ids or word ids (any polynomial a graph can
 * build; there are too many to enumerate), keys stored as floats, words of a text scattered over a list (a
 * bag of n-grams shorter than the text), and memorized behaviour without stored keys (a large model fine-tuned on the test set). The audit split
 * (label-preserving rewrites the model has never seen) and private test data are the answer to those
 * (docs/methodology.md, "A public test set can be memorized").
 *
 * A split counts as found when at least min(16, a quarter of the split) of its examples are: a model holding a
 * handful of short phrases that happen to be whole test sentences is not refused, and random 32-bit values
 * match 16 hashes with negligible probability.
 */
import { canonicalText, integerKeys, squashCanonical, squashedText, textForms } from "./text-hashes";
import type { ModelLookupKeys } from "./model-lookup-keys";

export interface EvaluationSplitTexts {
  /** "test", "ood:<name>", "audit". */
  split: string;
  /** One array per example: its input fields in order. */
  examples: readonly (readonly string[])[];
}

export interface EmbeddedSplit {
  split: string;
  /** Examples of the split found in the model. */
  found: number;
  examples: number;
  how: "whole text" | "hashed text";
}

/** Squashed forms shorter than this are too likely to be ordinary vocabulary ("great", "notbad"). */
const MIN_SQUASHED_LENGTH = 12;

export function minimumMatches(examples: number): number {
  return Math.min(16, Math.max(1, Math.ceil(examples / 4)));
}

/**
 * The evaluation texts of a task, indexed for lookups. Build it once per task and keep it: the string index is
 * built on first use, the hash index only for a model that stores enough large integers (and per set of seeds).
 */
export class EvaluationTextIndex {
  private whole: Map<string, number[]> | undefined;
  private squashedStarts: SquashedStarts | undefined;
  private readonly hashed = new Map<string, Map<bigint, number[]>>();

  constructor(readonly splits: readonly EvaluationSplitTexts[]) {}

  /** Splits whose examples the keys hold, whole or hashed, at least minimumMatches times. */
  find(keys: ModelLookupKeys): EmbeddedSplit[] {
    const splits = this.splits;
    const wholeHits = splits.map(() => new Set<number>());
    if (keys.strings.length > 0) {
      const index = (this.whole ??= stringIndex(splits));
      const record = (form: string) => {
        for (const hit of index.get(form) ?? []) wholeHits[hit >>> 20]!.add(hit & 0xfffff);
      };
      for (const stored of keys.strings) {
        const canonical = canonicalText(stored);
        record(canonical);
        // Only squashed forms this long are indexed (MIN_SQUASHED_LENGTH), and squashing never lengthens.
        if (canonical.length >= MIN_SQUASHED_LENGTH) record(squashCanonical(canonical));
      }
    }
    if (keys.stringLists.length > 0) {
      const starts = (this.squashedStarts ??= squashedStartIndex(splits));
      for (const list of keys.stringLists)
        for (const hit of textsInSequence(list, starts)) wholeHits[hit >>> 20]!.add(hit & 0xfffff);
    }
    const hashHits = splits.map(() => new Set<number>());
    if (keys.largeIntegers.count >= Math.min(...splits.map((split) => minimumMatches(split.examples.length)))) {
      const seeds = [...new Set([0, ...keys.murmurSeeds])].sort((a, b) => a - b);
      const seedKey = seeds.join(",");
      let index = this.hashed.get(seedKey);
      if (!index) {
        index = integerIndex(splits, seeds);
        this.hashed.set(seedKey, index);
      }
      for (const value of keys.largeIntegers.values()) {
        const hits = index.get(value);
        if (hits) for (const hit of hits) hashHits[hit >>> 20]!.add(hit & 0xfffff);
      }
    }
    const found: EmbeddedSplit[] = [];
    splits.forEach((split, splitIndex) => {
      const threshold = minimumMatches(split.examples.length);
      const whole = wholeHits[splitIndex]!.size;
      const hashed = hashHits[splitIndex]!.size;
      if (whole >= threshold || hashed >= threshold) {
        found.push({
          split: split.split,
          found: Math.max(whole, hashed),
          examples: split.examples.length,
          how: whole >= hashed ? "whole text" : "hashed text",
        });
      }
    });
    return found;
  }
}

/** Texts shorter than this (letters and digits) are not looked for across list entries: common phrases are. */
const MIN_SEQUENCE_LENGTH = 20;
const PREFIX_LENGTH = 12;

interface SquashedStarts {
  byPrefix: Map<string, number[]>;
  squashed: Map<number, string>;
}

/** Texts' squashed forms, indexed by their first PREFIX_LENGTH characters. */
function squashedStartIndex(splits: readonly EvaluationSplitTexts[]): SquashedStarts {
  const byPrefix = new Map<string, number[]>();
  const squashed = new Map<number, string>();
  splits.forEach((split, splitIndex) => {
    split.examples.forEach((fields, exampleIndex) => {
      const hit = (splitIndex << 20) | exampleIndex;
      for (const text of fields) {
        const form = squashedText(text);
        if (form.length < MIN_SEQUENCE_LENGTH || squashed.has(hit)) continue;
        squashed.set(hit, form);
        addHit(byPrefix, form.slice(0, PREFIX_LENGTH), hit);
      }
    });
  });
  return { byPrefix, squashed };
}

/** Texts whose squashed form starts at an entry of the list and runs on through the following entries. */
function* textsInSequence(list: readonly string[], index: SquashedStarts): Generator<number> {
  let stream = "";
  const starts: number[] = [];
  for (const entry of list) {
    starts.push(stream.length);
    stream += squashedText(entry);
  }
  for (const start of starts) {
    for (const hit of index.byPrefix.get(stream.slice(start, start + PREFIX_LENGTH)) ?? []) {
      if (stream.startsWith(index.squashed.get(hit)!, start)) yield hit;
    }
  }
}

/** The strings an example is looked for as: each field alone and, for pairs, the fields joined by a space. */
function exampleStrings(fields: readonly string[]): string[] {
  return fields.length > 1 ? [...fields, fields.join(" ")] : [...fields];
}

/** Hits are packed as split index << 20 | example index (splits hold fewer than a million examples). */
function addHit(index: Map<string, number[]> | Map<bigint, number[]>, key: string | bigint, hit: number) {
  const map = index as Map<string | bigint, number[]>;
  const list = map.get(key);
  if (!list) map.set(key, [hit]);
  else if (list.at(-1) !== hit) list.push(hit);
}

function stringIndex(splits: readonly EvaluationSplitTexts[]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  splits.forEach((split, splitIndex) => {
    split.examples.forEach((fields, exampleIndex) => {
      const hit = (splitIndex << 20) | exampleIndex;
      for (const text of exampleStrings(fields)) {
        addHit(index, canonicalText(text), hit);
        const squashed = squashedText(text);
        if (squashed.length >= MIN_SQUASHED_LENGTH) addHit(index, squashed, hit);
      }
    });
  });
  index.delete("");
  return index;
}

function integerIndex(splits: readonly EvaluationSplitTexts[], murmurSeeds: readonly number[]): Map<bigint, number[]> {
  const index = new Map<bigint, number[]>();
  splits.forEach((split, splitIndex) => {
    split.examples.forEach((fields, exampleIndex) => {
      const hit = (splitIndex << 20) | exampleIndex;
      for (const text of exampleStrings(fields)) {
        for (const form of textForms(text)) for (const key of integerKeys(form, murmurSeeds)) addHit(index, key, hit);
      }
    });
  });
  return index;
}
