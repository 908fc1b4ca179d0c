/**
 * Test support: the whole kit at toy scale on generated data, so tests of export, reproducibility and
 * introspection run in a second and need no dataset files. The data are random sentences over small word lists
 * whose label follows from the words (with some noise), so the models have something to learn.
 */
import { mulberry32 } from "../../lib/onnx/seeded-random";
import type { BuiltBaseline } from "../../tools/baselines/built-baseline";
import type { LabelledSet } from "../../tools/baselines/datasets";
import { buildRteBaseline, RTE_CONFIG, type RteKitConfig } from "../../tools/baselines/rte-baseline";
import { buildSmsSpamBaseline, SMS_SPAM_CONFIG, type SmsSpamKitConfig } from "../../tools/baselines/sms-spam-baseline";
import { buildSst2Baselines, SST2_CONFIG, type Sst2KitConfig } from "../../tools/baselines/sst2-baselines";

const POSITIVE = ["great", "moving", "funny", "brilliant", "charming", "warm", "smart"];
const NEGATIVE = ["dull", "boring", "awful", "flat", "tedious", "messy", "bland"];
const NEUTRAL = [
  "the",
  "film",
  "movie",
  "story",
  "is",
  "a",
  "and",
  "cast",
  "plot",
  "it",
  "'s",
  ",",
  ".",
  "script",
  "café",
];
const SPAMMY = ["free", "win", "prize", "call", "txt", "claim", "cash", "urgent"];
const CHATTY = ["ok", "see", "you", "later", "home", "lunch", "tomorrow", "lol", "love", "going"];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

function sentence(random: () => number, words: readonly string[], filler: readonly string[], length: number): string {
  return Array.from({ length }, () => (random() < 0.4 ? pick(words, random) : pick(filler, random))).join(" ");
}

export function syntheticSentiment(count: number, seed: number): LabelledSet {
  const random = mulberry32(seed);
  const inputs: string[][] = [];
  const labels: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const label = random() < 0.5 ? 0 : 1;
    const words = label === 1 ? POSITIVE : NEGATIVE;
    const text = sentence(random, words, NEUTRAL, 3 + Math.floor(random() * 10));
    inputs.push([random() < 0.1 ? `${text} not` : text]);
    labels.push(random() < 0.05 ? 1 - label : label);
  }
  return { inputs, labels, description: `synthetic sentiment (${count}, seed ${seed})` };
}

export function syntheticSpam(count: number, seed: number): LabelledSet {
  const random = mulberry32(seed);
  const inputs: string[][] = [];
  const labels: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const spam = random() < 0.15 ? 1 : 0;
    inputs.push([sentence(random, spam ? SPAMMY : CHATTY, CHATTY, 4 + Math.floor(random() * 12)).toUpperCase()]);
    labels.push(spam);
  }
  return { inputs, labels, description: `synthetic SMS (${count}, seed ${seed})` };
}

/** Pairs whose hypothesis copies premise words when entailed (label 0) and invents or negates when not (1). */
export function syntheticPairs(count: number, seed: number): LabelledSet {
  const random = mulberry32(seed);
  const inputs: string[][] = [];
  const labels: number[] = [];
  const vocabulary = [...POSITIVE, ...NEGATIVE, ...CHATTY];
  for (let index = 0; index < count; index += 1) {
    const premise = Array.from({ length: 6 + Math.floor(random() * 8) }, () => pick(vocabulary, random));
    const entailed = random() < 0.5;
    const hypothesis = entailed
      ? premise.filter(() => random() < 0.5).slice(0, 4)
      : [pick(SPAMMY, random), pick(SPAMMY, random), ...(random() < 0.5 ? ["not"] : [])];
    inputs.push([`The ${premise.join(" ")}.`, `${hypothesis.join(" ")}.`]);
    labels.push(entailed ? 0 : 1);
  }
  return { inputs, labels, description: `synthetic pairs (${count}, seed ${seed})` };
}

export const TINY_SST2_CONFIG: Sst2KitConfig = {
  ...SST2_CONFIG,
  small: { ...SST2_CONFIG.small, embeddingDim: 4, epochs: 4, learningRate: 0.05 },
  large: { ...SST2_CONFIG.large, embeddingDim: 8, epochs: 4, learningRate: 0.05 },
  teacher: { ...SST2_CONFIG.teacher, embeddingDim: 8, bigramBuckets: 97, hiddenDim: 6, epochs: 4, learningRate: 0.02 },
  wordOrder: { ...SST2_CONFIG.wordOrder, embeddingDim: 8, filters: 8, epochs: 4, learningRate: 0.02 },
  comparisonSeeds: 2,
};

export const TINY_SMS_CONFIG: SmsSpamKitConfig = {
  ...SMS_SPAM_CONFIG,
  recipe: { ...SMS_SPAM_CONFIG.recipe, embeddingDim: 4, bigramBuckets: 31, epochs: 3, learningRate: 0.05 },
};
export const TINY_RTE_CONFIG: RteKitConfig = {
  ...RTE_CONFIG,
  maxSequenceLength: 24,
  training: { ...RTE_CONFIG.training, steps: 50 },
};

/** Every baseline of the kit, at toy scale; `seed` varies the data and every model's seed. */
export function buildTinyKit(seed = 1): BuiltBaseline[] {
  const sst2 = buildSst2Baselines(
    {
      train: syntheticSentiment(400, seed),
      dev: syntheticSentiment(60, seed + 1),
      test: syntheticSentiment(60, seed + 2),
    },
    { ...TINY_SST2_CONFIG, seed },
  );
  const rte = buildRteBaseline(
    {
      train: syntheticPairs(40, seed + 3),
      rte: syntheticPairs(30, seed + 4),
      vocabularyTexts: syntheticSpam(50, seed + 5).inputs.flat(),
      vocabularyDescription: "synthetic texts",
    },
    TINY_RTE_CONFIG,
  );
  const sms = buildSmsSpamBaseline(syntheticSpam(300, seed + 6), { ...TINY_SMS_CONFIG, seed });
  return [...sst2, rte, sms];
}

/** Texts to push through both the training code and onnxruntime, including ones the vocabulary lacks. */
export const SAMPLE_TEXTS: readonly (readonly string[])[] = [
  ["the film is great and charming ."],
  ["a dull , tedious plot"],
  ["unknownword zzz café"],
  [""],
  ["FREE prize call now lol"],
  [
    "it 's not brilliant , it 's awful and boring and flat and messy and bland and dull and tedious and the cast is warm",
  ],
];

export const SAMPLE_PAIRS: readonly (readonly string[])[] = [
  ["The great movie was funny.", "great funny"],
  ["We are going home later.", "free cash not"],
  ["Nothing here.", ""],
  ["", "no premise at all"],
  ["A long premise " + "with many words ".repeat(12), "many words not"],
];
