/**
 * Expected ids are written by hand: each word looked up in the tokenizer's vocabulary (and, for WordPiece and
 * BPE, split as the algorithm would), never produced by running a tokenizer.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createTextEncoder, parseTokenizerJson, type TokenizerJson } from "./text-encoder";

const TINYBERT_TOKENIZER = fileURLToPath(
  new URL("../../../shared/models/tribuo_tinybert/tinybert-tokenizer.json", import.meta.url),
);

function readTinyBert(): string {
  if (!existsSync(TINYBERT_TOKENIZER)) {
    throw new Error(
      `${TINYBERT_TOKENIZER} is missing. The WordPiece expectations are checked against the real TinyBERT tokenizer, ` +
        "kept in the shared models folder beside the repository (../shared/models/tribuo_tinybert/tinybert-tokenizer.json); " +
        "copy it there from the team's shared drive before running these tests.",
    );
  }
  return readFileSync(TINYBERT_TOKENIZER, "utf8");
}

function fixture(name: string): TokenizerJson {
  return parseTokenizerJson(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));
}

describe("WordPiece (the real TinyBERT tokenizer: [UNK]=0 [SEP]=1 [PAD]=2 [CLS]=3)", () => {
  const tokenizer = () => parseTokenizerJson(readTinyBert());

  it("lower-cases, strips accents, splits sub-words and maps an unknown word to [UNK]", () => {
    const encoded = createTextEncoder(tokenizer(), { maxLength: 128 }).encode(
      "Mr. Darcy was happy with Élizabeth in 1797!",
    );
    // "happy" is not in the vocabulary: happ (781) + ##y (56). "1797": "1" exists but no "##7…" piece does, so
    // the whole word is [UNK].
    expect(encoded.tokens).toEqual([
      "[CLS]",
      "mr",
      ".",
      "darcy",
      "was",
      "happ",
      "##y",
      "with",
      "elizabeth",
      "in",
      "[UNK]",
      "!",
      "[SEP]",
    ]);
    expect(encoded.ids).toEqual([3, 119, 8, 217, 112, 781, 56, 113, 293, 98, 0, 5, 1]);
    expect(encoded.attentionMask).toEqual(Array(13).fill(1));
    expect(encoded.tokenTypeIds).toEqual(Array(13).fill(0));
  });

  it("encodes a sentence pair with separators and token type ids 0…0 1…1", () => {
    const encoded = createTextEncoder(tokenizer(), { maxLength: 128 }).encode(
      "She was very pretty.",
      "Is he handsome?",
    );
    expect(encoded.tokens).toEqual([
      "[CLS]",
      "she",
      "was",
      "very",
      "pretty",
      ".",
      "[SEP]",
      "is",
      "he",
      "handsome",
      "?",
      "[SEP]",
    ]);
    expect(encoded.ids).toEqual([3, 141, 112, 194, 640, 8, 1, 134, 103, 457, 17, 1]);
    expect(encoded.tokenTypeIds).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it("truncates to maxLength including [CLS] and [SEP]", () => {
    const encoded = createTextEncoder(tokenizer(), { maxLength: 8 }).encode(
      "Jane and Bingley danced at the ball, and Elizabeth was happy",
    );
    expect(encoded.tokens).toEqual(["[CLS]", "jane", "and", "bingley", "danced", "at", "the", "[SEP]"]);
    expect(encoded.ids).toEqual([3, 316, 93, 164, 488, 148, 80, 1]);
  });

  it("pads a batch with [PAD] (id 2, not 0) and masks the padding", () => {
    const batch = createTextEncoder(tokenizer(), { maxLength: 16 }).encodeBatch([
      { text: "Jane danced." },
      { text: "She was very pretty." },
    ]);
    expect(batch.batchSize).toBe(2);
    expect(batch.sequenceLength).toBe(7);
    expect(Array.from(batch.inputIds, Number)).toEqual([3, 316, 488, 8, 1, 2, 2, 3, 141, 112, 194, 640, 8, 1]);
    expect(Array.from(batch.attentionMask, Number)).toEqual([1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(batch.tokenTypeIds, Number)).toEqual(Array(14).fill(0));
  });
});

describe("WordLevel (fixture: Lowercase, Whitespace, TemplateProcessing; [UNK]=0 [CLS]=1 [SEP]=2 [PAD]=3)", () => {
  const encoder = (maxLength = 64) => createTextEncoder(fixture("wordlevel-tokenizer.json"), { maxLength });

  it("maps a word outside the vocabulary to [UNK], as a token and as an id", () => {
    const encoded = encoder().encode("The movie was GREAT, truly!");
    expect(encoded.tokens).toEqual(["[CLS]", "the", "movie", "was", "great", ",", "[UNK]", "!", "[SEP]"]);
    expect(encoded.ids).toEqual([1, 4, 5, 6, 7, 9, 0, 10, 2]);
  });

  it("splits words with accents as one word, as Rust's Unicode-aware Whitespace pre-tokenizer does", () => {
    // The JS port's ASCII \w would split "naïve" into "na", "ï", "ve": three [UNK]s instead of one.
    const encoded = encoder().encode("The naïve movie");
    expect(encoded.tokens).toEqual(["[CLS]", "the", "[UNK]", "movie", "[SEP]"]);
    expect(encoded.ids).toEqual([1, 4, 0, 5, 2]);
  });

  it("encodes a pair with the template's separators and type ids", () => {
    const encoded = encoder().encode("I loved it.", "The plot was boring.");
    expect(encoded.ids).toEqual([1, 12, 13, 14, 11, 2, 4, 15, 6, 19, 11, 2]);
    expect(encoded.tokenTypeIds).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
  });

  it("truncates a single text to maxLength including the special tokens", () => {
    const encoded = encoder(6).encode("the acting and the plot were terrible");
    expect(encoded.tokens).toEqual(["[CLS]", "the", "acting", "and", "the", "[SEP]"]);
    expect(encoded.ids).toEqual([1, 4, 16, 17, 4, 2]);
  });

  it("truncates a pair longest-first: only the longer text when that is enough", () => {
    // 3 + 10 tokens, room 10 - 3 specials = 7: the short text stays whole, the long one keeps 4.
    const encoded = encoder(10).encode("i loved it", "the plot was not boring and the acting was great");
    expect(encoded.ids).toEqual([1, 12, 13, 14, 2, 4, 15, 6, 18, 2]);
    expect(encoded.tokenTypeIds).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it("truncates a pair longest-first: both, splitting the room as Rust tokenizers does", () => {
    // 4 + 7 tokens, room 8 - 3 = 5: both must be cut; Rust gives floor(5/2) = 2 to the shorter first text and
    // 3 to the longer second one (one-at-a-time removal breaking ties on the second would give 3 + 2).
    const encoded = encoder(8).encode("i loved the acting", "the plot was not boring at all");
    expect(encoded.tokens).toEqual(["[CLS]", "i", "loved", "[SEP]", "the", "plot", "was", "[SEP]"]);
    expect(encoded.ids).toEqual([1, 12, 13, 2, 4, 15, 6, 2]);
  });

  it("honours the tokenizer.json truncation block: a shorter max_length, its strategy and direction", () => {
    const json = fixture("wordlevel-tokenizer.json");
    const onlyFirstLeft = {
      ...json,
      truncation: { max_length: 7, strategy: "OnlyFirst" as const, direction: "Left" as const },
    };
    const encoded = createTextEncoder(onlyFirstLeft, { maxLength: 64 }).encode("the movie was great", "i loved it");
    // room 7 - 3 = 4 for 4 + 3 tokens: OnlyFirst removes 3 from the first text, from its start (Left).
    expect(encoded.tokens).toEqual(["[CLS]", "great", "[SEP]", "i", "loved", "it", "[SEP]"]);
    const shorterInManifest = createTextEncoder(onlyFirstLeft, { maxLength: 4 });
    expect(shorterInManifest.maxLength).toBe(4);
    // The manifest's 4 is shorter than the tokenizer's 7 and wins: room 2, cut from the start.
    expect(shorterInManifest.encode("the movie was great").ids).toEqual([1, 6, 7, 2]);
  });

  it("refuses a maxLength shorter than the special tokens instead of emitting an over-long sequence", () => {
    expect(() => encoder(2).encode("i loved it", "the plot")).toThrow(
      /maxSequenceLength 2 is shorter than the 3 special tokens/,
    );
  });

  it("pads with [PAD] by default, or the id the manifest gives, to the longest row or a fixed length", () => {
    const items = [{ text: "i loved it" }, { text: "the movie" }, { text: "great", pair: "boring" }];
    const batch = encoder().encodeBatch(items);
    expect(batch.sequenceLength).toBe(5);
    expect(Array.from(batch.inputIds, Number)).toEqual([1, 12, 13, 14, 2, 1, 4, 5, 2, 3, 1, 7, 2, 19, 2]);
    expect(Array.from(batch.attentionMask, Number)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1]);
    expect(Array.from(batch.tokenTypeIds, Number)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    const fixed = encoder().encodeBatch([{ text: "the movie" }], { padTokenId: 99, padToLength: 6 });
    expect(Array.from(fixed.inputIds, Number)).toEqual([1, 4, 5, 2, 99, 99]);
    expect(encoder().encodeBatch([]).inputIds.length).toBe(0);
  });

  it("follows the tokenizer.json padding block: pad_id, left padding and pad_to_multiple_of", () => {
    const json = fixture("wordlevel-tokenizer.json");
    const padded = {
      ...json,
      padding: {
        strategy: "BatchLongest" as const,
        direction: "Left" as const,
        pad_to_multiple_of: 4,
        pad_id: 17,
        pad_type_id: 0,
        pad_token: "and",
      },
    };
    const batch = createTextEncoder(padded, { maxLength: 64 }).encodeBatch([{ text: "the movie" }]);
    expect(batch.sequenceLength).toBe(4);
    expect(Array.from(batch.inputIds, Number)).toEqual([1, 4, 5, 2]);
    const longer = createTextEncoder(padded, { maxLength: 64 }).encodeBatch([{ text: "the movie was" }]);
    expect(Array.from(longer.inputIds, Number)).toEqual([17, 17, 17, 1, 4, 5, 6, 2]);
    expect(Array.from(longer.attentionMask, Number)).toEqual([0, 0, 0, 1, 1, 1, 1, 1]);
  });
});

describe("BPE (fixture: byte-level, 10 merges; <s>=0 <pad>=1 </s>=2 <unk>=3)", () => {
  const encoder = (maxLength = 64) => createTextEncoder(fixture("bpe-tokenizer.json"), { maxLength });

  it("merges by rank and maps characters outside the vocabulary to <unk>", () => {
    // "lower": l+o, lo+w, e+r → low er. " newest": e+s, es+t, n+e, ne+w, Ġ+new, Ġnew+est → Ġnewest.
    // " zebra": no merge applies; z, b and a are not in the vocabulary.
    const encoded = encoder().encode("lower newest zebra!");
    expect(encoded.tokens).toEqual([
      "<s>",
      "low",
      "er",
      "Ġnewest",
      "Ġ",
      "<unk>",
      "e",
      "<unk>",
      "r",
      "<unk>",
      "!",
      "</s>",
    ]);
    expect(encoded.ids).toEqual([0, 16, 17, 24, 4, 3, 6, 3, 11, 3, 25, 2]);
  });

  it("encodes a pair as <s> A </s> </s> B </s> with the template's type ids", () => {
    // "newest" without a leading space: ne+w → new, e+s+t → est, and no "new est" merge exists.
    const encoded = encoder().encode("lower", "newest");
    expect(encoded.tokens).toEqual(["<s>", "low", "er", "</s>", "</s>", "new", "est", "</s>"]);
    expect(encoded.ids).toEqual([0, 16, 17, 2, 2, 22, 20, 2]);
    expect(encoded.tokenTypeIds).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it("truncates to maxLength including <s> and </s>", () => {
    const encoded = encoder(5).encode("lower newest lower");
    expect(encoded.tokens).toEqual(["<s>", "low", "er", "Ġnewest", "</s>"]);
    expect(encoded.ids).toEqual([0, 16, 17, 24, 2]);
  });

  it("pads with <pad> (id 1) when there is no [PAD]", () => {
    const batch = encoder().encodeBatch([{ text: "low" }, { text: "lower" }]);
    expect(Array.from(batch.inputIds, Number)).toEqual([0, 16, 2, 1, 0, 16, 17, 2]);
  });

  it("gives every token type id 0 under RobertaProcessing, as Rust does", () => {
    const json = fixture("bpe-tokenizer.json");
    const roberta = {
      ...json,
      post_processor: {
        type: "RobertaProcessing",
        sep: ["</s>", 2],
        cls: ["<s>", 0],
        trim_offsets: true,
        add_prefix_space: false,
      },
    };
    const encoded = createTextEncoder(roberta, { maxLength: 64 }).encode("lower", "newest");
    expect(encoded.ids).toEqual([0, 16, 17, 2, 2, 22, 20, 2]);
    expect(encoded.tokenTypeIds).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("concatenates a pair with type ids 0 then 1 when there is no post-processor", () => {
    const bare = { ...fixture("bpe-tokenizer.json"), post_processor: null };
    const encoded = createTextEncoder(bare, { maxLength: 3 }).encode("lower", "newest");
    expect(encoded.ids).toEqual([16, 22, 20]);
    expect(encoded.tokenTypeIds).toEqual([0, 1, 1]);
  });
});
