import { describe, expect, it } from "vitest";
import {
  FEATURE_SCALES,
  FUNCTION_WORDS,
  NEGATION_WORDS,
  overlapFeatures,
  predictOverlap,
  trainOverlapModel,
} from "./overlap-model";
import { buildVocabulary, encodeExample, encoderFor, tokenizerJsonText } from "./word-tokenizer";

const vocabulary = buildVocabulary(["cats chase mice", "dogs chase cats", "the sun is hot"], {
  minCount: 1,
  leadingWords: FUNCTION_WORDS,
});
const encoder = encoderFor(tokenizerJsonText(vocabulary), 64);
const facts = {
  firstContentId: vocabulary.firstCountedId,
  negationIds: NEGATION_WORDS.map((word) => vocabulary.ids.get(word)!),
};
const features = (premise: string, hypothesis: string) =>
  Array.from(
    overlapFeatures(encodeExample(encoder, [premise, hypothesis]), facts),
    (value, index) => value / FEATURE_SCALES[index]!,
  );

describe("lexical-overlap features", () => {
  it("places function words before every counted word, so one comparison finds content words", () => {
    expect(vocabulary.ids.get("the")!).toBeLessThan(facts.firstContentId);
    expect(vocabulary.ids.get("not")!).toBeLessThan(facts.firstContentId);
    expect(vocabulary.ids.get("cats")!).toBeGreaterThanOrEqual(facts.firstContentId);
  });

  it("measures how much of the hypothesis the premise covers, ignoring function words and unknown words", () => {
    // Hypothesis content words: chase and cats (in the premise), dogs (not); "the" is a function word and
    // zebras is [UNK], neither counts.
    const [coverage, unmatched, negation, hypothesis, premise] = features(
      "The cats chase mice.",
      "The dogs chase cats zebras",
    );
    expect(hypothesis).toBeCloseTo(3, 12);
    expect(unmatched).toBeCloseTo(1, 12);
    expect(coverage).toBeCloseTo(2 / 3, 12);
    expect(negation).toBe(0);
    expect(premise).toBeCloseTo(3, 12);
  });

  it("flags a negation on one side only", () => {
    expect(features("cats chase mice", "cats do not chase mice")[2]).toBe(1);
    expect(features("cats never chase mice", "cats do not chase mice")[2]).toBe(0);
    expect(features("cats don't chase mice", "cats chase mice")[2]).toBe(1);
  });

  it("survives empty texts", () => {
    expect(features("", "")).toEqual([0, 0, 0, 0, 0]);
  });

  it("fits a logistic regression that uses coverage", () => {
    const rows = [
      ["cats chase mice", "cats chase mice", 0],
      ["dogs chase cats", "dogs chase", 0],
      ["the sun is hot", "sun hot", 0],
      ["cats chase mice", "dogs sun hot", 1],
      ["dogs chase cats", "mice sun", 1],
      ["the sun is hot", "cats dogs", 1],
    ] as const;
    const inputs = rows.map(([premise, hypothesis]) =>
      overlapFeatures(encodeExample(encoder, [premise, hypothesis]), facts),
    );
    const labels = rows.map((row) => row[2]);
    const model = trainOverlapModel(inputs, labels, 2, { steps: 300, learningRate: 0.05, l2: 0.001 });
    expect(predictOverlap(model, inputs).predicted).toEqual(labels);
    // More coverage, more entailment (label 0).
    expect(model.weight[0]! - model.weight[1]!).toBeGreaterThan(0);
  });
});
