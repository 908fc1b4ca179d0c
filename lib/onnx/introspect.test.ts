import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { graph, model, node, tensor, valueInfo, type GraphParts } from "./graph-builder";
import { introspectModel } from "./introspect";
import { ModelError } from "./model-error";
import { mulberry32 } from "./seeded-random";

const MODELS = path.resolve(process.cwd(), "../shared/models");

function build(parts: Partial<GraphParts> & Pick<GraphParts, "nodes">, opsets?: { domain: string; version: number }[]) {
  return model({
    graph: graph({ inputs: [], outputs: [valueInfo("y", "float32", null)], ...parts }),
    ...(opsets ? { opsets } : {}),
  });
}

function refusal(bytes: Uint8Array): ModelError {
  try {
    introspectModel(bytes, { sequenceLength: 8 });
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw error;
  }
  throw new Error("expected the model to be refused");
}

describe.skipIf(!existsSync(MODELS))("introspectModel on real files in ../shared/models", () => {
  const tinyBert = () => readFileSync(path.join(MODELS, "tribuo_tinybert/tinybert.onnx"));

  it("reads TinyBERT's signature, opset and 121k parameters", () => {
    const facts = introspectModel(tinyBert(), { sequenceLength: 128 });
    expect(facts.irVersion).toBe(6);
    expect(facts.opsets).toEqual([{ domain: "ai.onnx", version: 11 }]);
    expect(facts.domains).toEqual(["ai.onnx"]);
    expect(facts.inputs).toEqual(
      ["input_ids", "attention_mask", "token_type_ids"].map((name) => ({
        name,
        elemType: "int64",
        shape: ["batch", "sequence"],
      })),
    );
    expect(facts.outputs).toEqual([
      { name: "output_0", elemType: "float32", shape: ["batch", "sequence", 50] },
      { name: "output_1", elemType: "float32", shape: ["batch", 50] },
    ]);
    // 121,309 initializer elements (SOURCES.md's "121k"), 24 scalars in Constant nodes, and 33 int64 elements
    // of attribute lists (Transpose perms, Unsqueeze axes): every list an op holds counts.
    expect(facts.parameters).toBe(121_366);
    expect(facts.precisionMix).toEqual({ float32: 121_212, int64: 154 });
    expect(facts.nonZeroParameters).toBeLessThan(facts.parameters);
    expect(facts.sparsity).toBeCloseTo(1 - facts.nonZeroParameters / facts.parameters, 12);
    expect(facts.opHistogram).toMatchObject({ MatMul: 8, Gemm: 1, Softmax: 1, Constant: 24 });
    expect(facts.fileSizeBytes).toBe(tinyBert().byteLength);
    expect(facts.externalData).toEqual([]);
  });

  it("costs TinyBERT's projections, feed-forward, attention products and pooler", () => {
    const hidden = 50;
    for (const sequence of [16, 128]) {
      const { macsPerExample } = introspectModel(tinyBert(), { sequenceLength: sequence });
      const projections = 4 * sequence * hidden * hidden;
      const feedForward = 2 * sequence * hidden * 4 * hidden;
      const attention = 2 * sequence * sequence * hidden; // Q·Kᵀ and P·V, over both heads together
      expect(macsPerExample.byOp).toEqual({ MatMul: projections + feedForward + attention, Gemm: hidden * hidden });
      expect(macsPerExample.total).toBe(projections + feedForward + attention + hidden * hidden);
      expect(macsPerExample.uncounted).toEqual([]);
      expect(macsPerExample.approximations).toEqual([]);
    }
  });

  it("reads the skl2onnx pipeline: string input, com.microsoft Tokenizer, ai.onnx.ml ops, unsorted nodes", () => {
    const facts = introspectModel(readFileSync(path.join(MODELS, "skl2onnx_20ng_tfidf_logreg/model.onnx")), {
      sequenceLength: 128,
    });
    expect(facts.inputs).toEqual([{ name: "input", elemType: "string", shape: [null, 2] }]);
    expect(facts.outputs).toEqual([
      { name: "output_label", elemType: "int64", shape: [null] },
      { name: "output_probability", elemType: "sequence", shape: null },
    ]);
    expect(facts.domains).toEqual(["ai.onnx", "ai.onnx.ml", "com.microsoft"]);
    expect(facts.opsets).toContainEqual({ domain: "com.microsoft", version: 1 });
    expect(facts.opHistogram).toMatchObject({
      "com.microsoft::Tokenizer": 2,
      "ai.onnx.ml::LinearClassifier": 1,
      TfIdfVectorizer: 2,
    });
    // The SVD is a [12837, 50] MatMul on one TF-IDF row per example (found although skl2onnx writes the nodes
    // out of order); the logistic regression has 2 x 59 coefficients.
    expect(facts.macsPerExample.byOp).toEqual({ MatMul: 12_837 * 50, "ai.onnx.ml::LinearClassifier": 118 });
    expect(facts.macsPerExample.approximations).toEqual([]);
  });
});

describe("introspectModel on built graphs", () => {
  it("counts initializer and Constant elements per precision", () => {
    const bytes = build({
      initializers: [
        tensor("w", [3, 4], new Float32Array(12).fill(0.5)),
        tensor("i", [5], new BigInt64Array([1n, 2n, 3n, 4n, 5n])),
      ],
      nodes: [
        node("Constant", [], ["c"], { value: tensor("c_value", [2], new Float32Array([1, 2])) }),
        node("Constant", [], ["d"], { value_ints: [7, 0, 9] }),
        node("Identity", ["w"], ["y"]),
      ],
    });
    const facts = introspectModel(bytes, { sequenceLength: 8 });
    expect(facts.parameters).toBe(12 + 5 + 2 + 3);
    expect(facts.nonZeroParameters).toBe(12 + 5 + 2 + 2);
    expect(facts.precisionMix).toEqual({ float32: 14, int64: 8 });
  });

  it.each(["raw", "typed"] as const)("reports sparsity 0.5 for a half-zero weight stored as %s data", (storage) => {
    const weight = tensor("w", [2, 4], new Float32Array([0, 1, 0, 2, -0, 3, 0, 4]), { storage });
    const facts = introspectModel(build({ initializers: [weight], nodes: [node("Identity", ["w"], ["y"])] }), {
      sequenceLength: 1,
    });
    expect(facts.nonZeroParameters).toBe(4);
    expect(facts.sparsity).toBe(0.5);
  });

  it("treats float16 +0 and -0 bit patterns as zeros, and subnormals as non-zero", () => {
    const bits = new Uint16Array([0x0000, 0x8000, 0x3c00, 0x0001]);
    const half = tensor("h", [4], bits, { elemType: "float16" });
    const facts = introspectModel(build({ initializers: [half], nodes: [node("Identity", ["h"], ["y"])] }), {
      sequenceLength: 1,
    });
    expect(facts.precisionMix).toEqual({ float16: 4 });
    expect(facts.nonZeroParameters).toBe(2);
  });

  it("puts an int8 QuantizeLinear/DequantizeLinear graph's weights in the int8 bucket", () => {
    const bytes = build({
      inputs: [valueInfo("x", "float32", ["batch", 4])],
      outputs: [valueInfo("y", "float32", ["batch", 2])],
      initializers: [
        tensor("scale", [], new Float32Array([0.1])),
        tensor("zero_point", [], new Int8Array([0])),
        tensor("w_q", [4, 2], new Int8Array([1, -2, 3, -4, 5, -6, 7, 0])),
      ],
      nodes: [
        node("QuantizeLinear", ["x", "scale", "zero_point"], ["x_q"]),
        node("DequantizeLinear", ["x_q", "scale", "zero_point"], ["x_dq"]),
        node("DequantizeLinear", ["w_q", "scale", "zero_point"], ["w"]),
        node("MatMul", ["x_dq", "w"], ["y"]),
      ],
    });
    const facts = introspectModel(bytes, { sequenceLength: 1 });
    expect(facts.precisionMix).toEqual({ float32: 1, int8: 9 });
    expect(facts.opHistogram).toEqual({ QuantizeLinear: 1, DequantizeLinear: 2, MatMul: 1 });
    expect(facts.macsPerExample.byOp).toEqual({ MatMul: 8 });
  });

  it("refuses an op from a domain onnxruntime does not ship, naming the node", () => {
    const error = refusal(build({ nodes: [node("Backdoor", ["x"], ["y"], {}, "evil.custom", "sneaky")] }));
    expect(error.code).toBe("UNSUPPORTED_OP_DOMAIN");
    expect(error.message).toContain('"sneaky"');
    expect(error.message).toContain("Backdoor");
    expect(error.message).toContain('"evil.custom"');
  });

  it("finds a custom-domain op hidden in a Loop body", () => {
    const body = graph({
      inputs: [],
      outputs: [],
      nodes: [node("Backdoor", ["s"], ["t"], {}, "evil.custom", "hidden")],
    });
    const error = refusal(build({ nodes: [node("Loop", ["n", "", "s"], ["y"], { body })] }));
    expect(error.code).toBe("UNSUPPORTED_OP_DOMAIN");
    expect(error.message).toContain('"hidden"');
  });

  it("accepts ai.onnx.ml and com.microsoft ops", () => {
    const bytes = build({
      nodes: [
        node("Normalizer", ["x"], ["n"], { norm: "L2" }, "ai.onnx.ml"),
        node("FastGelu", ["n"], ["y"], {}, "com.microsoft"),
      ],
    });
    expect(introspectModel(bytes, { sequenceLength: 1 }).domains).toEqual(["ai.onnx.ml", "com.microsoft"]);
  });

  it.each(["/etc/passwd", "../x", "weights\\w.bin", "C:w.bin", "a/../../b"])(
    "refuses external data at %s",
    (location) => {
      const weight = tensor("leaky_weight", [2], new Float32Array(2), { externalLocation: location });
      const error = refusal(build({ initializers: [weight], nodes: [node("Identity", ["leaky_weight"], ["y"])] }));
      expect(error.code).toBe("UNSAFE_EXTERNAL_DATA");
      expect(error.message).toContain('"leaky_weight"');
    },
  );

  it("lists safe external data and counts it as dense parameters", () => {
    const weight = tensor("big", [1000], new Float32Array(1000), { externalLocation: "weights/big.bin" });
    const facts = introspectModel(build({ initializers: [weight], nodes: [node("Identity", ["big"], ["y"])] }), {
      sequenceLength: 1,
    });
    expect(facts.externalData).toEqual([{ tensor: "big", location: "weights/big.bin" }]);
    expect(facts.parameters).toBe(1000);
    expect(facts.nonZeroParameters).toBe(1000);
  });

  it("reports random bytes, an empty file and inconsistent tensors as malformed", () => {
    const random = mulberry32(42);
    const noise = Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256));
    expect(refusal(noise).code).toBe("MALFORMED_MODEL");
    expect(refusal(new Uint8Array()).code).toBe("MALFORMED_MODEL");
    const short = tensor("short", [4], new Float32Array(4));
    short.rawData = short.rawData.subarray(0, 12);
    const error = refusal(build({ initializers: [short], nodes: [node("Identity", ["short"], ["y"])] }));
    expect(error.code).toBe("MALFORMED_MODEL");
    expect(error.message).toContain('"short"');
  });
});
