/**
 * What building one baseline produces (bundle files, card, training time, and the training code's own forward
 * pass, which the export tests hold the ONNX graph to), and the shared steps that turn a trained model into one.
 */
import { classificationMetrics } from "../../runner/measure/classification-metrics";
import { introspectModel } from "../../lib/onnx/introspect";
import { dequantizedCopy } from "./bag-variants";
import type { BagModel } from "./bag-model";
import { baselineManifest, type BundleFiles } from "./bundle-files";
import type { BaselineCard, QualityRow } from "./card";
import { exportBagModel } from "./export-bag";
import { predictBag } from "./train-bag";
import type { EncodedExample } from "./word-tokenizer";

export interface BuiltBaseline {
  card: BaselineCard;
  files: BundleFiles;
  /** Wall-clock seconds of this model's own training (shared tokenization and teacher excluded). */
  trainSeconds: number;
  /** The training code's logits for encoded examples: what the graph must reproduce. */
  referenceLogits(examples: readonly EncodedExample[]): Float64Array[];
}

export interface EvaluationSet {
  /** As the card shows it, e.g. "sst2/dev.tsv". */
  name: string;
  examples: EncodedExample[];
  labels: number[];
}

/** What every model of one task shares: the tokenizer, the training data and the sets it is scored on. */
export interface TaskContext {
  task: string;
  labels: readonly string[];
  tokenizerText: string;
  vocabularySize: number;
  tokenizerSource: string;
  minCount: number;
  maxSequenceLength: number;
  trainingData: string;
  trainingExamples: number;
  evaluationSets: EvaluationSet[];
}

export function qualityRow(
  set: string,
  gold: readonly number[],
  predicted: readonly number[],
  labelCount: number,
): QualityRow {
  const metrics = classificationMetrics(gold, predicted, labelCount);
  return { set, examples: gold.length, accuracy: metrics.accuracy, macro_f1: metrics.macro_f1, mcc: metrics.mcc };
}

export function secondsSince(start: number): number {
  return Math.round((performance.now() - start) / 10) / 100;
}

/** The parameter counts the runner's introspection will report, so card and leaderboard agree. */
export function parameterFacts(modelBytes: Uint8Array): { parameters: number; nonZeroParameters: number } {
  const facts = introspectModel(modelBytes, { sequenceLength: 32 });
  return { parameters: facts.parameters, nonZeroParameters: facts.nonZeroParameters };
}

export interface BagBaselineSpec {
  name: string;
  title: string;
  summary: string;
  model: BagModel;
  int8?: boolean;
  procedure: string;
  hyperparameters: Record<string, string | number | boolean>;
  seed: number;
  trainSeconds: number;
  notes?: string[];
}

export function bagBaseline(spec: BagBaselineSpec, context: TaskContext): BuiltBaseline {
  const modelBytes = exportBagModel(spec.model, { int8: spec.int8 });
  // The int8 graph computes with the dequantized weights; score (and test against) exactly those.
  const scored = spec.int8 ? dequantizedCopy(spec.model) : spec.model;
  const { embeddingDim, bigramBuckets, hiddenDim, vocabSize } = spec.model.architecture;
  return classifierBaseline(
    {
      ...spec,
      modelBytes,
      weightPrecision: spec.int8 ? "int8" : "float32",
      architecture: {
        pooling: "masked mean of token (and bigram) embeddings",
        vocabulary: vocabSize,
        embeddingDim,
        hashedBigramBuckets: bigramBuckets,
        hiddenLayer: hiddenDim > 0 ? `${hiddenDim} ReLU units` : "none (linear over the mean embedding)",
      },
      predict: (examples) => predictBag(scored, examples),
    },
    context,
  );
}

/** Any classifier over token ids: its exported graph, what its card says of it, and its training code's predictions. */
export interface ClassifierBaselineSpec {
  name: string;
  title: string;
  summary: string;
  modelBytes: Uint8Array;
  weightPrecision: "float32" | "int8";
  architecture: Record<string, string | number>;
  predict(examples: readonly Int32Array[]): { logits: Float64Array[]; predicted: number[] };
  procedure: string;
  hyperparameters: Record<string, string | number | boolean>;
  seed: number;
  trainSeconds: number;
  notes?: string[];
}

export function classifierBaseline(spec: ClassifierBaselineSpec, context: TaskContext): BuiltBaseline {
  const { modelBytes } = spec;
  const card: BaselineCard = {
    name: spec.name,
    task: context.task,
    title: spec.title,
    summary: spec.summary,
    architecture: { ...spec.architecture, labels: context.labels.join(", ") },
    ...parameterFacts(modelBytes),
    weightPrecision: spec.weightPrecision,
    modelBytes: modelBytes.byteLength,
    tokenizer: {
      type: "WordLevel",
      vocabularySize: context.vocabularySize,
      builtFrom: context.tokenizerSource,
      minCount: context.minCount,
      maxSequenceLength: context.maxSequenceLength,
    },
    training: {
      data: context.trainingData,
      examples: context.trainingExamples,
      procedure: spec.procedure,
      hyperparameters: spec.hyperparameters,
      seed: spec.seed,
    },
    quality: context.evaluationSets.map((set) =>
      qualityRow(
        set.name,
        set.labels,
        spec.predict(set.examples.map((example) => example.ids)).predicted,
        context.labels.length,
      ),
    ),
    notes: spec.notes ?? [],
    reproduce:
      "`npm run baselines` (tools/baselines/build-all.ts) rebuilds every baseline, byte for byte, from ../shared/datasets.",
  };
  return {
    card,
    files: {
      modelBytes,
      tokenizerText: context.tokenizerText,
      manifest: baselineManifest({ labels: context.labels, maxSequenceLength: context.maxSequenceLength }),
    },
    trainSeconds: spec.trainSeconds,
    referenceLogits: (examples) => spec.predict(examples.map((example) => example.ids)).logits,
  };
}
