/**
 * Output shapes of the ops that text classifiers are made of, following the ONNX operator spec
 * (https://onnx.ai/onnx/operators/). Dims are concrete numbers (symbolic dims were bound before inference) or
 * null when unknown; an undefined result means "rank unknown". Ops not listed here give undefined, which only
 * costs precision downstream: the MAC estimate then lists the affected op as uncounted.
 */
import type { onnx } from "onnx-proto";
import { attributeInt, attributeInts, hasAttribute } from "./node-attributes";
import { broadcastDims, convOutputDims, gatherDims, matMulDims, product, reduceDims, sliceDims } from "./shape-math";

export type Dims = (number | null)[];

const MAX_RANK = 64;

export interface ShapeContext {
  shape(name: string | undefined): Dims | undefined;
  /** Known contents of small integer tensors (shapes, axes, indices), flattened. */
  value(name: string | undefined): number[] | undefined;
}

const SAME_SHAPE_OPS = new Set([
  "Identity",
  "Cast",
  "CastLike",
  "Relu",
  "LeakyRelu",
  "PRelu",
  "Elu",
  "Selu",
  "Celu",
  "Gelu",
  "Tanh",
  "Sigmoid",
  "HardSigmoid",
  "HardSwish",
  "Softplus",
  "Softsign",
  "Mish",
  "Erf",
  "Sqrt",
  "Exp",
  "Log",
  "Neg",
  "Abs",
  "Reciprocal",
  "Floor",
  "Ceil",
  "Round",
  "Sign",
  "Sin",
  "Cos",
  "Not",
  "IsNaN",
  "IsInf",
  "Clip",
  "Softmax",
  "LogSoftmax",
  "Hardmax",
  "Dropout",
  "LayerNormalization",
  "BatchNormalization",
  "InstanceNormalization",
  "QuantizeLinear",
  "DequantizeLinear",
  "DynamicQuantizeLinear",
  "StringNormalizer",
  "Normalizer",
  "Shrink",
  "FastGelu",
  "BiasGelu",
  "SkipLayerNormalization",
  "SimplifiedLayerNormalization",
  "SkipSimplifiedLayerNormalization",
  "QuickGelu",
]);

const BROADCAST_OPS = new Set([
  "Add",
  "Sub",
  "Mul",
  "Div",
  "Pow",
  "Mod",
  "Max",
  "Min",
  "Sum",
  "Mean",
  "Equal",
  "Less",
  "Greater",
  "LessOrEqual",
  "GreaterOrEqual",
  "And",
  "Or",
  "Xor",
  "Where",
  "BitShift",
  "BitwiseAnd",
  "BitwiseOr",
]);

/** Which input holds each operand, per op (quantized MatMuls interleave scales and zero points). */
export const MATMUL_OPERANDS: Readonly<Record<string, readonly [number, number]>> = {
  MatMul: [0, 1],
  MatMulInteger: [0, 1],
  QLinearMatMul: [0, 3],
  FusedMatMul: [0, 1],
  DynamicQuantizeMatMul: [0, 1],
  MatMulIntegerToFloat: [0, 1],
};

export const CONV_OPERANDS: Readonly<Record<string, readonly [number, number]>> = {
  Conv: [0, 1],
  ConvInteger: [0, 1],
  QLinearConv: [0, 3],
};

export function inputName(node: onnx.INodeProto, index: number): string | undefined {
  const name = node.input?.[index];
  return name === "" ? undefined : name;
}

export function inferOutputShapes(node: onnx.INodeProto, context: ShapeContext): (Dims | undefined)[] {
  const op = node.opType ?? "";
  const inputShape = (index: number) => context.shape(inputName(node, index));
  const inputValue = (index: number) => context.value(inputName(node, index));
  const first = inputShape(0);

  if (SAME_SHAPE_OPS.has(op)) return [first];
  if (BROADCAST_OPS.has(op)) {
    const shapes = (node.input ?? []).map((_, index) => inputShape(index));
    return [
      shapes.reduce<Dims | undefined>(
        (result, shape) => (result && shape ? broadcastDims(result, shape) : undefined),
        [],
      ),
    ];
  }
  const matMul = MATMUL_OPERANDS[op];
  if (matMul) {
    const [left, right] = [inputShape(matMul[0]), inputShape(matMul[1])];
    if (!left || !right) return [];
    const transposeLast = (dims: Dims, flag: string) =>
      attributeInt(node, flag, 0) && dims.length >= 2 ? [...dims.slice(0, -2), dims.at(-1)!, dims.at(-2)!] : dims;
    return [matMulDims(transposeLast(left, "transA"), transposeLast(right, "transB"))];
  }
  const conv = CONV_OPERANDS[op];
  if (conv) return [convOutputDims(node, inputShape(conv[0]), inputShape(conv[1]))];

  switch (op) {
    case "Gemm": {
      const [left, right] = [first, inputShape(1)];
      if (left?.length !== 2 || right?.length !== 2) return [];
      const rows = attributeInt(node, "transA", 0) ? left[1]! : left[0]!;
      const columns = attributeInt(node, "transB", 0) ? right[0]! : right[1]!;
      return [[rows, columns]];
    }
    case "MaxPool":
    case "AveragePool":
    case "LpPool":
      return [convOutputDims(node, first, first ? [first[1] ?? null, null] : undefined)];
    case "GlobalAveragePool":
    case "GlobalMaxPool":
      return [first ? [...first.slice(0, 2), ...first.slice(2).map(() => 1)] : undefined];
    case "Transpose": {
      if (!first) return [];
      const perm = attributeInts(node, "perm") ?? first.map((_, index) => first.length - 1 - index);
      return [perm.map((axis) => first[axis] ?? null)];
    }
    case "Reshape":
      return [reshapeDims(first, inputValue(1), inputShape(1), attributeInt(node, "allowzero", 0) === 1)];
    case "Flatten": {
      if (!first) return [];
      const axis = normalizeAxis(attributeInt(node, "axis", 1), first.length + 1);
      return [[product(first.slice(0, axis)), product(first.slice(axis))]];
    }
    case "Unsqueeze": {
      const axes = attributeInts(node, "axes") ?? inputValue(1);
      if (!first || !axes) return [];
      const rank = first.length + axes.length;
      const inserted = new Set(axes.map((axis) => normalizeAxis(axis, rank)));
      const remaining = [...first];
      return [Array.from({ length: rank }, (_, axis) => (inserted.has(axis) ? 1 : (remaining.shift() ?? null)))];
    }
    case "Squeeze": {
      const axes = attributeInts(node, "axes") ?? inputValue(1);
      if (!first) return [];
      if (!axes) return first.some((dim) => dim === null) ? [] : [first.filter((dim) => dim !== 1)];
      const removed = new Set(axes.map((axis) => normalizeAxis(axis, first.length)));
      return [first.filter((_, axis) => !removed.has(axis))];
    }
    case "Concat": {
      const shapes = (node.input ?? []).map((_, index) => inputShape(index));
      if (!first || shapes.some((shape) => shape?.length !== first.length)) return [];
      const axis = normalizeAxis(attributeInt(node, "axis", 0), first.length);
      const joined = shapes.map((shape) => shape![axis] ?? null);
      return [first.map((dim, index) => (index === axis ? sumDims(joined) : dim))];
    }
    case "Gather":
      return [gatherDims(first, inputShape(1), attributeInt(node, "axis", 0))];
    case "Shape": {
      if (!first) return [];
      const start = normalizeClamped(attributeInt(node, "start", 0), first.length);
      const end = normalizeClamped(attributeInt(node, "end", first.length), first.length);
      return [[Math.max(0, end - start)]];
    }
    case "Size":
      return [[]];
    case "ReduceSum":
    case "ReduceMean":
    case "ReduceMax":
    case "ReduceMin":
    case "ReduceProd":
    case "ReduceL1":
    case "ReduceL2":
    case "ReduceLogSumExp":
    case "ReduceSumSquare":
    case "ArgMax":
    case "ArgMin": {
      const single = attributeInt(node, "axis");
      const axes = single !== undefined ? [single] : (attributeInts(node, "axes") ?? inputValue(1));
      const keep = attributeInt(node, "keepdims", 1) === 1;
      const reduceAll = op.startsWith("Arg") ? false : attributeInt(node, "noop_with_empty_axes", 0) === 0;
      return [reduceDims(first, op.startsWith("Arg") ? (axes ?? [0]) : axes, keep, reduceAll)];
    }
    case "Slice": {
      const fromAttributes = hasAttribute(node, "starts");
      const starts = fromAttributes ? attributeInts(node, "starts") : inputValue(1);
      const ends = fromAttributes ? attributeInts(node, "ends") : inputValue(2);
      const axes = fromAttributes ? attributeInts(node, "axes") : inputValue(3);
      const steps = fromAttributes ? undefined : inputValue(4);
      return [sliceDims(first, starts, ends, axes, steps, inputName(node, 3) !== undefined || fromAttributes)];
    }
    case "Expand": {
      const target = inputValue(1);
      return [first && target ? broadcastDims(first, target) : undefined];
    }
    case "ConstantOfShape":
      return [inputValue(0)];
    case "Split": {
      if (!first) return [];
      const axis = normalizeAxis(attributeInt(node, "axis", 0), first.length);
      const outputs = node.output?.length ?? 0;
      const dim = first[axis] ?? null;
      const sizes =
        attributeInts(node, "split") ??
        inputValue(1) ??
        Array.from({ length: outputs }, () => (dim === null ? null : Math.ceil(dim / outputs)));
      return sizes.map((size) => first.map((value, index) => (index === axis ? size : value)));
    }
    case "Attention":
    case "MultiHeadAttention":
      return [attentionOutputDims(node, first, inputShape(1), inputShape(2))];
    case "ArrayFeatureExtractor": {
      const indices = inputShape(1);
      if (!first || !indices) return [];
      const picked = product(indices);
      return [first.length === 1 ? [1, picked] : [...first.slice(0, -1), picked]];
    }
    case "TfIdfVectorizer": {
      // reduce, not Math.max(...list): a 200k-word vocabulary would overflow the call stack as arguments.
      const vocabulary =
        (attributeInts(node, "ngram_indexes") ?? []).reduce((largest, index) => Math.max(largest, index), -1) + 1;
      if (!first) return [];
      return [first.length === 1 ? [vocabulary] : [first[0] ?? null, vocabulary]];
    }
    case "Tokenizer":
      return [first ? [...first, null] : undefined];
    case "LinearClassifier":
      return first ? [[first[0] ?? null], [first[0] ?? null, null]] : [];
    default:
      return [];
  }
}

/**
 * com.microsoft Attention: (input [B,S,H], weights [H,3H]) -> [B,S,H_v]. com.microsoft MultiHeadAttention:
 * (query [B,S,H], key, value [B,S_kv,H_v]) -> [B,S,H_v]. ai.onnx Attention (opset 23): 4-D Q [B,N,S,d] and
 * V [B,N_kv,S_kv,d_v] -> [B,N,S,d_v]; 3-D Q [B,S,H] and V [B,S_kv,H_v] -> [B,S,N_q*H_v/N_kv].
 */
function attentionOutputDims(
  node: onnx.INodeProto,
  query: Dims | undefined,
  second: Dims | undefined,
  third: Dims | undefined,
): Dims | undefined {
  if (!query) return undefined;
  if (node.domain === "com.microsoft" && node.opType === "Attention") {
    const sizes = attributeInts(node, "qkv_hidden_sizes");
    const packed = second?.[1];
    const valueHidden = sizes?.[2] ?? (packed === null || packed === undefined ? null : packed / 3);
    return [...query.slice(0, -1), valueHidden];
  }
  if (!third) return undefined;
  if (query.length === 4) return [...query.slice(0, -1), third.at(-1) ?? null];
  const valueHidden = third.at(-1) ?? null;
  const queryHeads = attributeInt(node, "q_num_heads");
  const valueHeads = attributeInt(node, "kv_num_heads");
  const scaled =
    valueHidden !== null && queryHeads && valueHeads ? (valueHidden * queryHeads) / valueHeads : valueHidden;
  return [...query.slice(0, -1), scaled];
}

function reshapeDims(
  input: Dims | undefined,
  target: number[] | undefined,
  targetShape: Dims | undefined,
  allowZero: boolean,
): Dims | undefined {
  // Without the target's contents, its length still gives the rank (capped: a crafted shape must not make us
  // allocate a billion-entry array).
  if (!target)
    return targetShape?.[0] && targetShape[0] <= MAX_RANK
      ? Array.from({ length: targetShape[0] }, () => null)
      : undefined;
  const dims: Dims = target.map((dim, index) => (dim === 0 && !allowZero ? (input?.[index] ?? null) : dim));
  const inferred = dims.indexOf(-1);
  if (inferred >= 0) {
    const total = input ? product(input) : null;
    const known = product(dims.filter((_, index) => index !== inferred));
    dims[inferred] = total !== null && known !== null && known > 0 ? total / known : null;
  }
  return dims;
}

function sumDims(dims: Dims): number | null {
  return dims.some((dim) => dim === null) ? null : dims.reduce<number>((sum, dim) => sum + dim!, 0);
}

export function normalizeAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

function normalizeClamped(index: number, rank: number): number {
  return Math.min(rank, Math.max(0, index < 0 ? index + rank : index));
}
