/**
 * Nodes in an order where producers come before consumers. The ONNX spec requires graphs to be sorted, but real
 * exporters do not always comply (skl2onnx's pipelines are not) and onnxruntime sorts them itself, so shape
 * inference must too. Nodes caught in a cycle (an invalid model) keep their file order at the end.
 */
import type { onnx } from "onnx-proto";

export function topologicalOrder(nodes: readonly onnx.INodeProto[]): onnx.INodeProto[] {
  const producer = new Map<string, number>();
  nodes.forEach((node, index) => {
    for (const output of node.output ?? []) if (output) producer.set(output, index);
  });
  const waitingOn = nodes.map(() => 0);
  const consumers = nodes.map((): number[] => []);
  nodes.forEach((node, index) => {
    const dependencies = new Set<number>();
    for (const input of node.input ?? []) {
      const source = input ? producer.get(input) : undefined;
      if (source !== undefined && source !== index) dependencies.add(source);
    }
    waitingOn[index] = dependencies.size;
    for (const source of dependencies) consumers[source]!.push(index);
  });

  const ready = nodes.map((_, index) => index).filter((index) => waitingOn[index] === 0);
  const ordered: number[] = [];
  for (let cursor = 0; cursor < ready.length; cursor++) {
    const index = ready[cursor]!;
    ordered.push(index);
    for (const consumer of consumers[index]!) {
      waitingOn[consumer]! -= 1;
      if (waitingOn[consumer] === 0) ready.push(consumer);
    }
  }
  const placed = new Set(ordered);
  const stuck = nodes.map((_, index) => index).filter((index) => !placed.has(index));
  return [...ordered, ...stuck].map((index) => nodes[index]!);
}
