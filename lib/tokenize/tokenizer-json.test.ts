import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BundleError } from "../bundle/bundle-error";
import { parseTokenizerJson } from "./tokenizer-json";

const wordLevel = JSON.parse(
  readFileSync(new URL("./fixtures/wordlevel-tokenizer.json", import.meta.url), "utf8"),
) as Record<string, unknown>;
const wordLevelModel = wordLevel.model as Record<string, unknown>;

function problems(text: string): readonly string[] {
  try {
    parseTokenizerJson(text);
  } catch (error) {
    if (error instanceof BundleError && error.code === "INVALID_TOKENIZER") return error.details ?? [];
    throw error;
  }
  throw new Error("expected parseTokenizerJson to throw");
}

const withModel = (model: Record<string, unknown>) => JSON.stringify({ ...wordLevel, model });

describe("parseTokenizerJson", () => {
  it("accepts a tokenizer.json, filling the library's required keys with their defaults", () => {
    const minimal = JSON.stringify({ model: wordLevelModel });
    const parsed = parseTokenizerJson(minimal);
    expect(parsed.model.type).toBe("WordLevel");
    expect(parsed).toMatchObject({
      added_tokens: [],
      normalizer: null,
      pre_tokenizer: null,
      post_processor: null,
      decoder: null,
      truncation: null,
      padding: null,
    });
  });

  it("infers a missing model type the way @huggingface/tokenizers does", () => {
    const { type: _type, ...untyped } = wordLevelModel;
    expect(parseTokenizerJson(withModel(untyped)).model.type).toBe("WordLevel");
    expect(parseTokenizerJson(withModel({ ...untyped, continuing_subword_prefix: "##" })).model.type).toBe("WordPiece");
  });

  it("names what is wrong with files that are not tokenizers at all", () => {
    expect(problems("[PAD]\n[UNK]\n[CLS]\n")[0]).toMatch(/^tokenizer.json: is not valid JSON/);
    expect(problems("[1, 2]")).toEqual(["tokenizer.json: must be a JSON object"]);
    // A model's config.json, uploaded by mistake.
    expect(problems(JSON.stringify({ architectures: ["BertModel"], vocab_size: 30522 }))).toEqual([
      "tokenizer.json: model is missing",
    ]);
    expect(problems(JSON.stringify({ model: { type: "WordPiece" } }))).toEqual([
      "tokenizer.json: model.vocab is missing",
    ]);
    expect(problems(JSON.stringify({ model: { type: "SentencePiece", vocab: {} } }))).toEqual([
      'tokenizer.json: model.type "SentencePiece" is not one of WordPiece, WordLevel, BPE, Unigram',
    ]);
  });

  it("checks each model type's own requirements", () => {
    expect(problems(withModel({ type: "BPE", vocab: { a: 0 } }))).toEqual(["tokenizer.json: model.merges is missing"]);
    expect(problems(withModel({ type: "BPE", vocab: { a: 0 }, merges: ["a b c"] }))).toEqual([
      'tokenizer.json: model.merges must be a list of "a b" strings or [a, b] pairs',
    ]);
    expect(problems(withModel({ type: "WordLevel", vocab: { a: 0 } }))).toEqual([
      "tokenizer.json: model.unk_token is missing (a WordLevel model needs one for words outside its vocabulary)",
    ]);
    expect(problems(withModel({ type: "WordPiece", vocab: { a: 0 }, unk_token: "<oov>" }))).toEqual([
      'tokenizer.json: model.unk_token "<oov>" is not in model.vocab',
    ]);
    expect(problems(withModel({ type: "WordLevel", vocab: { a: -1, b: "x" }, unk_token: "a" }))).toEqual([
      'tokenizer.json: model.vocab ids must be whole numbers ("a", "b" are not)',
    ]);
    expect(problems(withModel({ type: "BPE", vocab: { a: 0 }, merges: [], unk_token: 0 }))).toEqual([
      "tokenizer.json: model.unk_token must be a token (a string) or null",
    ]);
    expect(problems(withModel({ type: "Unigram", vocab: { a: 0 } }))).toEqual([
      "tokenizer.json: model.vocab must be a list of [piece, score] pairs for a Unigram model",
    ]);
    expect(problems(withModel({ type: "WordLevel", vocab: ["a"], unk_token: "a" }))).toEqual([
      "tokenizer.json: model.vocab must be an object mapping each token to its id for a WordLevel model",
    ]);
  });

  it("reports malformed top-level blocks with their path", () => {
    const text = JSON.stringify({
      ...wordLevel,
      added_tokens: "none",
      truncation: { max_length: 8, strategy: "Smart" },
      normalizer: 5,
    });
    expect(problems(text)).toEqual([
      "tokenizer.json: added_tokens must be a list",
      "tokenizer.json: normalizer must be an object or null",
      "tokenizer.json: truncation.strategy must be LongestFirst, OnlyFirst or OnlySecond",
    ]);
  });

  it("refuses components the tokenizer library cannot run", () => {
    expect(problems(JSON.stringify({ ...wordLevel, normalizer: { type: "Unheard" } }))).toEqual([
      "tokenizer.json: uses something this platform cannot run (Unknown Normalizer type: Unheard)",
    ]);
  });

  it("refuses special tokens whose ids disagree with the vocabulary", () => {
    const bert = { type: "BertProcessing", sep: ["[SEP]", 102], cls: ["[CLS]", 1] };
    expect(problems(JSON.stringify({ ...wordLevel, post_processor: bert }))).toEqual([
      'tokenizer.json: post_processor.sep gives "[SEP]" id 102 but the vocabulary gives it 2',
    ]);
    const template = wordLevel.post_processor as Record<string, unknown>;
    const undefinedSpecial = { ...template, special_tokens: { "[CLS]": { id: "[CLS]", ids: [1], tokens: ["[CLS]"] } } };
    expect(
      problems(JSON.stringify({ ...wordLevel, post_processor: { type: "Sequence", processors: [undefinedSpecial] } })),
    ).toEqual([
      'tokenizer.json: post_processor.processors[0].single uses "[SEP]", which post_processor.processors[0].special_tokens does not define',
      'tokenizer.json: post_processor.processors[0].pair uses "[SEP]", which post_processor.processors[0].special_tokens does not define',
    ]);
  });
});
