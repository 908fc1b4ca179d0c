/**
 * The word-order CNN (conv-model.ts) as an ONNX graph. It computes what `convForward` computes, for a padded batch:
 * padding embeddings are zeroed before the convolution (so a window at a sentence's end sees zeros, as the
 * training code's "same" padding does), and padding positions are zeroed after the ReLU (zeros never win a max of
 * ReLU outputs that also has a real position), so a sentence scores the same alone or padded in a batch.
 *
 *   inputs  input_ids, attention_mask   int64 [batch, sequence]
 *   output  logits                      float [batch, labels]
 */
import { elemTypeCode } from "../../lib/onnx/data-types";
import { graph, model, node, tensor, valueInfo } from "../../lib/onnx/graph-builder";
import type { ConvModel } from "./conv-model";

const FLOAT = elemTypeCode("float32");

export function exportConvModel(conv: ConvModel, options: { producer?: string } = {}): Uint8Array {
  const { vocabSize, embeddingDim, filters, width, labelCount } = conv.architecture;
  const half = (width - 1) / 2;
  return model({
    producer: options.producer ?? "joulebench-baselines",
    graph: graph({
      name: "word_order_cnn",
      inputs: [
        valueInfo("input_ids", "int64", ["batch", "sequence"]),
        valueInfo("attention_mask", "int64", ["batch", "sequence"]),
      ],
      outputs: [valueInfo("logits", "float32", ["batch", labelCount])],
      initializers: [
        tensor("embedding", [vocabSize, embeddingDim], conv.embedding.values),
        tensor("conv_weight", [filters, embeddingDim, width], conv.convWeight.values),
        tensor("conv_bias", [filters], conv.convBias.values),
        tensor("output_weight", [filters, labelCount], conv.outputWeight.values),
        tensor("output_bias", [labelCount], conv.outputBias.values),
        tensor("last_axis", [1], BigInt64Array.of(-1n)),
        tensor("channel_axis", [1], BigInt64Array.of(1n)),
      ],
      nodes: [
        node("Cast", ["attention_mask"], ["mask"], { to: FLOAT }),
        node("Gather", ["embedding", "input_ids"], ["token_vectors"], { axis: 0 }),
        node("Unsqueeze", ["mask", "last_axis"], ["mask_column"]),
        node("Mul", ["token_vectors", "mask_column"], ["masked_vectors"]),
        // [batch, sequence, dim] -> [batch, dim, sequence]: Conv's channels-first layout.
        node("Transpose", ["masked_vectors"], ["channels"], { perm: [0, 2, 1] }),
        node("Conv", ["channels", "conv_weight", "conv_bias"], ["windows"], {
          kernel_shape: [width],
          pads: [half, half],
        }),
        node("Relu", ["windows"], ["activations"]),
        node("Unsqueeze", ["mask", "channel_axis"], ["mask_row"]),
        node("Mul", ["activations", "mask_row"], ["masked_activations"]),
        node("ReduceMax", ["masked_activations"], ["pooled"], { axes: [2], keepdims: 0 }),
        node("MatMul", ["pooled", "output_weight"], ["output_projected"]),
        node("Add", ["output_projected", "output_bias"], ["logits"]),
      ],
    }),
  });
}
