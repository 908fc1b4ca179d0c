import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseTokenizerJson } from "../../lib/tokenize/text-encoder";
import { rteVal, smsSpamCollection, sst2Dev } from "./datasets";
import {
  buildVocabulary,
  encodeExample,
  encoderFor,
  PAD_ID,
  splitWords,
  tokenizerJsonFor,
  tokenizerJsonText,
  UNK_ID,
} from "./word-tokenizer";

const SHARED = path.resolve(process.cwd(), "../shared/datasets");

/** Every word of `texts` in the vocabulary, so the encoder's ids must be exactly splitWords' words, looked up. */
function expectSplitMatchesEncoder(texts: readonly string[]) {
  const vocabulary = buildVocabulary(texts, { minCount: 1 });
  const encoder = encoderFor(tokenizerJsonText(vocabulary), 4096);
  const cls = vocabulary.ids.get("[CLS]")!;
  const sep = vocabulary.ids.get("[SEP]")!;
  for (const text of texts) {
    const expected = [cls, ...splitWords(text).map((word) => vocabulary.ids.get(word)!), sep];
    expect(Array.from(encodeExample(encoder, [text]).ids), text).toEqual(expected);
  }
}

describe("word-level tokenizer", () => {
  it("splits as the runner's encoder does: lower case, Unicode words, runs of punctuation", () => {
    expect(splitWords("It's GREAT -- isn't it?! Café déjà-vu 42x")).toEqual([
      "it",
      "'",
      "s",
      "great",
      "--",
      "isn",
      "'",
      "t",
      "it",
      "?!",
      "café",
      "déjà",
      "-",
      "vu",
      "42x",
    ]);
    expectSplitMatchesEncoder([
      "It's GREAT -- isn't it?! Café déjà-vu 42x",
      "ﬁne naïve ÉCOLE",
      "tabs\tand\nnewlines",
      "",
    ]);
  });

  it("orders the vocabulary: specials, leading words, then by count and code point, from min count", () => {
    const vocabulary = buildVocabulary(["b a a c", "c a b d", "z"], { minCount: 2, leadingWords: ["not", "a"] });
    expect([...vocabulary.ids.keys()]).toEqual(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "not", "a", "b", "c"]);
    expect(vocabulary.firstCountedId).toBe(6);
    expect(vocabulary.ids.get("[PAD]")).toBe(PAD_ID);
    expect(buildVocabulary(["b a a c", "c a b d"], { minCount: 1, maxWords: 2 }).ids.size).toBe(6);
  });

  it("writes a tokenizer.json the runner accepts, with [CLS] A [SEP] B [SEP] and type ids for pairs", () => {
    const vocabulary = buildVocabulary(["the premise holds", "a hypothesis"], { minCount: 1 });
    const text = tokenizerJsonText(vocabulary);
    const parsed = parseTokenizerJson(text);
    expect(parsed.model.type).toBe("WordLevel");
    expect(parsed.added_tokens.map((token) => [token.content, token.id, token.special])).toEqual([
      ["[PAD]", 0, true],
      ["[UNK]", 1, true],
      ["[CLS]", 2, true],
      ["[SEP]", 3, true],
    ]);
    const pair = encoderFor(text, 32).encode("The premise holds", "a new hypothesis");
    expect(pair.tokens).toEqual(["[CLS]", "the", "premise", "holds", "[SEP]", "a", "[UNK]", "hypothesis", "[SEP]"]);
    expect(pair.tokenTypeIds).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1]);
    expect(pair.ids[6]).toBe(UNK_ID);
    expect(JSON.parse(text)).toEqual(tokenizerJsonFor(vocabulary));
  });

  it("truncates pairs longest-first to the manifest's length, as the runner will", () => {
    const vocabulary = buildVocabulary(["one two three four five six seven"], { minCount: 1 });
    const encoded = encodeExample(encoderFor(tokenizerJsonText(vocabulary), 8), [
      "one two three four five six",
      "seven one",
    ]);
    expect(encoded.ids.length).toBe(8);
    expect(Array.from(encoded.typeIds)).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);
  });
});

describe.skipIf(!existsSync(SHARED))("word-level tokenizer on the real data sets", () => {
  it("counts the very words the encoder looks up (SST-2 dev, RTE, SMS spam)", async () => {
    const root = SHARED;
    const texts = [
      ...(await sst2Dev(root)).inputs.flat(),
      ...(await rteVal(root)).inputs.flat(),
      ...(await smsSpamCollection(root)).inputs.flat().slice(0, 1500),
    ];
    expectSplitMatchesEncoder(texts);
  });
});
