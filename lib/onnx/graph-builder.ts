/**
 * A small typed builder over onnx-proto, so tests and benchmarks describe graphs as code instead of shipping
 * opaque .onnx files or hand-packed bytes. Raw tensor bytes are written in the platform's byte order, which is
 * little-endian on every platform Node supports for onnxruntime (x64, arm64), as ONNX requires.
 */
import type { onnx } from "onnx-proto";
import { bitsPerElement, elemTypeCode, type TensorElemTypeName } from "./data-types";
import { onnxMessages } from "./onnx-proto";

export type TensorValues =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | readonly string[]
  | readonly boolean[];

export interface TensorOptions {
  /** Needed when the array type does not say it: float16/bfloat16 bits in a Uint16Array, 4-bit packed in Uint8Array. */
  elemType?: TensorElemTypeName;
  /** "raw" (raw_data bytes, what exporters write) or "typed" (float_data, int64_data...). */
  storage?: "raw" | "typed";
  /** Store no data, only an external-data reference to this location (for the safety checks' tests). */
  externalLocation?: string;
}

function defaultElemType(values: TensorValues): TensorElemTypeName {
  if (values instanceof Float32Array) return "float32";
  if (values instanceof Float64Array) return "float64";
  if (values instanceof Int8Array) return "int8";
  if (values instanceof Uint8Array) return "uint8";
  if (values instanceof Int16Array) return "int16";
  if (values instanceof Uint16Array) return "uint16";
  if (values instanceof Int32Array) return "int32";
  if (values instanceof Uint32Array) return "uint32";
  if (values instanceof BigInt64Array) return "int64";
  if (values instanceof BigUint64Array) return "uint64";
  return typeof values[0] === "boolean" ? "bool" : "string";
}

/** protobufjs accepts {low, high} for 64-bit fields; its .d.ts only says number | Long. */
function int64Field(value: bigint): number {
  const unsigned = BigInt.asUintN(64, value);
  return { low: Number(unsigned & 0xffffffffn) | 0, high: Number(unsigned >> 32n) | 0 } as unknown as number;
}

export function tensor(
  name: string,
  dims: readonly number[],
  values: TensorValues,
  options: TensorOptions = {},
): onnx.TensorProto {
  const elemType = options.elemType ?? defaultElemType(values);
  const proto = onnxMessages.TensorProto.create({ name, dims: [...dims], dataType: elemTypeCode(elemType) });
  const elements = dims.reduce((product, dim) => product * dim, 1);
  const packed = bitsPerElement(elemType) === 4;
  if (values.length !== (packed ? Math.ceil(elements / 2) : elements)) {
    throw new Error(`tensor ${name}: dims [${dims.join(", ")}] need ${elements} values, got ${values.length}`);
  }
  if (options.externalLocation !== undefined) {
    proto.dataLocation = onnxMessages.TensorProto.DataLocation.EXTERNAL;
    proto.externalData = [
      onnxMessages.StringStringEntryProto.create({ key: "location", value: options.externalLocation }),
    ];
    return proto;
  }
  if (Array.isArray(values)) {
    if (elemType === "string") proto.stringData = (values as string[]).map((text) => new TextEncoder().encode(text));
    else if (options.storage === "typed") proto.int32Data = (values as boolean[]).map(Number);
    else proto.rawData = Uint8Array.from(values as boolean[], Number);
    return proto;
  }
  const typed = values as Exclude<TensorValues, readonly string[] | readonly boolean[]>;
  if (options.storage !== "typed") {
    proto.rawData = new Uint8Array(typed.buffer.slice(typed.byteOffset, typed.byteOffset + typed.byteLength));
    return proto;
  }
  if (typed instanceof BigInt64Array || typed instanceof BigUint64Array) {
    const longs = Array.from(typed, int64Field);
    if (typed instanceof BigInt64Array) proto.int64Data = longs;
    else proto.uint64Data = longs;
  } else if (elemType === "float32") proto.floatData = Array.from(typed);
  else if (elemType === "float64") proto.doubleData = Array.from(typed);
  else if (elemType === "uint32") proto.uint64Data = Array.from(typed);
  else proto.int32Data = Array.from(typed);
  return proto;
}

/** Forces a FLOAT attribute for a whole number (a plain number that is an integer becomes INT). */
export interface FloatAttribute {
  kind: "float" | "floats";
  value: number | readonly number[];
}
export const float = (value: number): FloatAttribute => ({ kind: "float", value });
export const floats = (value: readonly number[]): FloatAttribute => ({ kind: "floats", value });

export type AttributeValue =
  | number
  | readonly number[]
  | string
  | readonly string[]
  | FloatAttribute
  | onnx.TensorProto
  | onnx.GraphProto;

function attribute(name: string, value: AttributeValue): onnx.AttributeProto {
  const { AttributeType } = onnxMessages.AttributeProto;
  const create = (fields: onnx.IAttributeProto) => onnxMessages.AttributeProto.create({ name, ...fields });
  if (value instanceof onnxMessages.TensorProto) return create({ type: AttributeType.TENSOR, t: value });
  if (value instanceof onnxMessages.GraphProto) return create({ type: AttributeType.GRAPH, g: value });
  if (typeof value === "string") return create({ type: AttributeType.STRING, s: new TextEncoder().encode(value) });
  if (typeof value === "number") {
    return Number.isInteger(value)
      ? create({ type: AttributeType.INT, i: value })
      : create({ type: AttributeType.FLOAT, f: value });
  }
  if ("kind" in value) {
    return value.kind === "float"
      ? create({ type: AttributeType.FLOAT, f: value.value as number })
      : create({ type: AttributeType.FLOATS, floats: [...(value.value as number[])] });
  }
  if (value.length > 0 && typeof value[0] === "string") {
    return create({
      type: AttributeType.STRINGS,
      strings: (value as string[]).map((text) => new TextEncoder().encode(text)),
    });
  }
  const numbers = value as readonly number[];
  return numbers.every(Number.isInteger)
    ? create({ type: AttributeType.INTS, ints: [...numbers] })
    : create({ type: AttributeType.FLOATS, floats: [...numbers] });
}

export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes: Readonly<Record<string, AttributeValue>> = {},
  domain = "",
  name = `${opType}_${outputs[0] ?? ""}`,
): onnx.NodeProto {
  return onnxMessages.NodeProto.create({
    opType,
    domain,
    name,
    input: [...inputs],
    output: [...outputs],
    attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
  });
}

/** A tensor's declared type; shape entries are fixed sizes, symbolic names, or null for "unknown". */
export function valueInfo(
  name: string,
  elemType: TensorElemTypeName,
  shape: readonly (number | string | null)[] | null,
): onnx.ValueInfoProto {
  const dims = (shape ?? []).map((dim) =>
    typeof dim === "number" ? { dimValue: dim } : typeof dim === "string" ? { dimParam: dim } : {},
  );
  return onnxMessages.ValueInfoProto.create({
    name,
    type: { tensorType: { elemType: elemTypeCode(elemType), ...(shape ? { shape: { dim: dims } } : {}) } },
  });
}

export interface GraphParts {
  name?: string;
  nodes: readonly onnx.NodeProto[];
  inputs: readonly onnx.ValueInfoProto[];
  outputs: readonly onnx.ValueInfoProto[];
  initializers?: readonly onnx.TensorProto[];
  valueInfo?: readonly onnx.ValueInfoProto[];
}

export function graph(parts: GraphParts): onnx.GraphProto {
  return onnxMessages.GraphProto.create({
    name: parts.name ?? "graph",
    node: [...parts.nodes],
    input: [...parts.inputs],
    output: [...parts.outputs],
    initializer: [...(parts.initializers ?? [])],
    valueInfo: [...(parts.valueInfo ?? [])],
  });
}

export interface ModelParts {
  graph: onnx.GraphProto;
  /** Defaults to the standard domain at opset 17, which onnxruntime 1.x fully supports. */
  opsets?: readonly { domain: string; version: number }[];
  producer?: string;
  /** IR 8 is the version that goes with opset 17 (https://onnxruntime.ai/docs/reference/compatibility.html). */
  irVersion?: number;
}

export function modelProto(parts: ModelParts): onnx.ModelProto {
  return onnxMessages.ModelProto.create({
    irVersion: parts.irVersion ?? 8,
    opsetImport: (parts.opsets ?? [{ domain: "", version: 17 }]).map((opset) =>
      onnxMessages.OperatorSetIdProto.create(opset),
    ),
    producerName: parts.producer ?? "joulebench",
    graph: parts.graph,
  });
}

export function encodeModel(proto: onnx.ModelProto): Uint8Array {
  return onnxMessages.ModelProto.encode(proto).finish();
}

export function model(parts: ModelParts): Uint8Array {
  return encodeModel(modelProto(parts));
}
