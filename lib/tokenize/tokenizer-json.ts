/**
 * Recognises a Hugging Face tokenizer.json (the `tokenizers` library's serialisation) and refuses anything else
 * with a message naming what is wrong. The checks are the ones that would otherwise surface later as a crash deep
 * in @huggingface/tokenizers, or worse, as silently different token ids: a vocabulary missing its unknown token,
 * a post-processor whose special-token ids disagree with the vocabulary.
 */
import type { Tokenizer } from "@huggingface/tokenizers";
import { z } from "zod";
import { BundleError, joinProblems } from "../bundle/bundle-error";
import { createLibraryTokenizer } from "./library-tokenizer";

export const MODEL_TYPES = ["WordPiece", "WordLevel", "BPE", "Unigram"] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

const component = z
  .looseObject({ type: z.string({ error: "must name its type" }) }, { error: "must be an object or null" })
  .nullable()
  .default(null);
const wholeNumber = z
  .number({ error: "must be a whole number" })
  .int({ error: "must be a whole number" })
  .min(0, { error: "cannot be negative" });

const tokenizerJsonSchema = z.looseObject(
  {
    model: z.looseObject({}, { error: "must be an object" }),
    added_tokens: z
      .array(
        z.looseObject({
          id: wholeNumber,
          content: z.string({ error: "must be a string" }),
          special: z.boolean().optional(),
        }),
        {
          error: "must be a list",
        },
      )
      .default([]),
    normalizer: component,
    pre_tokenizer: component,
    post_processor: component,
    decoder: component,
    truncation: z
      .looseObject({
        max_length: wholeNumber,
        strategy: z
          .enum(["LongestFirst", "OnlyFirst", "OnlySecond"], { error: "must be LongestFirst, OnlyFirst or OnlySecond" })
          .default("LongestFirst"),
        direction: z.enum(["Right", "Left"], { error: "must be Right or Left" }).default("Right"),
      })
      .nullable()
      .default(null),
    padding: z
      .looseObject({
        strategy: z
          .union([z.literal("BatchLongest"), z.object({ Fixed: wholeNumber })], {
            error: 'must be "BatchLongest" or {"Fixed": n}',
          })
          .default("BatchLongest"),
        direction: z.enum(["Right", "Left"], { error: "must be Right or Left" }).default("Right"),
        pad_to_multiple_of: z.number().int().min(1).nullable().default(null),
        pad_id: wholeNumber.default(0),
        pad_type_id: wholeNumber.default(0),
        pad_token: z.string().default("[PAD]"),
      })
      .nullable()
      .default(null),
  },
  { error: "must be a JSON object" },
);

/** A validated tokenizer.json with defaults filled in; `model.type` is always set (inferred as the library does). */
export type TokenizerJson = z.infer<typeof tokenizerJsonSchema> & {
  model: Record<string, unknown> & { type: ModelType; unk_token?: string | null };
};

export function parseTokenizerJson(text: string): TokenizerJson {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail([`is not valid JSON (${error instanceof Error ? error.message : String(error)})`]);
  }
  const parsed = tokenizerJsonSchema.safeParse(json);
  if (!parsed.success) {
    fail(
      parsed.error.issues.map((issue) => {
        const where = issue.path.map(String).join(".");
        return where ? `${where} ${missingOr(issue, json)}` : issue.message;
      }),
    );
  }
  const tokenizerJson = parsed.data;
  const addedTokens = new Map(tokenizerJson.added_tokens.map((token) => [token.content, token.id]));
  const modelType = checkModel(tokenizerJson.model, addedTokens);

  const typed = { ...tokenizerJson, model: { ...tokenizerJson.model, type: modelType } } as TokenizerJson;
  let tokenizer: Tokenizer;
  try {
    tokenizer = createLibraryTokenizer(typed);
  } catch (error) {
    fail([`uses something this platform cannot run (${error instanceof Error ? error.message : String(error)})`]);
  }
  const postProcessorProblems = checkSpecialTokens(tokenizerJson.post_processor, tokenizer, "post_processor");
  if (postProcessorProblems.length > 0) fail(postProcessorProblems);
  return typed;
}

function checkModel(model: Record<string, unknown>, addedTokens: Map<string, number>): ModelType {
  const problems: string[] = [];
  const { type, vocab, unk_token: unkToken, merges } = model;
  if (type !== undefined && !(MODEL_TYPES as readonly unknown[]).includes(type)) {
    problems.push(`model.type ${JSON.stringify(type)} is not one of ${MODEL_TYPES.join(", ")}`);
  }
  if (vocab === undefined) problems.push("model.vocab is missing");
  // Further checks depend on knowing the model type and having a vocabulary: stop at what is already wrong.
  if (problems.length > 0) fail(problems);
  // Without a type, infer it the way @huggingface/tokenizers does, so the check matches what will run.
  const modelType: ModelType = MODEL_TYPES.includes(type as ModelType)
    ? (type as ModelType)
    : Array.isArray(vocab)
      ? "Unigram"
      : "continuing_subword_prefix" in model && "unk_token" in model
        ? "merges" in model
          ? "BPE"
          : "WordPiece"
        : "WordLevel";

  let tokens: Set<string> | undefined;
  if (modelType === "Unigram") {
    const valid =
      Array.isArray(vocab) &&
      vocab.every((item) => Array.isArray(item) && typeof item[0] === "string" && typeof item[1] === "number");
    if (!valid) problems.push("model.vocab must be a list of [piece, score] pairs for a Unigram model");
    else tokens = new Set(vocab.map((item: [string, number]) => item[0]));
  } else if (typeof vocab !== "object" || vocab === null || Array.isArray(vocab)) {
    problems.push(`model.vocab must be an object mapping each token to its id for a ${modelType} model`);
  } else {
    const bad = Object.entries(vocab).filter(([, id]) => !Number.isInteger(id) || (id as number) < 0);
    if (bad.length > 0)
      problems.push(
        `model.vocab ids must be whole numbers (${bad
          .slice(0, 3)
          .map(([t]) => JSON.stringify(t))
          .join(", ")} are not)`,
      );
    else tokens = new Set(Object.keys(vocab));
  }
  if (modelType === "BPE") {
    const pair = (merge: unknown) =>
      (typeof merge === "string" && merge.split(" ").length === 2) ||
      (Array.isArray(merge) && merge.length === 2 && merge.every((part) => typeof part === "string"));
    if (merges === undefined) problems.push("model.merges is missing");
    else if (!Array.isArray(merges) || !merges.every(pair))
      problems.push('model.merges must be a list of "a b" strings or [a, b] pairs');
  }
  const unkRequired = modelType === "WordPiece" || modelType === "WordLevel";
  if (unkToken !== undefined && unkToken !== null && typeof unkToken !== "string") {
    problems.push("model.unk_token must be a token (a string) or null");
  } else if (unkRequired && typeof unkToken !== "string") {
    problems.push(`model.unk_token is missing (a ${modelType} model needs one for words outside its vocabulary)`);
  } else if (typeof unkToken === "string" && tokens && !tokens.has(unkToken) && !addedTokens.has(unkToken)) {
    problems.push(`model.unk_token ${JSON.stringify(unkToken)} is not in model.vocab`);
  }
  if (problems.length > 0) fail(problems);
  return modelType;
}

/** Special tokens the post-processor adds must carry the ids the vocabulary gives them, as one token each. */
function checkSpecialTokens(processor: Record<string, unknown> | null, tokenizer: Tokenizer, where: string): string[] {
  if (processor === null) return [];
  const problems: string[] = [];
  const expect = (token: unknown, id: unknown, path: string) => {
    if (typeof token !== "string") return problems.push(`${path} must name a token`);
    const actual = tokenizer.token_to_id(token);
    if (actual === undefined) problems.push(`${path} adds ${JSON.stringify(token)}, which is not in the vocabulary`);
    else if (id !== undefined && actual !== id)
      problems.push(`${path} gives ${JSON.stringify(token)} id ${String(id)} but the vocabulary gives it ${actual}`);
  };
  if (processor.type === "BertProcessing" || processor.type === "RobertaProcessing") {
    for (const key of ["cls", "sep"]) {
      const value = processor[key];
      if (!Array.isArray(value)) problems.push(`${where}.${key} is missing`);
      else expect(value[0], value[1], `${where}.${key}`);
    }
  } else if (processor.type === "TemplateProcessing") {
    const specials = (processor.special_tokens ?? {}) as Record<string, { ids?: unknown; tokens?: unknown }>;
    for (const key of ["single", "pair"]) {
      const template = processor[key];
      if (!Array.isArray(template)) {
        problems.push(`${where}.${key} is missing`);
        continue;
      }
      for (const item of template as Record<string, { id?: unknown }>[]) {
        const id = item.SpecialToken?.id;
        if (id === undefined) continue;
        const special = specials[String(id)];
        if (!special || !Array.isArray(special.ids)) {
          problems.push(`${where}.${key} uses ${JSON.stringify(id)}, which ${where}.special_tokens does not define`);
        } else if (special.ids.length !== 1) {
          problems.push(
            `${where}.special_tokens ${JSON.stringify(id)} expands to ${special.ids.length} tokens; only one token per special token is supported`,
          );
        } else {
          expect(id, special.ids[0], `${where}.special_tokens ${JSON.stringify(id)}`);
        }
      }
    }
  } else if (processor.type === "Sequence" && Array.isArray(processor.processors)) {
    (processor.processors as Record<string, unknown>[]).forEach((inner, index) => {
      problems.push(...checkSpecialTokens(inner, tokenizer, `${where}.processors[${index}]`));
    });
  }
  return [...new Set(problems)];
}

function missingOr(issue: z.core.$ZodIssue, json: unknown): string {
  let value = json;
  for (const segment of issue.path)
    value = typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
  return issue.code === "invalid_type" && value === undefined && issue.path.length > 0 ? "is missing" : issue.message;
}

function fail(problems: string[]): never {
  throw new BundleError(
    "INVALID_TOKENIZER",
    `tokenizer.json: ${joinProblems(problems, 10)}`,
    problems.map((problem) => `tokenizer.json: ${problem}`),
  );
}
