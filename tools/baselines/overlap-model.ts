/**
 * A lexical-overlap entailment classifier: logistic regression over five features of a premise/hypothesis pair,
 * the classic RTE baseline (hypothesis words found in the premise; Jijkoun & de Rijke 2005, and the "word
 * overlap" rows of the RTE challenge reports). The features are computed from the token ids and type ids the
 * tokenizer emits, here and identically inside the ONNX graph (export-overlap.ts):
 *
 *   coverage    share of the hypothesis' content words that occur in the premise
 *   unmatched   count of hypothesis content words that do not (÷10)
 *   negation    1 when exactly one side has a negation word
 *   hypothesis  content words in the hypothesis (÷10)
 *   premise     content words in the premise (÷100)
 *
 * "Content word" = an id at or past the vocabulary's first counted id: the tokenizer places [PAD]/[UNK]/[CLS]/
 * [SEP], then FUNCTION_WORDS, before every other word, so the graph tests it with one comparison.
 */
import { createAdam } from "./adam";
import { argmax, crossEntropy } from "./losses";
import { denseTrainable } from "./trainable";
import type { EncodedExample } from "./word-tokenizer";

export const NEGATION_WORDS = [
  "not",
  "no",
  "never",
  "t",
  "nobody",
  "nothing",
  "none",
  "neither",
  "nor",
  "cannot",
  "without",
] as const;

/** Negations, then English function words and punctuation: overlap on these says nothing about entailment. */
export const FUNCTION_WORDS: readonly string[] = [
  ...NEGATION_WORDS,
  ..."the a an of to in on at by for from with about as into like through after over between out against during before under around among".split(
    " ",
  ),
  ..."and or but if because so than then that this these those which who whom whose what when where why how".split(" "),
  ..."is are was were be been being am do does did done have has had having will would shall should can could may might must".split(
    " ",
  ),
  ..."i me my we our you your he him his she her it its they them their there here".split(" "),
  ..."all any both each few more most other some such only own same too very s just also".split(" "),
  ...", . ' \" - ( ) : ; ! ? `` '' --".split(" "),
];

export const OVERLAP_FEATURES = ["coverage", "unmatched", "negation", "hypothesis", "premise"] as const;
/** Brings every feature to about the unit range, so one learning rate and one L2 weight suit them all. */
export const FEATURE_SCALES = [1, 0.1, 1, 0.1, 0.01] as const;

export interface OverlapVocabularyFacts {
  firstContentId: number;
  negationIds: readonly number[];
}

export function overlapFeatures(example: EncodedExample, facts: OverlapVocabularyFacts): Float64Array {
  const { ids, typeIds } = example;
  const negations = new Set(facts.negationIds);
  const isContent = (position: number) => ids[position]! >= facts.firstContentId;
  const premiseWords = new Set<number>();
  let premiseCount = 0;
  let premiseNegated = 0;
  let hypothesisNegated = 0;
  ids.forEach((id, position) => {
    const negated = negations.has(id) ? 1 : 0;
    if (typeIds[position] === 1) hypothesisNegated = Math.max(hypothesisNegated, negated);
    else premiseNegated = Math.max(premiseNegated, negated);
    if (typeIds[position] === 0 && isContent(position)) {
      premiseWords.add(id);
      premiseCount += 1;
    }
  });
  let hypothesisCount = 0;
  let matched = 0;
  ids.forEach((id, position) => {
    if (typeIds[position] !== 1 || !isContent(position)) return;
    hypothesisCount += 1;
    if (premiseWords.has(id)) matched += 1;
  });
  const raw = [
    matched / Math.max(hypothesisCount, 1),
    hypothesisCount - matched,
    Math.abs(hypothesisNegated - premiseNegated),
    hypothesisCount,
    premiseCount,
  ];
  return Float64Array.from(raw, (value, index) => value * FEATURE_SCALES[index]!);
}

export interface OverlapModel {
  /** [features, labels], row-major. */
  weight: Float32Array;
  bias: Float32Array;
  labelCount: number;
}

export interface OverlapTrainingOptions {
  steps: number;
  learningRate: number;
  /** L2 penalty on the weights (not the bias): with 56 training pairs the weights need holding back. */
  l2: number;
}

/** Full-batch Adam on the mean cross-entropy: deterministic, and no seed needed (weights start at zero). */
export function trainOverlapModel(
  features: readonly Float64Array[],
  labels: readonly number[],
  labelCount: number,
  options: OverlapTrainingOptions,
): OverlapModel {
  const featureCount = OVERLAP_FEATURES.length;
  const weight = denseTrainable("weight", new Float32Array(featureCount * labelCount));
  const bias = denseTrainable("bias", new Float32Array(labelCount));
  const model: OverlapModel = { weight: weight.values, bias: bias.values, labelCount };
  const optimizer = createAdam([weight, bias]);
  for (let step = 0; step < options.steps; step += 1) {
    features.forEach((row, index) => {
      const { gradient } = crossEntropy(overlapLogits(model, row), labels[index]!);
      for (let c = 0; c < labelCount; c += 1) {
        bias.gradient[c]! += gradient[c]! / features.length;
        for (let f = 0; f < featureCount; f += 1)
          weight.gradient[f * labelCount + c]! += (row[f]! * gradient[c]!) / features.length;
      }
    });
    for (let index = 0; index < weight.values.length; index += 1)
      weight.gradient[index]! += options.l2 * weight.values[index]!;
    optimizer.step(options.learningRate);
  }
  return model;
}

export function overlapLogits(model: OverlapModel, row: Float64Array): Float64Array {
  const logits = Float64Array.from(model.bias);
  row.forEach((value, f) => {
    for (let c = 0; c < model.labelCount; c += 1) logits[c]! += value * model.weight[f * model.labelCount + c]!;
  });
  return logits;
}

export function predictOverlap(
  model: OverlapModel,
  rows: readonly Float64Array[],
): { logits: Float64Array[]; predicted: number[] } {
  const logits = rows.map((row) => overlapLogits(model, row));
  return { logits, predicted: logits.map(argmax) };
}
