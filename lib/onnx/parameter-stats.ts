/**
 * Parameters = every value the model stores rather than computes, in every graph of the model (a Loop body or an
 * If branch can carry weights too) and in its model-local functions:
 * - initializers, dense and sparse;
 * - every tensor, tensor list, number list and string list held in any node's attributes. A lookup table is
 *   weights, whatever op holds it: an ai.onnx.ml LabelEncoder's keys and values, a LinearClassifier's
 *   coefficients, a tree ensemble's thresholds, a TfIdfVectorizer's pool. Structural lists (a Transpose's perm,
 *   a Conv's pads) count too: a few elements each, and a rule without exceptions leaves no attribute to hide a
 *   table in. Single numbers and strings (an axis, an epsilon) are settings, not weights;
 * - a Constant node's scalar value_float / value_int / value_string, whether its domain is spelled "" or
 *   "ai.onnx" (both are the standard domain; https://onnx.ai/onnx/operators/onnx__Constant.html);
 * - com.microsoft MatMulNBits weights (input B) count as the K·N weights they encode, at their `bits`, not as the
 *   uint8 bytes they are packed in (https://github.com/microsoft/onnxruntime/blob/main/docs/ContribOperators.md#com.microsoft.MatMulNBits).
 */
import type { onnx } from "onnx-proto";
import type { TensorElemTypeName } from "./data-types";
import { normalizeDomain, walkGraphs } from "./graph-walk";
import { attributeInt } from "./node-attributes";
import { int64ToNumber, tensorDims, tensorValueStats, type TensorValueStats } from "./tensor-values";

export interface ParameterStats {
  parameters: number;
  nonZero: number;
  precisionMix: Partial<Record<TensorElemTypeName | "undefined", number>>;
}

// AttributeProto.AttributeType (onnx.proto).
const FLOAT = 1;
const INT = 2;
const STRING = 3;
const FLOATS = 6;
const INTS = 7;
const STRINGS = 8;

export function parameterStats(
  mainGraph: onnx.IGraphProto,
  functions: readonly onnx.IFunctionProto[] = [],
): ParameterStats {
  const result: ParameterStats = { parameters: 0, nonZero: 0, precisionMix: {} };
  const add = (stats: TensorValueStats) => {
    result.parameters += stats.elements;
    result.nonZero += stats.nonZero;
    result.precisionMix[stats.elemType] = (result.precisionMix[stats.elemType] ?? 0) + stats.elements;
  };
  const countNodes = (nodes: readonly onnx.INodeProto[]) => {
    for (const node of nodes) for (const stats of attributeStats(node)) add(stats);
  };
  for (const { graph } of walkGraphs(mainGraph)) {
    const packed = packedWeightStats(graph);
    for (const tensor of graph.initializer ?? []) add(packed.get(tensor.name ?? "") ?? tensorValueStats(tensor));
    for (const sparse of graph.sparseInitializer ?? []) add(sparseStats(sparse));
    countNodes(graph.node ?? []);
  }
  for (const fn of functions) countNodes(fn.node ?? []);
  return result;
}

/** A sparse tensor holds prod(dims) parameters, of which only the stored values can be non-zero. */
function sparseStats(sparse: onnx.ISparseTensorProto): TensorValueStats {
  const values = sparse.values
    ? tensorValueStats(sparse.values)
    : { elemType: "undefined" as const, elements: 0, nonZero: 0 };
  const elements = tensorDims({ name: sparse.values?.name ?? "", dims: sparse.dims ?? [] }).reduce((a, b) => a * b, 1);
  return { elemType: values.elemType, elements, nonZero: values.nonZero };
}

/** Every stored value in one node's attributes (subgraphs are walked as graphs of their own). */
function attributeStats(node: onnx.INodeProto): TensorValueStats[] {
  const stats: TensorValueStats[] = [];
  const isConstant = node.opType === "Constant" && normalizeDomain(node.domain) === "ai.onnx";
  for (const attribute of node.attribute ?? []) {
    if (attribute.t) stats.push(tensorValueStats(attribute.t));
    for (const tensor of attribute.tensors ?? []) stats.push(tensorValueStats(tensor));
    if (attribute.sparseTensor) stats.push(sparseStats(attribute.sparseTensor));
    for (const sparse of attribute.sparseTensors ?? []) stats.push(sparseStats(sparse));
    switch (attribute.type) {
      case FLOATS:
        stats.push(numberListStats("float32", attribute.floats ?? []));
        break;
      case INTS:
        stats.push(
          numberListStats(
            "int64",
            (attribute.ints ?? []).map((value) => int64ToNumber(value as number)),
          ),
        );
        break;
      case STRINGS:
        stats.push(stringListStats(attribute.strings ?? []));
        break;
      case FLOAT:
        if (isConstant) stats.push(numberListStats("float32", [attribute.f ?? 0]));
        break;
      case INT:
        if (isConstant) stats.push(numberListStats("int64", [int64ToNumber(attribute.i as number)]));
        break;
      case STRING:
        if (isConstant) stats.push(stringListStats([attribute.s ?? new Uint8Array()]));
        break;
    }
  }
  return stats;
}

function numberListStats(elemType: TensorElemTypeName, values: readonly number[]): TensorValueStats {
  return { elemType, elements: values.length, nonZero: values.filter((value) => value !== 0).length };
}

function stringListStats(values: readonly Uint8Array[]): TensorValueStats {
  return { elemType: "string", elements: values.length, nonZero: values.filter((value) => value.length > 0).length };
}

/**
 * MatMulNBits' B initializer, [N, K/block, block·bits/8] bytes, holds K·N weights of `bits` bits. They are
 * quantized around a zero point, so a stored 0 is not a zero weight: all count as non-zero.
 */
function packedWeightStats(graph: onnx.IGraphProto): Map<string, TensorValueStats> {
  const packed = new Map<string, TensorValueStats>();
  for (const node of graph.node ?? []) {
    if (node.opType !== "MatMulNBits" || node.domain !== "com.microsoft") continue;
    const weightName = node.input?.[1];
    const rows = attributeInt(node, "K");
    const columns = attributeInt(node, "N");
    if (!weightName || rows === undefined || columns === undefined || rows < 0 || columns < 0) continue;
    const bits = attributeInt(node, "bits", 4);
    const elements = rows * columns;
    packed.set(weightName, { elemType: packedElemType(bits), elements, nonZero: elements });
  }
  return packed;
}

/** The precision mix names ONNX element types; widths without one (2, 3 bits...) are listed as "undefined". */
function packedElemType(bits: number): TensorElemTypeName | "undefined" {
  if (bits === 4) return "uint4";
  if (bits === 8) return "uint8";
  return "undefined";
}
