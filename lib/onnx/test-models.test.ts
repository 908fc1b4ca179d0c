import { describe, expect, it } from "vitest";
import { introspectModel } from "./introspect";
import {
  bagOfWordsClassifier,
  bagOfWordsReference,
  memoryHogModel,
  nanOutputModel,
  slowModel,
  wrongShapeOutputModel,
} from "../../test-support/onnx/test-models";

const options = { vocabSize: 30, embeddingDim: 4, labelCount: 3, seed: 11 };

describe("bagOfWordsClassifier", () => {
  it("is reproducible from its seed, and a different seed gives different weights", () => {
    const first = bagOfWordsClassifier(options);
    expect(bagOfWordsClassifier(options).bytes).toEqual(first.bytes);
    expect(bagOfWordsClassifier({ ...options, seed: 12 }).weights.embedding).not.toEqual(first.weights.embedding);
  });

  it("has the classifier signature and the expected parameter count", () => {
    const facts = introspectModel(bagOfWordsClassifier(options).bytes, { sequenceLength: 16 });
    expect(facts.inputs).toEqual([
      { name: "input_ids", elemType: "int64", shape: ["batch", "sequence"] },
      { name: "attention_mask", elemType: "int64", shape: ["batch", "sequence"] },
    ]);
    expect(facts.outputs).toEqual([{ name: "logits", elemType: "float32", shape: ["batch", 3] }]);
    // embedding + projection + bias, plus the two axes tensors and the constant 1
    expect(facts.parameters).toBe(30 * 4 + 4 * 3 + 3 + 1 + 1 + 1);
  });
});

describe("bagOfWordsReference", () => {
  const { weights } = bagOfWordsClassifier(options);

  it("averages only the unmasked tokens", () => {
    const [padded] = bagOfWordsReference(weights, [[5, 6, 0, 0]], [[1, 1, 0, 0]]);
    const [unpadded] = bagOfWordsReference(weights, [[5, 6]], [[1, 1]]);
    expect(padded).toEqual(unpadded);
    const [single] = bagOfWordsReference(weights, [[5]], [[1]]);
    expect(single).not.toEqual(unpadded);
  });

  it("gives the bias for an all-padding row, and refuses ids outside the vocabulary", () => {
    expect(bagOfWordsReference(weights, [[1, 2]], [[0, 0]])[0]).toEqual(Array.from(weights.bias));
    expect(() => bagOfWordsReference(weights, [[30]], [[1]])).toThrow(/outside the vocabulary/);
  });
});

describe("hostile models", () => {
  it("present the classifier signature, so the runner cannot spot them before running them", () => {
    for (const bytes of [memoryHogModel(1024), slowModel(3, { dimension: 4 }), nanOutputModel()]) {
      const facts = introspectModel(bytes, { sequenceLength: 8 });
      expect(facts.inputs.map((input) => input.name)).toEqual(["input_ids", "attention_mask"]);
      expect(facts.outputs).toEqual([{ name: "logits", elemType: "float32", shape: ["batch", 2] }]);
    }
  });

  it("declare the wrong logits shape unless told to lie about it", () => {
    const declared = (bytes: Uint8Array) => introspectModel(bytes, { sequenceLength: 8 }).outputs[0]?.shape;
    expect(declared(wrongShapeOutputModel({ labelCount: 2 }))).toEqual(["batch", 5]);
    expect(declared(wrongShapeOutputModel({ labelCount: 2, kind: "rank-3" }))).toEqual(["batch", 1, 2]);
    expect(declared(wrongShapeOutputModel({ labelCount: 2, kind: "rank-3", lieInSignature: true }))).toEqual([
      "batch",
      2,
    ]);
  });
});
