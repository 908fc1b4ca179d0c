/**
 * The integrity audit's weight-hiding and cost-hiding models, each built here and read by introspectModel: the
 * weights count as parameters (and in the precision mix) wherever they are held, and a graph that branches
 * shows its control flow in the MAC estimate.
 */
import { describe, expect, it } from "vitest";
import {
  aiOnnxConstantModel,
  attributeWeightTableModel,
  batchSizeBranchModel,
  endlessLoopModel,
  lookupTableModel,
  packedWeightModel,
} from "../../test-support/onnx/gaming-models";
import { graph, model, node, tensor, valueInfo } from "./graph-builder";
import { introspectModel } from "./introspect";

const facts = (bytes: Uint8Array) => introspectModel(bytes, { sequenceLength: 16 });

describe("parameters held where a naive count does not look", () => {
  it("counts an ai.onnx.ml LabelEncoder lookup table: its keys and values", () => {
    const texts = ["a gripping film", "dull and overlong", "one of the year's best"];
    const read = facts(lookupTableModel(texts, [1, 0, 1]));
    // 3 string keys + 3 int64 values; default_int64 is a single setting, not a table.
    expect(read.parameters).toBe(6);
    expect(read.precisionMix).toEqual({ string: 3, int64: 3 });
  });

  it("counts a weight table held in an attribute (LabelEncoder token ids → float scores)", () => {
    const read = facts(attributeWeightTableModel(500));
    // 500 int64 keys + 500 float scores + the 2 signs of the initializer + 1 axes entry of ReduceMean.
    expect(read.parameters).toBe(500 + 500 + 2 + 1);
    expect(read.precisionMix).toEqual({ int64: 501, float32: 502 });
  });

  it("counts a Constant whatever its domain is spelled as", () => {
    const spelledAiOnnx = facts(aiOnnxConstantModel(32, 8));
    expect(spelledAiOnnx.parameters).toBe(256);
    expect(spelledAiOnnx.precisionMix).toEqual({ float32: 256 });
    // Scalar values of an "ai.onnx" Constant count as they do for "".
    for (const domain of ["", "ai.onnx"]) {
      const scalar = model({
        graph: graph({
          inputs: [],
          outputs: [valueInfo("y", "float32", [])],
          nodes: [node("Constant", [], ["y"], { value_float: { kind: "float", value: 2 } }, domain)],
        }),
      });
      expect(facts(scalar).parameters).toBe(1);
    }
  });

  it("counts 4-bit MatMulNBits weights by their bits: K·N uint4 weights, not the uint8 bytes they are packed in", () => {
    const read = facts(packedWeightModel(64, 16, { bits: 4, blockSize: 32 }));
    // 64·16 = 1024 weights in 512 bytes, plus 16·2 float scales.
    expect(read.parameters).toBe(1024 + 32);
    expect(read.precisionMix).toEqual({ uint4: 1024, float32: 32 });
    expect(read.nonZeroParameters).toBe(1024 + 32);
    const eightBit = facts(packedWeightModel(64, 16, { bits: 8, blockSize: 32 }));
    expect(eightBit.precisionMix).toEqual({ uint8: 1024, float32: 32 });
  });

  it("counts a tensor held in any op's attributes", () => {
    const bytes = model({
      graph: graph({
        inputs: [valueInfo("shape", "int64", [2])],
        outputs: [valueInfo("y", "float32", null)],
        nodes: [node("ConstantOfShape", ["shape"], ["y"], { value: tensor("fill", [1], new Float32Array([3])) })],
      }),
    });
    expect(facts(bytes).parameters).toBe(1);
  });
});

describe("control flow in the MAC estimate", () => {
  it("lists the batch-size branch's If as uncounted, with its count and the nodes its branches hide", () => {
    const estimate = facts(batchSizeBranchModel()).macsPerExample;
    expect(estimate.uncounted).toEqual(["If"]);
    expect(estimate.uncountedCounts).toEqual({ If: 1 });
    expect(estimate.approximations).toEqual([
      expect.stringMatching(/^If "If_logits": its subgraphs' 6 nodes are not in the total\.$/),
    ]);
  });

  it("counts every control-flow node of the main graph", () => {
    const bytes = model({
      graph: graph({
        inputs: [valueInfo("flag", "bool", [])],
        outputs: [valueInfo("a", "float32", null), valueInfo("b", "float32", null)],
        initializers: [tensor("one", [1], new Float32Array([1]))],
        nodes: ["a", "b"].map((out) => {
          const branch = (name: string) =>
            graph({
              name,
              inputs: [],
              outputs: [valueInfo(`${name}_out`, "float32", null)],
              nodes: [node("Identity", ["one"], [`${name}_out`])],
            });
          return node("If", ["flag"], [out], {
            then_branch: branch(`${out}_then`),
            else_branch: branch(`${out}_else`),
          });
        }),
      }),
    });
    expect(facts(bytes).macsPerExample.uncountedCounts).toEqual({ If: 2 });
  });

  it("lists the endless Loop as uncounted", () => {
    const estimate = facts(endlessLoopModel()).macsPerExample;
    expect(estimate.uncountedCounts).toEqual({ Loop: 1 });
  });
});
