/**
 * Models that misbehave on purpose, for the runner's sandbox tests. Each has the classifier interface the
 * runner feeds (input_ids and attention_mask, int64 [batch, sequence]; output logits) so the runner cannot tell
 * them apart before running them. Every costly value depends on the input at run time, so onnxruntime's
 * constant folding cannot precompute it (or choke on it) when the session is created.
 */
import type { onnx } from "onnx-proto";
import { graph, model, node, tensor, valueInfo } from "../../lib/onnx/graph-builder";
import { mulberry32, randomFloats } from "../../lib/onnx/seeded-random";

const CLASSIFIER_INPUTS = [
  valueInfo("input_ids", "int64", ["batch", "sequence"]),
  valueInfo("attention_mask", "int64", ["batch", "sequence"]),
];

/** Nodes computing "batch" ([1], int64, from input_ids' run-time shape) and "zeros" (float [batch, ...columns]). */
function zerosShapedLikeBatch(columns: readonly number[]): {
  nodes: onnx.NodeProto[];
  initializers: onnx.TensorProto[];
} {
  return {
    initializers: [
      tensor("batch_start", [1], new BigInt64Array([0n])),
      tensor("batch_end", [1], new BigInt64Array([1n])),
      tensor("columns", [columns.length], BigInt64Array.from(columns, BigInt)),
    ],
    nodes: [
      node("Shape", ["input_ids"], ["ids_shape"]),
      node("Slice", ["ids_shape", "batch_start", "batch_end"], ["batch"]),
      node("Concat", ["batch", "columns"], ["zeros_shape"], { axis: 0 }),
      node("ConstantOfShape", ["zeros_shape"], ["zeros"], { value: tensor("zero", [1], new Float32Array([0])) }),
    ],
  };
}

function classifierModel(
  name: string,
  labelShape: readonly (number | string)[],
  nodes: onnx.NodeProto[],
  initializers: onnx.TensorProto[],
) {
  return model({
    producer: "joulebench-hostile-models",
    graph: graph({
      name,
      inputs: CLASSIFIER_INPUTS,
      outputs: [valueInfo("logits", "float32", labelShape)],
      nodes,
      initializers,
    }),
  });
}

/**
 * Allocates about `bytesToAllocate` bytes in one float tensor (ConstantOfShape of a size computed from the
 * input's shape as batch/batch · n), reduces it to a scalar, and adds 0 · that scalar to zero logits.
 */
export function memoryHogModel(bytesToAllocate: number, { labelCount = 2 } = {}): Uint8Array {
  const elements = Math.max(1, Math.ceil(bytesToAllocate / 4));
  const zeros = zerosShapedLikeBatch([labelCount]);
  return classifierModel(
    "memory_hog",
    ["batch", labelCount],
    [
      ...zeros.nodes,
      node("Div", ["batch", "batch"], ["one"]),
      node("Mul", ["one", "element_count"], ["hog_shape"]),
      node("ConstantOfShape", ["hog_shape"], ["hog"], { value: tensor("one_float", [1], new Float32Array([1])) }),
      node("ReduceSum", ["hog"], ["hog_sum"], { keepdims: 0 }),
      node("Mul", ["hog_sum", "nothing"], ["hog_zero"]),
      node("Add", ["zeros", "hog_zero"], ["logits"]),
    ],
    [
      ...zeros.initializers,
      tensor("element_count", [1], new BigInt64Array([BigInt(elements)])),
      tensor("nothing", [], new Float32Array([0])),
    ],
  );
}

/**
 * A Loop of `iterations` steps, each state = tanh(state · W) with state and W [dimension, dimension]: about
 * dimension³ MACs per step. The initial state is the mean token id times ones, so nothing folds at load time.
 */
export function slowModel(iterations: number, { dimension = 128, labelCount = 2, seed = 7 } = {}): Uint8Array {
  const zeros = zerosShapedLikeBatch([labelCount]);
  const square = [dimension, dimension];
  const body = graph({
    name: "slow_body",
    inputs: [
      valueInfo("step", "int64", []),
      valueInfo("keep_going", "bool", []),
      valueInfo("state_in", "float32", square),
    ],
    outputs: [valueInfo("keep_going_out", "bool", []), valueInfo("state_out", "float32", square)],
    nodes: [
      node("Identity", ["keep_going"], ["keep_going_out"]),
      node("MatMul", ["state_in", "loop_weight"], ["product"]),
      node("Tanh", ["product"], ["state_out"]),
    ],
  });
  return classifierModel(
    "slow",
    ["batch", labelCount],
    [
      ...zeros.nodes,
      node("Cast", ["input_ids"], ["ids_float"], { to: 1 }),
      node("ReduceMean", ["ids_float"], ["mean_id"], { keepdims: 0 }),
      node("Mul", ["ones", "mean_id"], ["state_start"]),
      node("Loop", ["trip_count", "always", "state_start"], ["state_end"], { body }),
      node("ReduceMean", ["state_end"], ["state_mean"], { keepdims: 0 }),
      node("Mul", ["state_mean", "nothing"], ["state_zero"]),
      node("Add", ["zeros", "state_zero"], ["logits"]),
    ],
    [
      ...zeros.initializers,
      tensor("trip_count", [], new BigInt64Array([BigInt(iterations)])),
      tensor("always", [], [true]),
      tensor("ones", square, new Float32Array(dimension * dimension).fill(1)),
      tensor("loop_weight", square, randomFloats(dimension * dimension, mulberry32(seed), 1 / Math.sqrt(dimension))),
      tensor("nothing", [], new Float32Array([0])),
    ],
  );
}

/** logits = log(0 - 1) = NaN everywhere. */
export function nanOutputModel({ labelCount = 2 } = {}): Uint8Array {
  const zeros = zerosShapedLikeBatch([labelCount]);
  return classifierModel(
    "nan_output",
    ["batch", labelCount],
    [...zeros.nodes, node("Sub", ["zeros", "one_float"], ["minus_one"]), node("Log", ["minus_one"], ["logits"])],
    [...zeros.initializers, tensor("one_float", [], new Float32Array([1]))],
  );
}

export interface WrongShapeOptions {
  labelCount?: number;
  /** "extra-columns": [batch, labels + 3]; "rank-3": [batch, 1, labels]. */
  kind?: "extra-columns" | "rank-3";
  /** Declare the expected [batch, labels] in the graph's signature while producing the wrong shape. */
  lieInSignature?: boolean;
}

export function wrongShapeOutputModel({
  labelCount = 2,
  kind = "extra-columns",
  lieInSignature = false,
}: WrongShapeOptions = {}): Uint8Array {
  const columns = kind === "extra-columns" ? [labelCount + 3] : [1, labelCount];
  const zeros = zerosShapedLikeBatch(columns);
  const declared = lieInSignature ? ["batch", labelCount] : ["batch", ...columns];
  return classifierModel(
    "wrong_shape",
    declared,
    [...zeros.nodes, node("Add", ["zeros", "half"], ["logits"])],
    [...zeros.initializers, tensor("half", [], new Float32Array([0.5]))],
  );
}
