/**
 * A small, concrete shape inference over the main graph, enough to size the MatMuls of a text classifier.
 *
 * Approximation, on purpose: symbolic dims are bound to numbers before inference. The first dim of every graph
 * input is taken as the batch and bound to 1; every other symbolic or unnamed input dim is taken as a sequence
 * dim and bound to `sequenceLength`. Shapes then propagate as plain numbers, and so do the contents of small
 * integer tensors (Shape -> Gather -> Concat -> Reshape, as PyTorch exports attention heads). What cannot be
 * followed stays unknown (null dim or unknown rank) rather than guessed.
 */
import type { onnx } from "onnx-proto";
import { attributeInt, attributeInts, attributeTensor } from "./node-attributes";
import { inferOutputShapes, inputName, normalizeAxis, type Dims } from "./shape-rules";
import { topologicalOrder } from "./topological-order";
import { int64ToNumber, readSmallIntegerTensor, tensorDims } from "./tensor-values";

export interface ShapeTable {
  shapes: ReadonlyMap<string, Dims>;
  /** Names of initializers and Constant outputs: the weights. */
  constants: ReadonlySet<string>;
  /** Graph inputs' first dim when it is fixed (not symbolic): a model exported for batch 8 computes 8 examples. */
  fixedBatch: number | undefined;
}

const INTEGER_TYPES = new Set([6, 7]); // int32, int64

export function declaredDims(
  info: onnx.IValueInfoProto,
): { dimValue: number | null; dimParam: string | null }[] | undefined {
  const shape = info.type?.tensorType?.shape;
  if (!info.type?.tensorType || !shape) return undefined;
  return (shape.dim ?? []).map((dim) => {
    // protobufjs sets own properties only for fields present on the wire: an unset dim_value is not a 0.
    const value = Object.hasOwn(dim, "dimValue") ? int64ToNumber(dim.dimValue as number) : null;
    return { dimValue: dim.dimParam ? null : value, dimParam: dim.dimParam || null };
  });
}

export function inferShapes(graph: onnx.IGraphProto, sequenceLength: number): ShapeTable {
  const shapes = new Map<string, Dims>();
  const values = new Map<string, number[]>();
  const initializerNames = new Set((graph.initializer ?? []).map((tensor) => tensor.name ?? ""));
  const constants = new Set(initializerNames);
  const symbols = new Map<string, number>();
  let fixedBatch: number | undefined;

  for (const input of graph.input ?? []) {
    if (initializerNames.has(input.name ?? "")) continue;
    const dims = declaredDims(input);
    if (!dims) continue;
    shapes.set(
      input.name ?? "",
      dims.map((dim, axis) => {
        const bound = axis === 0 ? 1 : sequenceLength;
        if (dim.dimValue !== null) {
          if (axis === 0 && dim.dimValue > 1) fixedBatch ??= dim.dimValue;
          return dim.dimValue;
        }
        if (dim.dimParam) symbols.set(dim.dimParam, symbols.get(dim.dimParam) ?? bound);
        return bound;
      }),
    );
  }
  for (const tensor of graph.initializer ?? []) {
    shapes.set(tensor.name ?? "", tensorDims(tensor));
    const contents = readSmallIntegerTensor(tensor);
    if (contents) values.set(tensor.name ?? "", contents);
  }

  const context = {
    shape: (name: string | undefined) => (name === undefined ? undefined : shapes.get(name)),
    value: (name: string | undefined) => (name === undefined ? undefined : values.get(name)),
  };
  for (const node of topologicalOrder(graph.node ?? [])) {
    const outputs = node.output ?? [];
    if (node.opType === "Constant") {
      recordConstant(node, shapes, values);
      if (outputs[0]) constants.add(outputs[0]);
      continue;
    }
    inferOutputShapes(node, context).forEach((dims, index) => {
      const name = outputs[index];
      if (name && dims) shapes.set(name, dims);
    });
    const folded = foldIntegerValues(node, context, shapes.get(outputs[0] ?? ""));
    if (folded && outputs[0]) values.set(outputs[0], folded);
  }

  // Declared shapes (value_info, outputs) fill what inference could not follow; their symbols bind as above,
  // and a symbol no input uses stays unknown.
  for (const info of [...(graph.valueInfo ?? []), ...(graph.output ?? [])]) {
    const name = info.name ?? "";
    const dims = declaredDims(info);
    if (shapes.has(name) || !dims) continue;
    shapes.set(
      name,
      dims.map((dim) => dim.dimValue ?? (dim.dimParam ? (symbols.get(dim.dimParam) ?? null) : null)),
    );
  }
  return { shapes, constants, fixedBatch };
}

function recordConstant(node: onnx.INodeProto, shapes: Map<string, Dims>, values: Map<string, number[]>) {
  const name = node.output?.[0];
  if (!name) return;
  const tensor = attributeTensor(node, "value");
  if (tensor) {
    shapes.set(name, tensorDims(tensor));
    const contents = readSmallIntegerTensor(tensor);
    if (contents) values.set(name, contents);
    return;
  }
  const single = attributeInt(node, "value_int");
  const list = attributeInts(node, "value_ints");
  if (single !== undefined) {
    shapes.set(name, []);
    values.set(name, [single]);
  } else if (list) {
    shapes.set(name, [list.length]);
    values.set(name, list);
  }
}

/** Folds the integer arithmetic that exporters use to build shapes at run time. */
function foldIntegerValues(
  node: onnx.INodeProto,
  context: { shape(name?: string): Dims | undefined; value(name?: string): number[] | undefined },
  outputShape: Dims | undefined,
): number[] | undefined {
  const input = (index: number) => context.value(inputName(node, index));
  switch (node.opType) {
    case "Shape": {
      const dims = context.shape(inputName(node, 0));
      if (!dims || dims.some((dim) => dim === null)) return undefined;
      const start = attributeInt(node, "start", 0);
      const end = attributeInt(node, "end", dims.length);
      return (dims as number[]).slice(start, end);
    }
    case "Identity":
    case "Unsqueeze":
    case "Squeeze":
    case "Reshape":
    case "Flatten":
      return input(0);
    case "Cast":
      return INTEGER_TYPES.has(attributeInt(node, "to", 0)) ? input(0) : undefined;
    case "Concat": {
      const parts = (node.input ?? []).map((_, index) => input(index));
      return parts.every((part) => part !== undefined) ? (parts.flat() as number[]) : undefined;
    }
    case "Gather": {
      const [data, indices] = [input(0), input(1)];
      const dataDims = context.shape(inputName(node, 0));
      if (!data || !indices || dataDims?.length !== 1 || attributeInt(node, "axis", 0) !== 0) return undefined;
      const picked = indices.map((index) => data[normalizeAxis(index, data.length)]);
      return picked.every((value) => value !== undefined) ? (picked as number[]) : undefined;
    }
    case "Slice": {
      const [data, starts, ends] = [input(0), input(1), input(2)];
      if (!data || !starts || !ends || starts.length !== 1 || (input(4)?.[0] ?? 1) !== 1) return undefined;
      return data.slice(starts[0], ends[0]);
    }
    case "Add":
    case "Sub":
    case "Mul":
    case "Div":
    case "Max":
    case "Min": {
      const [left, right] = [input(0), input(1)];
      if (!left || !right || (left.length !== right.length && left.length !== 1 && right.length !== 1))
        return undefined;
      const length = Math.max(left.length, right.length);
      const at = (list: number[], index: number) => list[list.length === 1 ? 0 : index]!;
      const combine = INTEGER_COMBINERS[node.opType]!;
      const result = Array.from({ length }, (_, index) => combine(at(left, index), at(right, index)));
      return result.some(Number.isNaN) || (outputShape && outputShape.length > 1) ? undefined : result;
    }
    default:
      return undefined;
  }
}

const INTEGER_COMBINERS: Record<string, (a: number, b: number) => number> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b) => (b === 0 ? NaN : Math.trunc(a / b)),
  Max: Math.max,
  Min: Math.min,
};
