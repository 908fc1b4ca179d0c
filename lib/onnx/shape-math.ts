/** Shape arithmetic shared by the shape rules: numpy broadcasting, MatMul, Conv/pool windows, Gather, Reduce, Slice. */
import type { onnx } from "onnx-proto";
import { attributeInt, attributeInts, attributeString } from "./node-attributes";
import type { Dims } from "./shape-rules";

export function product(dims: Dims): number | null {
  let result = 1;
  for (const dim of dims) {
    if (dim === null) return null;
    result *= dim;
  }
  return result;
}

/** numpy-style broadcasting (https://github.com/onnx/onnx/blob/main/docs/Broadcasting.md). */
export function broadcastDims(left: Dims, right: Dims): Dims {
  const rank = Math.max(left.length, right.length);
  return Array.from({ length: rank }, (_, index) => {
    const a = left[left.length - rank + index] ?? 1;
    const b = right[right.length - rank + index] ?? 1;
    if (a === 1) return b;
    if (b === 1) return a;
    if (a === null) return b;
    return a;
  });
}

/** numpy.matmul: 1-D operands get a dimension prepended/appended and then removed again. */
export function matMulDims(left: Dims, right: Dims): Dims | undefined {
  if (left.length === 0 || right.length === 0) return undefined;
  const a = left.length === 1 ? [1, left[0]!] : left;
  const b = right.length === 1 ? [right[0]!, 1] : right;
  const batch = broadcastDims(a.slice(0, -2), b.slice(0, -2));
  return [...batch, ...(left.length === 1 ? [] : [a.at(-2)!]), ...(right.length === 1 ? [] : [b.at(-1)!])];
}

/** Conv and pooling output: [N, M, out_1..out_k], from the formulas in the ONNX Conv/MaxPool specs. */
export function convOutputDims(
  node: onnx.INodeProto,
  input: Dims | undefined,
  weight: Dims | undefined,
): Dims | undefined {
  if (!input || input.length < 3 || !weight) return undefined;
  const spatial = input.slice(2);
  const kernel = attributeInts(node, "kernel_shape") ?? weight.slice(2);
  const strides = attributeInts(node, "strides") ?? [];
  const dilations = attributeInts(node, "dilations") ?? [];
  const pads = attributeInts(node, "pads") ?? [];
  const autoPad = attributeString(node, "auto_pad") ?? "NOTSET";
  const ceilMode = attributeInt(node, "ceil_mode", 0) === 1;
  const outputs = spatial.map((size, axis) => {
    const window = kernel[axis];
    if (size === null || window === null || window === undefined) return null;
    const stride = strides[axis] ?? 1;
    const reach = (dilations[axis] ?? 1) * (window - 1) + 1;
    if (autoPad === "SAME_UPPER" || autoPad === "SAME_LOWER") return Math.ceil(size / stride);
    const padded = autoPad === "VALID" ? size : size + (pads[axis] ?? 0) + (pads[axis + spatial.length] ?? 0);
    const steps = (padded - reach) / stride;
    return (ceilMode ? Math.ceil(steps) : Math.floor(steps)) + 1;
  });
  return [input[0] ?? null, weight[0] ?? null, ...outputs];
}

export function gatherDims(data: Dims | undefined, indices: Dims | undefined, axisAttribute: number): Dims | undefined {
  if (!data || !indices) return undefined;
  const axis = axisAttribute < 0 ? axisAttribute + data.length : axisAttribute;
  return [...data.slice(0, axis), ...indices, ...data.slice(axis + 1)];
}

export function reduceDims(
  input: Dims | undefined,
  axes: number[] | undefined,
  keepDims: boolean,
  reduceAllWhenNoAxes: boolean,
): Dims | undefined {
  if (!input) return undefined;
  const chosen = axes && axes.length > 0 ? axes : reduceAllWhenNoAxes ? input.map((_, axis) => axis) : [];
  const reduced = new Set(chosen.map((axis) => (axis < 0 ? axis + input.length : axis)));
  return keepDims
    ? input.map((dim, axis) => (reduced.has(axis) ? 1 : dim))
    : input.filter((_, axis) => !reduced.has(axis));
}

/**
 * Slice with known starts/ends (clamped as the spec says). When they are not known but the axes are, only those
 * axes become unknown; when the axes are not known either, every dim does.
 */
export function sliceDims(
  input: Dims | undefined,
  starts: number[] | undefined,
  ends: number[] | undefined,
  axesValue: number[] | undefined,
  steps: number[] | undefined,
  axesGiven: boolean,
): Dims | undefined {
  if (!input) return undefined;
  if (axesGiven && !axesValue) return input.map(() => null);
  const axes = (axesValue ?? starts?.map((_, index) => index) ?? []).map((axis) =>
    axis < 0 ? axis + input.length : axis,
  );
  if (!starts || !ends) return input.map((dim, axis) => (axes.length === 0 || axes.includes(axis) ? null : dim));
  const output = [...input];
  axes.forEach((axis, index) => {
    const size = input[axis];
    const step = steps?.[index] ?? 1;
    if (size === null || size === undefined || step === 0) {
      output[axis] = null;
      return;
    }
    const clamp = (value: number, low: number, high: number) =>
      Math.min(high, Math.max(low, value < 0 ? value + size : value));
    const start = step > 0 ? clamp(starts[index] ?? 0, 0, size) : clamp(starts[index] ?? 0, -1, size - 1);
    const end = step > 0 ? clamp(ends[index] ?? size, 0, size) : clamp(ends[index] ?? -1, -1, size - 1);
    output[axis] = Math.max(0, Math.ceil((end - start) / step));
  });
  return output;
}
