import { describe, expect, it } from "vitest";
import { tensor } from "./graph-builder";
import { ModelError } from "./model-error";
import { onnxMessages } from "./onnx-proto";
import { tensorValueStats } from "./tensor-values";

const roundTrip = (proto: ReturnType<typeof tensor>) =>
  onnxMessages.TensorProto.decode(onnxMessages.TensorProto.encode(proto).finish());

describe("tensorValueStats", () => {
  it.each(["raw", "typed"] as const)("counts float16 and bfloat16 ±0 as zero in %s storage", (storage) => {
    // +0, -0, 1.0, smallest subnormal, NaN
    const bits = new Uint16Array([0x0000, 0x8000, 0x3c00, 0x0001, 0x7e00]);
    for (const elemType of ["float16", "bfloat16"] as const) {
      expect(tensorValueStats(roundTrip(tensor("h", [5], bits, { elemType, storage })))).toEqual({
        elemType,
        elements: 5,
        nonZero: 3,
      });
    }
  });

  it.each([
    ["int8", new Int8Array([0, -1, 0, 5])],
    ["uint8", new Uint8Array([0, 255, 0, 5])],
    ["int16", new Int16Array([0, -300, 0, 5])],
    ["int32", new Int32Array([0, -70000, 0, 5])],
    ["uint32", new Uint32Array([0, 2 ** 32 - 1, 0, 5])],
    ["float64", new Float64Array([0, -0.25, -0, 1e-300])],
    ["uint64", new BigUint64Array([0n, 2n ** 63n, 0n, 1n])],
  ] as const)("counts non-zeros of %s in raw and typed storage alike", (elemType, values) => {
    for (const storage of ["raw", "typed"] as const) {
      expect(tensorValueStats(roundTrip(tensor("t", [4], values, { storage })))).toEqual({
        elemType,
        elements: 4,
        nonZero: 2,
      });
    }
  });

  it("counts booleans and strings (empty strings are the zeros)", () => {
    expect(tensorValueStats(roundTrip(tensor("b", [3], [true, false, true])))).toEqual({
      elemType: "bool",
      elements: 3,
      nonZero: 2,
    });
    expect(tensorValueStats(roundTrip(tensor("s", [3], ["a", "", "c"])))).toEqual({
      elemType: "string",
      elements: 3,
      nonZero: 2,
    });
  });

  it("counts 4-bit values two per byte, low nibble first", () => {
    // elements: 0x1 0x0 | 0x0 0xf | 0x3 (last byte's high nibble is padding)
    const packed = new Uint8Array([0x01, 0xf0, 0x03]);
    expect(tensorValueStats(roundTrip(tensor("q", [5], packed, { elemType: "int4" })))).toEqual({
      elemType: "int4",
      elements: 5,
      nonZero: 3,
    });
  });

  it("refuses stored data that does not match the dims", () => {
    const typed = tensor("typed_short", [3], new Float32Array([1, 2, 3]), { storage: "typed" });
    typed.floatData = [1, 2];
    expect(() => tensorValueStats(typed)).toThrow(ModelError);
    expect(() => tensorValueStats(typed)).toThrow(/typed_short.*need 3 stored values, found 2/);
    const negative = onnxMessages.TensorProto.create({ name: "negative", dims: [-1], dataType: 1 });
    expect(() => tensorValueStats(negative)).toThrow(/negative.*invalid dimensions/);
  });
});
