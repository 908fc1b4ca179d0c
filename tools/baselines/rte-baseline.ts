/**
 * The RTE baseline. RTE's training set is not on disk, and the task scores GLUE's RTE dev file, so training on
 * any part of that file would score the model on examples it learnt from. The model is therefore fitted on
 * the only other labelled entailment data there is, CommitmentBank (56 pairs, folded to two labels), and has
 * to be tiny: five lexical-overlap features and a logistic regression (12 weights). Its RTE numbers are
 * honestly held out; they are also, expectedly, close to chance.
 */
import { baselineManifest } from "./bundle-files";
import { parameterFacts, qualityRow, secondsSince, type BuiltBaseline } from "./built-baseline";
import type { BaselineCard } from "./card";
import type { LabelledSet } from "./datasets";
import { exportOverlapModel } from "./export-overlap";
import {
  FEATURE_SCALES,
  FUNCTION_WORDS,
  NEGATION_WORDS,
  OVERLAP_FEATURES,
  overlapFeatures,
  predictOverlap,
  trainOverlapModel,
  type OverlapTrainingOptions,
} from "./overlap-model";
import { buildVocabulary, encodeExample, encoderFor, tokenizerJsonText } from "./word-tokenizer";

export interface RteData {
  /** CB folded to entailment / not_entailment. */
  train: LabelledSet;
  rte: LabelledSet;
  vocabularyTexts: string[];
  vocabularyDescription: string;
}

export interface RteKitConfig {
  maxSequenceLength: number;
  minCount: number;
  training: OverlapTrainingOptions;
}

export const RTE_CONFIG: RteKitConfig = {
  maxSequenceLength: 256,
  minCount: 1,
  training: { steps: 500, learningRate: 0.05, l2: 0.01 },
};

const LABELS = ["entailment", "not_entailment"] as const;

export function buildRteBaseline(data: RteData, config: RteKitConfig = RTE_CONFIG): BuiltBaseline {
  // The training pairs' own words join the vocabulary; RTE's do not (they are the evaluation data).
  const texts = [...data.vocabularyTexts, ...data.train.inputs.flat()];
  const vocabulary = buildVocabulary(texts, { minCount: config.minCount, leadingWords: FUNCTION_WORDS });
  const tokenizerText = tokenizerJsonText(vocabulary);
  const encoder = encoderFor(tokenizerText, config.maxSequenceLength);
  const facts = {
    firstContentId: vocabulary.firstCountedId,
    negationIds: NEGATION_WORDS.map((word) => vocabulary.ids.get(word)!),
  };
  const features = (set: LabelledSet) =>
    set.inputs.map((fields) => overlapFeatures(encodeExample(encoder, fields), facts));

  const start = performance.now();
  const model = trainOverlapModel(features(data.train), data.train.labels, LABELS.length, config.training);
  const trainSeconds = secondsSince(start);
  const modelBytes = exportOverlapModel(model, facts);
  const score = (set: LabelledSet, name: string) =>
    qualityRow(name, set.labels, predictOverlap(model, features(set)).predicted, LABELS.length);
  const majority = data.rte.labels.filter((label) => label === 0).length / Math.max(data.rte.labels.length, 1);

  const card: BaselineCard = {
    name: "rte-overlap-logreg",
    task: "rte",
    title: "lexical-overlap logistic regression",
    summary:
      "Five features of a premise/hypothesis pair computed inside the graph from the token ids and type ids " +
      "(hypothesis words found in the premise, words not found, a negation on one side only, both lengths), " +
      "then a logistic regression. The classic word-overlap baseline of the RTE challenges.",
    architecture: {
      features: OVERLAP_FEATURES.map((name, index) => `${name} ×${FEATURE_SCALES[index]}`).join(", "),
      contentWords: `ids ≥ ${facts.firstContentId} (specials, ${FUNCTION_WORDS.length} function words and punctuation come first)`,
      negationWords: NEGATION_WORDS.join(" "),
      classifier: "linear, 5 × 2 weights + 2 biases",
      labels: LABELS.join(", "),
    },
    ...parameterFacts(modelBytes),
    weightPrecision: "float32",
    modelBytes: modelBytes.byteLength,
    tokenizer: {
      type: "WordLevel",
      vocabularySize: vocabulary.ids.size,
      builtFrom: `${data.vocabularyDescription}, and the training pairs`,
      minCount: config.minCount,
      maxSequenceLength: config.maxSequenceLength,
    },
    training: {
      data: data.train.description,
      examples: data.train.labels.length,
      procedure:
        "Full-batch Adam on the mean cross-entropy with an L2 penalty on the weights, from zero weights (no " +
        "randomness involved). Premise and hypothesis go through the tokenizer as a pair: [CLS] premise [SEP] " +
        "hypothesis [SEP], type ids 0 then 1, truncated longest-first.",
      hyperparameters: { ...config.training },
      seed: 0,
    },
    quality: [
      score(data.rte, `${data.rte.description} — held out (never trained or tuned on)`),
      score(data.train, `${data.train.description} — the training data (in-sample)`),
    ],
    notes: [
      "Why not train on RTE: its training split is not in ../shared/datasets, and the task's only split is GLUE's RTE dev file; training on part of it would put training examples into the score. CommitmentBank is another entailment corpus (different genre: dialogue and fiction), so this is transfer, and 56 pairs only support a model with a handful of weights.",
      "Hyperparameters are the first settings tried; nothing was tuned on RTE.",
      `Majority class (entailment) scores ${(majority * 100).toFixed(2)}% accuracy on the RTE file; judge this baseline by MCC and macro-F1 against that.`,
    ],
    reproduce:
      "`npm run baselines` (tools/baselines/build-all.ts) rebuilds every baseline, byte for byte, from ../shared/datasets.",
  };
  return {
    card,
    files: {
      modelBytes,
      tokenizerText,
      manifest: baselineManifest({ labels: LABELS, maxSequenceLength: config.maxSequenceLength, tokenTypes: true }),
    },
    trainSeconds,
    referenceLogits: (examples) =>
      predictOverlap(
        model,
        examples.map((example) => overlapFeatures(example, facts)),
      ).logits,
  };
}
