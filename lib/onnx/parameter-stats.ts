/**
 * Parameters = elements stored in initializers (dense and sparse) and in Constant nodes, in every graph of the
 * model (a Loop body can carry weights too). Weights that ai.onnx.ml ops keep in attributes (LinearClassifier
 * coefficients, tree ensembles) are not counted: the competition's parameter rule speaks of tensors.
 */
import type { onnx } from "onnx-proto";
import type { TensorElemTypeName } from "./data-types";
import { walkGraphs } from "./graph-walk";
import { attributeFloats, attributeInts } from "./node-attributes";
import { int64ToNumber, tensorDims, tensorValueStats, type TensorValueStats } from "./tensor-values";

export interface ParameterStats {
  parameters: number;
  nonZero: number;
  precisionMix: Partial<Record<TensorElemTypeName | "undefined", number>>;
}

export function parameterStats(mainGraph: onnx.IGraphProto): ParameterStats {
  const result: ParameterStats = { parameters: 0, nonZero: 0, precisionMix: {} };
  const add = (stats: TensorValueStats) => {
    result.parameters += stats.elements;
    result.nonZero += stats.nonZero;
    result.precisionMix[stats.elemType] = (result.precisionMix[stats.elemType] ?? 0) + stats.elements;
  };
  for (const { graph } of walkGraphs(mainGraph)) {
    for (const tensor of graph.initializer ?? []) add(tensorValueStats(tensor));
    for (const sparse of graph.sparseInitializer ?? []) add(sparseStats(sparse));
    for (const node of graph.node ?? []) {
      if (node.opType === "Constant" && (node.domain ?? "") === "") for (const stats of constantStats(node)) add(stats);
    }
  }
  return result;
}

/** A sparse tensor holds prod(dims) parameters, of which only the stored values can be non-zero. */
function sparseStats(sparse: onnx.ISparseTensorProto): TensorValueStats {
  const values = sparse.values ? tensorValueStats(sparse.values) : { elemType: "undefined" as const, elements: 0, nonZero: 0 };
  const elements = tensorDims({ name: sparse.values?.name ?? "", dims: sparse.dims ?? [] }).reduce((a, b) => a * b, 1);
  return { elemType: values.elemType, elements, nonZero: values.nonZero };
}

/** A Constant node has exactly one of these attributes (https://onnx.ai/onnx/operators/onnx__Constant.html). */
function constantStats(node: onnx.INodeProto): TensorValueStats[] {
  const stats: TensorValueStats[] = [];
  for (const attribute of node.attribute ?? []) {
    switch (attribute.name) {
      case "value":
        if (attribute.t) stats.push(tensorValueStats(attribute.t));
        break;
      case "sparse_value":
        if (attribute.sparseTensor) stats.push(sparseStats(attribute.sparseTensor));
        break;
      case "value_float":
      case "value_floats": {
        const floats = attribute.name === "value_float" ? [attribute.f ?? 0] : (attributeFloats(node, "value_floats") ?? []);
        stats.push({ elemType: "float32", elements: floats.length, nonZero: floats.filter((value) => value !== 0).length });
        break;
      }
      case "value_int":
      case "value_ints": {
        const ints = attribute.name === "value_int" ? [int64ToNumber(attribute.i as number)] : (attributeInts(node, "value_ints") ?? []);
        stats.push({ elemType: "int64", elements: ints.length, nonZero: ints.filter((value) => value !== 0).length });
        break;
      }
      case "value_string":
      case "value_strings": {
        const strings = attribute.name === "value_string" ? [attribute.s ?? new Uint8Array()] : (attribute.strings ?? []);
        stats.push({ elemType: "string", elements: strings.length, nonZero: strings.filter((value) => value.length > 0).length });
        break;
      }
    }
  }
  return stats;
}
