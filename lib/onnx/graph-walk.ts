/**
 * Walks every graph of a model: the main graph and the subgraphs held in node attributes (Loop and Scan bodies,
 * If branches). Security checks must see all of them: a custom-domain op or an external-data path hidden in a
 * Loop body is as dangerous as one in the main graph.
 */
import type { onnx } from "onnx-proto";

export interface GraphVisit {
  graph: onnx.IGraphProto;
  /** "main" or e.g. "main/loop_0.body", for error messages. */
  path: string;
  /** The main graph is depth 0; MAC estimation only looks at depth 0 (see mac-estimate.ts). */
  depth: number;
}

export function* walkGraphs(graph: onnx.IGraphProto, path = "main", depth = 0): Generator<GraphVisit> {
  yield { graph, path, depth };
  for (const [index, node] of (graph.node ?? []).entries()) {
    for (const attribute of node.attribute ?? []) {
      const subgraphs = [...(attribute.g ? [attribute.g] : []), ...(attribute.graphs ?? [])];
      for (const subgraph of subgraphs) {
        yield* walkGraphs(subgraph, `${path}/${node.name || `${node.opType}#${index}`}.${attribute.name}`, depth + 1);
      }
    }
  }
}

/** Every tensor stored in a graph: initializers, sparse initializers' parts, and tensors in node attributes. */
export function* graphTensors(graph: onnx.IGraphProto): Generator<onnx.ITensorProto> {
  yield* graph.initializer ?? [];
  for (const sparse of graph.sparseInitializer ?? []) {
    if (sparse.values) yield sparse.values;
    if (sparse.indices) yield sparse.indices;
  }
  for (const node of graph.node ?? []) yield* nodeAttributeTensors(node);
}

export function* nodeAttributeTensors(node: onnx.INodeProto): Generator<onnx.ITensorProto> {
  for (const attribute of node.attribute ?? []) {
    if (attribute.t) yield attribute.t;
    yield* attribute.tensors ?? [];
    if (attribute.sparseTensor?.values) yield attribute.sparseTensor.values;
    if (attribute.sparseTensor?.indices) yield attribute.sparseTensor.indices;
  }
}

/** The default ONNX domain is spelled "" or "ai.onnx"; reports use "ai.onnx". */
export function normalizeDomain(domain: string | null | undefined): string {
  return domain === "" || domain === null || domain === undefined ? "ai.onnx" : domain;
}

export function opKey(node: onnx.INodeProto): string {
  const domain = normalizeDomain(node.domain);
  return domain === "ai.onnx" ? (node.opType ?? "") : `${domain}::${node.opType ?? ""}`;
}
