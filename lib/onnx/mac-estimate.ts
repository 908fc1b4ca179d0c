/**
 * Multiply-accumulates per example, for the ops that dominate a text classifier's compute: MatMul (plain and
 * quantized), Gemm, Conv, attention, and ai.onnx.ml linear models.
 *
 * What is approximated, and why:
 * - Shapes come from shape-inference.ts, with batch bound to 1 and symbolic sequence dims to `sequenceLength`.
 *   A model whose sequence dims are fixed (e.g. padded to 128) is costed at its fixed length, which is what it
 *   computes.
 * - A MatMul whose weight shape is known but whose activation shape is not is costed as K·N per token for
 *   `sequenceLength` tokens, and says so in `approximations`. A MatMul between two activations whose shapes are
 *   unknown (e.g. attention scores behind ops we cannot follow) is not guessed: its op type goes to `uncounted`.
 * - Element-wise ops, normalisation, softmax and gathers are ignored: they scale with activations, not weights,
 *   and are small next to the MatMuls in the models this competition takes.
 * - Control flow (Loop, Scan, If) and recurrent ops are not estimated (trip counts are data-dependent); they go
 *   to `uncounted`, as do ops we have no formula for. `uncountedCounts` says how many of each, and every control
 *   flow op adds an approximation naming how many nodes its subgraphs hold: a graph that branches (an `If` on
 *   the batch size, say) can put any amount of compute where the estimate does not look, and a reader of the
 *   estimate must see that.
 */
import type { onnx } from "onnx-proto";
import { normalizeDomain, opKey, walkGraphs } from "./graph-walk";
import { attributeFloats, attributeInt, attributeInts } from "./node-attributes";
import { product } from "./shape-math";
import { CONV_OPERANDS, MATMUL_OPERANDS, inputName, type Dims } from "./shape-rules";
import type { ShapeTable } from "./shape-inference";

export interface MacEstimate {
  total: number;
  byOp: Record<string, number>;
  /** Op types (as in the op histogram) whose cost was not estimated. */
  uncounted: string[];
  /** How many nodes of each uncounted op type the main graph holds. */
  uncountedCounts: Record<string, number>;
  /** Human-readable assumptions that went into `total`. */
  approximations: string[];
}

const CONTROL_FLOW = new Set(["Loop", "Scan", "If"]);

const NOT_ESTIMATED = new Set([
  "Loop",
  "Scan",
  "If",
  "LSTM",
  "GRU",
  "RNN",
  "Einsum",
  "ConvTranspose",
  "MatMulNBits",
  "QAttention",
  "GroupQueryAttention",
  "DecoderAttention",
  "DecoderMaskedMultiHeadAttention",
  "QOrderedAttention",
  "SVMClassifier",
  "SVMRegressor",
  "TreeEnsembleClassifier",
  "TreeEnsembleRegressor",
  "TreeEnsemble",
]);

export function estimateMacs(
  graph: onnx.IGraphProto,
  table: ShapeTable,
  sequenceLength: number,
  localFunctions: ReadonlySet<string> = new Set(),
): MacEstimate {
  const byOp: Record<string, number> = {};
  const uncountedCounts: Record<string, number> = {};
  const countUncounted = (key: string) => {
    uncountedCounts[key] = (uncountedCounts[key] ?? 0) + 1;
  };
  const approximations: string[] = [];
  const batch = table.fixedBatch ?? 1;
  if (batch > 1) approximations.push(`The graph has a fixed batch of ${batch}; its MACs are divided by ${batch}.`);
  const shape = (node: onnx.INodeProto, index: number) => {
    const name = inputName(node, index);
    return name === undefined ? undefined : known(table.shapes.get(name));
  };

  for (const node of graph.node ?? []) {
    const op = node.opType ?? "";
    const key = opKey(node);
    let macs: number | undefined;
    const matMul = MATMUL_OPERANDS[op];
    const conv = CONV_OPERANDS[op];
    if (matMul) {
      macs = matMulMacs(
        node,
        shape(node, matMul[0]),
        shape(node, matMul[1]),
        known(table.shapes.get(node.output?.[0] ?? "")),
      );
      if (macs === undefined) {
        const weight = shape(node, matMul[1]);
        if (weight?.length === 2 && table.constants.has(inputName(node, matMul[1]) ?? "")) {
          macs = weight[0]! * weight[1]! * sequenceLength;
          approximations.push(
            `${key} "${node.name ?? ""}": input shape unknown, assumed ${sequenceLength} rows (one per token).`,
          );
        }
      }
    } else if (op === "Gemm") {
      const output = known(table.shapes.get(node.output?.[0] ?? ""));
      const left = shape(node, 0);
      if (output && left?.length === 2) macs = product(output)! * (hasTranspose(node, "transA") ? left[0]! : left[1]!);
    } else if (conv) {
      const output = known(table.shapes.get(node.output?.[0] ?? ""));
      const weight = shape(node, conv[1]);
      if (output && weight) macs = product(output)! * product(weight.slice(1))!;
    } else if (op === "Attention" || op === "MultiHeadAttention") {
      macs = attentionMacs(node, [shape(node, 0), shape(node, 1), shape(node, 2)]);
    } else if (op === "LinearClassifier" || op === "LinearRegressor") {
      const rows = shape(node, 0)?.[0] ?? 1;
      macs = rows * (attributeFloats(node, "coefficients")?.length ?? 0);
    } else if (NOT_ESTIMATED.has(op) || localFunctions.has(`${node.domain ?? ""}::${op}`)) {
      countUncounted(key);
      if (CONTROL_FLOW.has(op) && normalizeDomain(node.domain) === "ai.onnx") {
        approximations.push(
          `${key} "${node.name ?? ""}": its subgraphs' ${subgraphNodeCount(node)} nodes are not in the total.`,
        );
      }
      continue;
    } else {
      continue;
    }
    if (macs === undefined) countUncounted(key);
    else byOp[key] = (byOp[key] ?? 0) + macs / batch;
  }
  const total = Object.values(byOp).reduce((sum, value) => sum + value, 0);
  return { total, byOp, uncounted: Object.keys(uncountedCounts).sort(), uncountedCounts, approximations };
}

/** Nodes in a node's subgraphs, nested ones included. */
function subgraphNodeCount(node: onnx.INodeProto): number {
  let count = 0;
  for (const attribute of node.attribute ?? []) {
    for (const subgraph of [...(attribute.g ? [attribute.g] : []), ...(attribute.graphs ?? [])]) {
      for (const { graph } of walkGraphs(subgraph)) count += (graph.node ?? []).length;
    }
  }
  return count;
}

/** A shape with every dim known, or undefined. */
function known(dims: Dims | undefined): number[] | undefined {
  return dims && dims.every((dim) => dim !== null) ? (dims as number[]) : undefined;
}

function hasTranspose(node: onnx.INodeProto, name: string): boolean {
  return attributeInt(node, name, 0) === 1;
}

/** MACs = (elements of the output) x (shared dimension K). Covers weight MatMuls and Q·Kᵀ / P·V alike. */
function matMulMacs(
  node: onnx.INodeProto,
  left: number[] | undefined,
  right: number[] | undefined,
  output: number[] | undefined,
) {
  if (!left || !right || !output || left.length === 0) return undefined;
  const shared = hasTranspose(node, "transA") && left.length >= 2 ? left.at(-2)! : left.at(-1)!;
  return product(output)! * shared;
}

/**
 * Projections (com.microsoft Attention packs Q, K and V weights into one [H, 3H] input) plus the two attention
 * products, scores Q·Kᵀ and context P·V, each S_q·S_kv·d per head.
 */
function attentionMacs(node: onnx.INodeProto, [first, second, third]: (number[] | undefined)[]): number | undefined {
  if (node.domain === "com.microsoft" && node.opType === "Attention") {
    if (first?.length !== 3 || second?.length !== 2) return undefined;
    const [batch, sequence, hidden] = first as [number, number, number];
    const sizes = attributeInts(node, "qkv_hidden_sizes") ?? [second[1]! / 3, second[1]! / 3, second[1]! / 3];
    const [queryHidden, , valueHidden] = sizes as [number, number, number];
    return batch * sequence * hidden * second[1]! + batch * sequence * sequence * (queryHidden + valueHidden);
  }
  if (!first || !second || !third || first.length !== second.length || first.length < 3) return undefined;
  if (first.length === 4) {
    const [batch, heads, queryLength, depth] = first as [number, number, number, number];
    return batch * heads * queryLength * second[2]! * (depth + third[3]!);
  }
  const [batch, queryLength, queryHidden] = first as [number, number, number];
  return batch * queryLength * second[1]! * (queryHidden + third[2]!);
}
