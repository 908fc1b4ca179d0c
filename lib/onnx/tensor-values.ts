/**
 * Reads TensorProto payloads without trusting them: element counts come from dims, and the stored data must hold
 * exactly that many elements (else MALFORMED_MODEL). Used to count parameters and non-zeros, and to read the
 * small integer tensors (shapes, axes) that shape inference needs.
 */
import type { onnx } from "onnx-proto";
import { bitsPerElement, elemTypeName, type TensorElemTypeName } from "./data-types";
import { ModelError } from "./model-error";

/** protobufjs 6 hands int64 fields back as Long objects (when the `long` package is present) or as numbers. */
type Int64Like = number | { toNumber(): number; isZero(): boolean } | { low: number; high: number };

export function int64ToNumber(value: Int64Like | null | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === "number") return value;
  if ("toNumber" in value) return value.toNumber();
  return value.high * 2 ** 32 + (value.low >>> 0);
}

function int64IsZero(value: Int64Like): boolean {
  if (typeof value === "number") return value === 0;
  if ("isZero" in value) return value.isZero();
  return value.low === 0 && value.high === 0;
}

export function tensorDims(tensor: onnx.ITensorProto): number[] {
  const dims = (tensor.dims ?? []).map((dim) => int64ToNumber(dim as Int64Like));
  if (dims.some((dim) => !Number.isSafeInteger(dim) || dim < 0)) {
    throw new ModelError(
      "MALFORMED_MODEL",
      `Tensor "${tensor.name ?? ""}" has invalid dimensions [${dims.join(", ")}].`,
    );
  }
  return dims;
}

export function tensorElementCount(tensor: onnx.ITensorProto): number {
  return tensorDims(tensor).reduce((product, dim) => product * dim, 1);
}

export function isExternal(tensor: onnx.ITensorProto): boolean {
  // DataLocation.EXTERNAL = 1
  return tensor.dataLocation === 1;
}

export interface TensorValueStats {
  elemType: TensorElemTypeName | "undefined";
  elements: number;
  nonZero: number;
}

/** Counts elements and non-zero elements. External tensors are not read: they count as fully dense. */
export function tensorValueStats(tensor: onnx.ITensorProto): TensorValueStats {
  const elemType = elemTypeName(tensor.dataType);
  const elements = tensorElementCount(tensor);
  if (isExternal(tensor)) return { elemType, elements, nonZero: elements };
  const raw = tensor.rawData;
  if (raw && raw.length > 0) return { elemType, elements, nonZero: countRawNonZero(tensor, elemType, elements, raw) };
  return { elemType, elements, nonZero: countTypedNonZero(tensor, elemType, elements) };
}

function malformed(tensor: onnx.ITensorProto, detail: string): ModelError {
  return new ModelError("MALFORMED_MODEL", `Tensor "${tensor.name ?? ""}": ${detail}`);
}

function countRawNonZero(
  tensor: onnx.ITensorProto,
  elemType: TensorElemTypeName | "undefined",
  elements: number,
  raw: Uint8Array,
): number {
  const bits = bitsPerElement(elemType);
  if (bits === undefined) throw malformed(tensor, `raw_data is not allowed for element type ${elemType}.`);
  const expectedBytes = Math.ceil((elements * bits) / 8);
  if (raw.length !== expectedBytes) {
    throw malformed(
      tensor,
      `${elements} ${elemType} elements need ${expectedBytes} bytes, raw_data holds ${raw.length}.`,
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const isNonZero = rawElementTest(elemType, view);
  let nonZero = 0;
  for (let index = 0; index < elements; index++) if (isNonZero(index)) nonZero++;
  return nonZero;
}

/** Returns a test "is element i non-zero?" over little-endian raw bytes. Signed float zeros (-0) count as zero. */
function rawElementTest(elemType: TensorElemTypeName | "undefined", view: DataView): (index: number) => boolean {
  const byte = (index: number) => view.getUint8(index);
  const nibble = (index: number) => (view.getUint8(index >> 1) >> ((index & 1) * 4)) & 0xf;
  switch (elemType) {
    case "float16":
    case "bfloat16":
      // Both keep the sign in the top bit: every other bit clear means +0 or -0.
      return (index) => (view.getUint16(index * 2, true) & 0x7fff) !== 0;
    case "float8e4m3fn":
    case "float8e5m2":
      return (index) => (byte(index) & 0x7f) !== 0;
    case "float4e2m1":
      return (index) => (nibble(index) & 0x7) !== 0;
    case "int4":
    case "uint4":
      return (index) => nibble(index) !== 0;
    case "int16":
    case "uint16":
      return (index) => view.getUint16(index * 2, true) !== 0;
    case "int32":
    case "uint32":
      return (index) => view.getUint32(index * 4, true) !== 0;
    case "float32":
      return (index) => view.getFloat32(index * 4, true) !== 0;
    case "int64":
    case "uint64":
      return (index) => view.getUint32(index * 8, true) !== 0 || view.getUint32(index * 8 + 4, true) !== 0;
    case "float64":
      return (index) => view.getFloat64(index * 8, true) !== 0;
    case "complex64":
      return (index) => view.getFloat32(index * 8, true) !== 0 || view.getFloat32(index * 8 + 4, true) !== 0;
    case "complex128":
      return (index) => view.getFloat64(index * 16, true) !== 0 || view.getFloat64(index * 16 + 8, true) !== 0;
    default:
      // bool, int8, uint8, and the "fnuz" float8 types, whose 0x80 pattern is NaN rather than -0.
      return (index) => byte(index) !== 0;
  }
}

function countTypedNonZero(tensor: onnx.ITensorProto, elemType: TensorElemTypeName | "undefined", elements: number) {
  const { values, perElement, isNonZero } = typedField(tensor, elemType);
  const expected = perElement === 0.5 ? Math.ceil(elements / 2) : elements * perElement;
  if (values.length !== expected) {
    throw malformed(tensor, `${elements} ${elemType} elements need ${expected} stored values, found ${values.length}.`);
  }
  if (perElement === 0.5) {
    let nonZero = 0;
    for (let index = 0; index < elements; index++) {
      const packed = Number(values[index >> 1]);
      if (isNonZero((packed >> ((index & 1) * 4)) & 0xf)) nonZero++;
    }
    return nonZero;
  }
  let nonZero = 0;
  for (let element = 0; element < elements; element++) {
    let any = false;
    for (let part = 0; part < perElement; part++) any ||= isNonZero(values[element * perElement + part]);
    if (any) nonZero++;
  }
  return nonZero;
}

/** Which typed field holds this element type (onnx.proto's comments on TensorProto), and how to test a value. */
function typedField(
  tensor: onnx.ITensorProto,
  elemType: TensorElemTypeName | "undefined",
): { values: readonly unknown[]; perElement: number; isNonZero: (value: unknown) => boolean } {
  const numberNonZero = (value: unknown) => Number(value) !== 0;
  switch (elemType) {
    case "float32":
    case "complex64":
      return { values: tensor.floatData ?? [], perElement: elemType === "float32" ? 1 : 2, isNonZero: numberNonZero };
    case "float64":
    case "complex128":
      return { values: tensor.doubleData ?? [], perElement: elemType === "float64" ? 1 : 2, isNonZero: numberNonZero };
    case "int64":
      return { values: tensor.int64Data ?? [], perElement: 1, isNonZero: (value) => !int64IsZero(value as Int64Like) };
    case "uint32":
    case "uint64":
      return { values: tensor.uint64Data ?? [], perElement: 1, isNonZero: (value) => !int64IsZero(value as Int64Like) };
    case "string":
      return { values: tensor.stringData ?? [], perElement: 1, isNonZero: (value) => (value as Uint8Array).length > 0 };
    case "float16":
    case "bfloat16":
      return { values: tensor.int32Data ?? [], perElement: 1, isNonZero: (value) => (Number(value) & 0x7fff) !== 0 };
    case "float8e4m3fn":
    case "float8e5m2":
      return { values: tensor.int32Data ?? [], perElement: 1, isNonZero: (value) => (Number(value) & 0x7f) !== 0 };
    case "int4":
    case "uint4":
      return { values: tensor.int32Data ?? [], perElement: 0.5, isNonZero: numberNonZero };
    case "float4e2m1":
      return { values: tensor.int32Data ?? [], perElement: 0.5, isNonZero: (value) => (Number(value) & 0x7) !== 0 };
    case "undefined":
      throw malformed(tensor, "data_type is missing.");
    default:
      return { values: tensor.int32Data ?? [], perElement: 1, isNonZero: numberNonZero };
  }
}

/**
 * The values of a small int32/int64 tensor (a shape, axes, indices), or undefined when the tensor is another
 * type, external, or bigger than `maxElements` (shape inference never needs large ones).
 */
export function readSmallIntegerTensor(tensor: onnx.ITensorProto, maxElements = 64): number[] | undefined {
  const elemType = elemTypeName(tensor.dataType);
  if ((elemType !== "int64" && elemType !== "int32") || isExternal(tensor)) return undefined;
  const elements = tensorElementCount(tensor);
  if (elements > maxElements) return undefined;
  const raw = tensor.rawData;
  if (raw && raw.length > 0) {
    const width = elemType === "int64" ? 8 : 4;
    if (raw.length !== elements * width) return undefined;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Array.from({ length: elements }, (_, index) =>
      width === 8 ? Number(view.getBigInt64(index * 8, true)) : view.getInt32(index * 4, true),
    );
  }
  const typed = elemType === "int64" ? (tensor.int64Data ?? []) : (tensor.int32Data ?? []);
  if (typed.length !== elements) return undefined;
  return typed.map((value) => int64ToNumber(value as Int64Like));
}
