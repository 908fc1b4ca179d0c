import { describe, expect, it } from "vitest";
import { graph, model, node, tensor, valueInfo, type GraphParts } from "./graph-builder";
import { introspectModel } from "./introspect";
import { bagOfWordsClassifier, slowModel } from "../../test-support/onnx/test-models";

const macs = (bytes: Uint8Array, sequenceLength: number) => introspectModel(bytes, { sequenceLength }).macsPerExample;
const build = (parts: GraphParts) => model({ graph: graph(parts) });

function weightMatMul(inputShape: (number | string | null)[] | null) {
  return build({
    inputs: [valueInfo("x", "float32", inputShape)],
    outputs: [valueInfo("y", "float32", null)],
    initializers: [tensor("w", [64, 2], new Float32Array(128))],
    nodes: [node("MatMul", ["x", "w"], ["y"])],
  });
}

describe("MAC estimate", () => {
  it("counts a [64, 2] weight as 128 MACs per token", () => {
    expect(macs(weightMatMul(["batch", "sequence", 64]), 1)).toEqual({
      total: 128,
      byOp: { MatMul: 128 },
      uncounted: [],
      uncountedCounts: {},
      approximations: [],
    });
    expect(macs(weightMatMul(["batch", "sequence", 64]), 10).total).toBe(1280);
  });

  it("assumes one row per token when the activation shape is unknown, and says so", () => {
    const estimate = macs(weightMatMul(null), 10);
    expect(estimate.total).toBe(1280);
    expect(estimate.approximations).toEqual([expect.stringContaining("assumed 10 rows")]);
  });

  it("divides by a fixed batch dimension", () => {
    expect(macs(weightMatMul([4, 3, 64]), 99).total).toBe(3 * 128);
  });

  it("costs the bag-of-words classifier's projection once per example, whatever the sequence length", () => {
    const { bytes } = bagOfWordsClassifier({ vocabSize: 50, embeddingDim: 64, labelCount: 2, seed: 1 });
    expect(macs(bytes, 1).byOp).toEqual({ MatMul: 128 });
    expect(macs(bytes, 512).byOp).toEqual({ MatMul: 128 });
  });

  it("counts attention scores between two activations as S·S·d", () => {
    const bytes = build({
      inputs: [
        valueInfo("q", "float32", ["batch", "sequence", 8]),
        valueInfo("k", "float32", ["batch", "sequence", 8]),
      ],
      outputs: [valueInfo("scores", "float32", null)],
      nodes: [node("Transpose", ["k"], ["k_t"], { perm: [0, 2, 1] }), node("MatMul", ["q", "k_t"], ["scores"])],
    });
    expect(macs(bytes, 16).byOp).toEqual({ MatMul: 16 * 16 * 8 });
  });

  it("lists a MatMul between activations of unknown shape as uncounted instead of guessing", () => {
    const bytes = build({
      inputs: [valueInfo("a", "float32", null), valueInfo("b", "float32", null)],
      outputs: [valueInfo("c", "float32", null)],
      nodes: [node("MatMul", ["a", "b"], ["c"])],
    });
    expect(macs(bytes, 16)).toEqual({
      total: 0,
      byOp: {},
      uncounted: ["MatMul"],
      uncountedCounts: { MatMul: 1 },
      approximations: [],
    });
    // A known 2-D right operand is not a weight unless it is stored in the model.
    const activationRight = build({
      inputs: [valueInfo("a", "float32", null), valueInfo("b", "float32", [8, 4])],
      outputs: [valueInfo("c", "float32", null)],
      nodes: [node("MatMul", ["a", "b"], ["c"])],
    });
    expect(macs(activationRight, 16).uncounted).toEqual(["MatMul"]);
  });

  it("does not trust a crafted billion-dimension shape", () => {
    const bytes = build({
      inputs: [valueInfo("x", "float32", ["batch", "sequence", 64])],
      outputs: [valueInfo("z", "float32", null)],
      initializers: [
        tensor("rank", [1], new BigInt64Array([1_000_000_000n])),
        tensor("w", [64, 2], new Float32Array(128)),
      ],
      nodes: [
        node("ConstantOfShape", ["rank"], ["huge_shape"], { value: tensor("one", [1], new BigInt64Array([1n])) }),
        node("Reshape", ["x", "huge_shape"], ["y"]),
        node("MatMul", ["y", "w"], ["z"]),
      ],
    });
    // Finishing at all is the point (a shape taken literally would mean a 2^62-element walk); no clock involved.
    expect(macs(bytes, 4).approximations).toEqual([expect.stringContaining("input shape unknown")]);
  });

  it("follows Shape -> Gather -> Concat -> Reshape, as PyTorch exports multi-head attention", () => {
    const bytes = build({
      inputs: [valueInfo("x", "float32", ["batch", "sequence", 8])],
      outputs: [valueInfo("scores", "float32", null)],
      initializers: [
        tensor("zero", [], new BigInt64Array([0n])),
        tensor("one", [], new BigInt64Array([1n])),
        tensor("heads", [2], new BigInt64Array([2n, 4n])),
      ],
      nodes: [
        node("Shape", ["x"], ["shape"]),
        node("Gather", ["shape", "zero"], ["batch"]),
        node("Gather", ["shape", "one"], ["sequence"]),
        node("Unsqueeze", ["batch"], ["batch_1d"], { axes: [0] }),
        node("Unsqueeze", ["sequence"], ["sequence_1d"], { axes: [0] }),
        node("Concat", ["batch_1d", "sequence_1d", "heads"], ["split_shape"], { axis: 0 }),
        node("Reshape", ["x", "split_shape"], ["split"]),
        node("Transpose", ["split"], ["q"], { perm: [0, 2, 1, 3] }),
        node("Transpose", ["split"], ["k_t"], { perm: [0, 2, 3, 1] }),
        node("MatMul", ["q", "k_t"], ["scores"]),
      ],
    });
    // 2 heads x S x S x 4 = S x S x 8
    expect(macs(bytes, 10).byOp).toEqual({ MatMul: 10 * 10 * 8 });
  });

  it("costs Conv from its output size, kernel and input channels", () => {
    const bytes = build({
      inputs: [valueInfo("x", "float32", ["batch", 4, "sequence"])],
      outputs: [valueInfo("y", "float32", null)],
      initializers: [tensor("w", [8, 4, 3], new Float32Array(96))],
      nodes: [node("Conv", ["x", "w"], ["y"], { pads: [1, 1] })],
    });
    expect(macs(bytes, 20).byOp).toEqual({ Conv: 8 * 20 * 4 * 3 });
  });

  it("costs Gemm with a transposed weight", () => {
    const bytes = build({
      inputs: [valueInfo("x", "float32", ["batch", 6])],
      outputs: [valueInfo("y", "float32", null)],
      initializers: [tensor("w", [5, 6], new Float32Array(30)), tensor("b", [5], new Float32Array(5))],
      nodes: [node("Gemm", ["x", "w", "b"], ["y"], { transB: 1 })],
    });
    expect(macs(bytes, 3).byOp).toEqual({ Gemm: 30 });
  });

  it("costs com.microsoft Attention: packed QKV projection plus both attention products", () => {
    const bytes = model({
      opsets: [
        { domain: "", version: 17 },
        { domain: "com.microsoft", version: 1 },
      ],
      graph: graph({
        inputs: [valueInfo("x", "float32", ["batch", "sequence", 8])],
        outputs: [valueInfo("y", "float32", null)],
        initializers: [tensor("qkv", [8, 24], new Float32Array(192)), tensor("qkv_bias", [24], new Float32Array(24))],
        nodes: [node("Attention", ["x", "qkv", "qkv_bias"], ["y"], { num_heads: 2 }, "com.microsoft")],
      }),
    });
    expect(macs(bytes, 10).byOp).toEqual({ "com.microsoft::Attention": 10 * 8 * 24 + 2 * 10 * 10 * 8 });
  });

  it("lists a Loop as uncounted (its trip count is data)", () => {
    expect(macs(slowModel(5, { dimension: 4 }), 8).uncounted).toEqual(["Loop"]);
  });

  it("does not depend on the order nodes are written in", () => {
    const parts = {
      inputs: [valueInfo("x", "float32", ["batch", "sequence", 64])],
      outputs: [valueInfo("z", "float32", null)],
      initializers: [tensor("w", [64, 2], new Float32Array(128)), tensor("v", [2, 3], new Float32Array(6))],
    };
    const nodes = [node("MatMul", ["x", "w"], ["y"]), node("MatMul", ["y", "v"], ["z"])];
    const sorted = macs(build({ ...parts, nodes }), 4);
    const reversed = macs(build({ ...parts, nodes: [...nodes].reverse() }), 4);
    expect(sorted.byOp).toEqual({ MatMul: 4 * 64 * 2 + 4 * 2 * 3 });
    expect(reversed).toEqual(sorted);
  });
});
