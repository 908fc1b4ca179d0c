/**
 * The lexical-overlap baseline of the RTE kit (./rte-baseline.ts), for any sentence-pair task: five overlap
 * features computed inside the graph from token ids and type ids, then a logistic regression over the task's
 * labels. Used for BoolQ (passage, question) and CB (premise, hypothesis), each trained on another task's pairs
 * (./superglue-data.ts), so its scores on its own file are held out.
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
} from "./overlap-model";
import { RTE_CONFIG, type RteKitConfig } from "./rte-baseline";
import { buildVocabulary, encodeExample, encoderFor, tokenizerJsonText } from "./word-tokenizer";

export interface PairOverlapData {
  name: string;
  task: string;
  labels: readonly string[];
  train: LabelledSet;
  evaluation: LabelledSet;
  vocabularyTexts: string[];
  vocabularyDescription: string;
  notes: string[];
}

export function buildPairOverlapBaseline(data: PairOverlapData, config: RteKitConfig = RTE_CONFIG): BuiltBaseline {
  const vocabulary = buildVocabulary([...data.vocabularyTexts, ...data.train.inputs.flat()], {
    minCount: config.minCount,
    leadingWords: FUNCTION_WORDS,
  });
  const tokenizerText = tokenizerJsonText(vocabulary);
  const encoder = encoderFor(tokenizerText, config.maxSequenceLength);
  const facts = {
    firstContentId: vocabulary.firstCountedId,
    negationIds: NEGATION_WORDS.map((word) => vocabulary.ids.get(word)!),
  };
  const features = (set: LabelledSet) =>
    set.inputs.map((fields) => overlapFeatures(encodeExample(encoder, fields), facts));

  const start = performance.now();
  const model = trainOverlapModel(features(data.train), data.train.labels, data.labels.length, config.training);
  const trainSeconds = secondsSince(start);
  const modelBytes = exportOverlapModel(model, facts);
  const score = (set: LabelledSet, name: string) =>
    qualityRow(name, set.labels, predictOverlap(model, features(set)).predicted, data.labels.length);
  const card: BaselineCard = {
    name: data.name,
    task: data.task,
    title: "lexical-overlap logistic regression",
    summary:
      "Five features of a text pair computed inside the graph from the token ids and type ids (second-text words found in the first, " +
      "words not found, a negation on one side only, both lengths), then a logistic regression over the task's labels.",
    architecture: {
      features: OVERLAP_FEATURES.map((feature, index) => `${feature} ×${FEATURE_SCALES[index]}`).join(", "),
      classifier: `linear, 5 × ${data.labels.length} weights + ${data.labels.length} biases`,
      labels: data.labels.join(", "),
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
        "Full-batch Adam on the mean cross-entropy with an L2 penalty on the weights, from zero weights. The pair goes through the tokenizer as [CLS] first [SEP] second [SEP], truncated longest-first.",
      hyperparameters: { ...config.training },
      seed: 0,
    },
    quality: [
      score(data.evaluation, `${data.evaluation.description} — held out (never trained or tuned on)`),
      score(data.train, `${data.train.description} — the training data (in-sample)`),
    ],
    notes: data.notes,
    reproduce:
      "`npm run baselines` (tools/baselines/build-all.ts) rebuilds every baseline, byte for byte, from ../shared/datasets.",
  };
  return {
    card,
    files: {
      modelBytes,
      tokenizerText,
      manifest: baselineManifest({
        labels: data.labels,
        maxSequenceLength: config.maxSequenceLength,
        tokenTypes: true,
      }),
    },
    trainSeconds,
    referenceLogits: (examples) =>
      predictOverlap(
        model,
        examples.map((example) => overlapFeatures(example, facts)),
      ).logits,
  };
}
