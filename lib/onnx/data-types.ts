/**
 * ONNX TensorProto.DataType codes and the names Joulebench reports them under. The numbers come from onnx.proto
 * (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto); onnx-proto 8 only knows codes up to 16 (ONNX 1.10),
 * so the newer 8- and 4-bit types are listed here by number and still decode (protobufjs keeps unknown enum values).
 */
export const TENSOR_ELEM_TYPES = {
  1: "float32",
  2: "uint8",
  3: "int8",
  4: "uint16",
  5: "int16",
  6: "int32",
  7: "int64",
  8: "string",
  9: "bool",
  10: "float16",
  11: "float64",
  12: "uint32",
  13: "uint64",
  14: "complex64",
  15: "complex128",
  16: "bfloat16",
  17: "float8e4m3fn",
  18: "float8e4m3fnuz",
  19: "float8e5m2",
  20: "float8e5m2fnuz",
  21: "uint4",
  22: "int4",
  23: "float4e2m1",
} as const;

export type TensorElemTypeCode = keyof typeof TENSOR_ELEM_TYPES;
export type TensorElemTypeName = (typeof TENSOR_ELEM_TYPES)[TensorElemTypeCode];

const CODE_BY_NAME = new Map<string, number>(
  Object.entries(TENSOR_ELEM_TYPES).map(([code, name]) => [name, Number(code)]),
);

export function elemTypeName(code: number | null | undefined): TensorElemTypeName | "undefined" {
  return (TENSOR_ELEM_TYPES as Record<number, TensorElemTypeName>)[code ?? 0] ?? "undefined";
}

export function elemTypeCode(name: TensorElemTypeName): number {
  const code = CODE_BY_NAME.get(name);
  if (code === undefined) throw new Error(`Unknown ONNX element type ${name}`);
  return code;
}

/**
 * Bits per element in raw_data (little-endian, densely packed). Strings have no raw form: they live in
 * string_data only. The 4-bit types pack two elements per byte, low nibble first.
 */
export function bitsPerElement(name: TensorElemTypeName | "undefined"): number | undefined {
  switch (name) {
    case "bool":
    case "int8":
    case "uint8":
    case "float8e4m3fn":
    case "float8e4m3fnuz":
    case "float8e5m2":
    case "float8e5m2fnuz":
      return 8;
    case "int16":
    case "uint16":
    case "float16":
    case "bfloat16":
      return 16;
    case "int32":
    case "uint32":
    case "float32":
      return 32;
    case "int64":
    case "uint64":
    case "float64":
    case "complex64":
      return 64;
    case "complex128":
      return 128;
    case "int4":
    case "uint4":
    case "float4e2m1":
      return 4;
    default:
      return undefined;
  }
}
