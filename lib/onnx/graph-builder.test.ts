import { describe, expect, it } from "vitest";
import { float, floats, graph, model, node, tensor, valueInfo } from "./graph-builder";
import { onnxMessages } from "./onnx-proto";
import { int64ToNumber, readSmallIntegerTensor, tensorValueStats } from "./tensor-values";

describe("graph builder", () => {
  it("encodes a model that decodes back to the same graph", () => {
    const bytes = model({
      producer: "unit-test",
      opsets: [{ domain: "", version: 13 }],
      graph: graph({
        name: "g",
        inputs: [valueInfo("x", "float32", ["batch", 3, null])],
        outputs: [valueInfo("y", "float32", ["batch", 3, null])],
        initializers: [tensor("k", [1], new Float32Array([2]))],
        nodes: [node("Mul", ["x", "k"], ["y"])],
      }),
    });
    const decoded = onnxMessages.ModelProto.decode(bytes);
    expect(decoded.producerName).toBe("unit-test");
    expect(int64ToNumber(decoded.irVersion as number)).toBe(8);
    expect(int64ToNumber(decoded.opsetImport[0]!.version as number)).toBe(13);
    const graphProto = decoded.graph!;
    const dims = graphProto.input?.[0]?.type?.tensorType?.shape?.dim ?? [];
    expect(dims.map((dim) => dim.dimParam || int64ToNumber(dim.dimValue as number))).toEqual(["batch", 3, 0]);
    expect(Object.hasOwn(dims[2]!, "dimValue")).toBe(false);
    expect(graphProto.node?.[0]).toMatchObject({ opType: "Mul", input: ["x", "k"], output: ["y"], name: "Mul_y" });
  });

  it("types attributes: integers as INT, fractions and float() as FLOAT, lists, strings, tensors, graphs", () => {
    const body = graph({ inputs: [], outputs: [], nodes: [] });
    const built = node("Op", [], ["o"], {
      axis: 1,
      alpha: 0.5,
      beta: float(1),
      perm: [0, 2, 1],
      scales: [0.5, 2],
      weights: floats([1, 2]),
      mode: "TF",
      words: ["a", "b"],
      value: tensor("t", [], new Float32Array([3])),
      body,
    });
    const { AttributeType } = onnxMessages.AttributeProto;
    const types = Object.fromEntries(built.attribute.map((attribute) => [attribute.name, attribute.type]));
    expect(types).toEqual({
      axis: AttributeType.INT,
      alpha: AttributeType.FLOAT,
      beta: AttributeType.FLOAT,
      perm: AttributeType.INTS,
      scales: AttributeType.FLOATS,
      weights: AttributeType.FLOATS,
      mode: AttributeType.STRING,
      words: AttributeType.STRINGS,
      value: AttributeType.TENSOR,
      body: AttributeType.GRAPH,
    });
  });

  it("writes the same int64 values as raw and as typed data, negatives and large values included", () => {
    const values = new BigInt64Array([-1n, 0n, 2n ** 40n, 7n]);
    for (const storage of ["raw", "typed"] as const) {
      const encoded = onnxMessages.TensorProto.encode(tensor("i", [4], values, { storage })).finish();
      const decoded = onnxMessages.TensorProto.decode(encoded);
      expect(storage === "raw" ? decoded.rawData.length : decoded.int64Data.length).toBe(storage === "raw" ? 32 : 4);
      expect(readSmallIntegerTensor(decoded)).toEqual([-1, 0, 2 ** 40, 7]);
      expect(tensorValueStats(decoded)).toEqual({ elemType: "int64", elements: 4, nonZero: 3 });
    }
  });

  it("refuses values that do not fill the dims", () => {
    expect(() => tensor("bad", [2, 3], new Float32Array(5))).toThrow(/need 6 values, got 5/);
  });
});
