/**
 * Test support: the adversarial model of issue #8 item 2. An `If` on the batch size: a batch of one (the latency
 * pass's single-stream queries) takes a cheap branch, any larger batch (the accuracy pass) takes the branch that is
 * scored. Here the two branches simply answer different classes, so the runner must see the answers differ.
 * Interface as the runner feeds a classifier: input_ids and attention_mask int64 [batch, sequence], logits [batch, 2].
 */
import { graph, model, node, tensor, valueInfo } from "../../lib/onnx/graph-builder";

export function batchSizeBranchModel(): Uint8Array {
  const branch = (name: string, bias: number[]) =>
    graph({
      name,
      inputs: [],
      outputs: [valueInfo(`${name}_logits`, "float32", ["batch", 2])],
      nodes: [node("Add", ["zeros", `${name}_bias`], [`${name}_logits`])],
      initializers: [tensor(`${name}_bias`, [2], new Float32Array(bias))],
    });
  return model({
    producer: "joulebench-adversarial-models",
    graph: graph({
      name: "batch_size_branch",
      inputs: [
        valueInfo("input_ids", "int64", ["batch", "sequence"]),
        valueInfo("attention_mask", "int64", ["batch", "sequence"]),
      ],
      outputs: [valueInfo("logits", "float32", ["batch", 2])],
      initializers: [
        tensor("batch_start", [1], new BigInt64Array([0n])),
        tensor("batch_end", [1], new BigInt64Array([1n])),
        tensor("two", [1], new BigInt64Array([2n])),
        tensor("one", [1], new BigInt64Array([1n])),
      ],
      nodes: [
        node("Shape", ["input_ids"], ["ids_shape"]),
        node("Slice", ["ids_shape", "batch_start", "batch_end"], ["batch"]),
        node("Concat", ["batch", "two"], ["zeros_shape"], { axis: 0 }),
        node("ConstantOfShape", ["zeros_shape"], ["zeros"], { value: tensor("zero", [1], new Float32Array([0])) }),
        node("Equal", ["batch", "one"], ["single_query"]),
        // timed path (batch 1): always class 0; scored path (batched): always class 1
        node("If", ["single_query"], ["logits"], {
          then_branch: branch("timed", [1, 0]),
          else_branch: branch("scored", [0, 1]),
        }),
      ],
    }),
  });
}
