/**
 * The baselines kit's ONNX export, run in onnxruntime-node (only runner/ may import it): every graph must score
 * what the training code scores, for inputs encoded the way the runner encodes them (its batch encoder, padded
 * batches included), and the ids the runner computes must be the ids training used.
 */
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import type { BuiltBaseline } from "../tools/baselines/built-baseline";
import { argmax } from "../tools/baselines/losses";
import { buildTinyKit, SAMPLE_PAIRS, SAMPLE_TEXTS } from "../test-support/baselines/tiny-kit";
import { encodeExample, encoderFor } from "../tools/baselines/word-tokenizer";
import { createBatchEncoder } from "./child/batch-encoder";

const kit = buildTinyKit(3);

function samplesFor(baseline: BuiltBaseline): string[][] {
  return (baseline.card.task === "rte" ? SAMPLE_PAIRS : SAMPLE_TEXTS).map((fields) => [...fields]);
}

async function runnerLogits(
  baseline: BuiltBaseline,
  examples: string[][],
  optimization: ort.InferenceSession.SessionOptions["graphOptimizationLevel"] = "all",
): Promise<{ logits: Float32Array; ids: bigint[][] }> {
  const { manifest, tokenizerText, modelBytes } = baseline.files;
  const encoded = createBatchEncoder({ jsonText: tokenizerText, maxLength: manifest.maxSequenceLength! }).encode(
    examples,
  );
  const dims = [encoded.batchSize, encoded.sequenceLength];
  const byRole = {
    input_ids: encoded.inputIds,
    attention_mask: encoded.attentionMask,
    token_type_ids: encoded.tokenTypeIds,
  };
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, role] of Object.entries(manifest.inputs))
    feeds[name] = new ort.Tensor("int64", byRole[role as keyof typeof byRole], dims);
  const session = await ort.InferenceSession.create(modelBytes, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: optimization,
  });
  try {
    const output = (await session.run(feeds))[manifest.output.name];
    if (!output) throw new Error("no logits");
    expect(output.dims).toEqual([examples.length, manifest.output.labels.length]);
    const ids = Array.from({ length: encoded.batchSize }, (_, row) => {
      const start = row * encoded.sequenceLength;
      const rowIds = Array.from(encoded.inputIds.subarray(start, start + encoded.sequenceLength));
      const length = Array.from(encoded.attentionMask.subarray(start, start + encoded.sequenceLength)).filter(
        (m) => m === 1n,
      ).length;
      return rowIds.slice(0, length);
    });
    return { logits: output.data as Float32Array, ids };
  } finally {
    await session.release();
  }
}

/**
 * onnxruntime's default ("all") optimisations rewrite DequantizeLinear -> MatMul on int8 weights into its
 * com.microsoft MatMulNBits kernel, which computes in lower precision: the int8 graphs' logits then move by up
 * to about 1e-2. Their graph semantics are checked exactly with those rewrites off ("basic"); with them on, the
 * predicted labels must still agree.
 */
const INT8_DEFAULT_TOLERANCE = 2e-2;

function expectLogitsClose(
  actual: Float32Array,
  expected: readonly Float64Array[],
  labelCount: number,
  tolerance: number,
) {
  expected.forEach((row, index) => {
    const scores = Array.from(actual.subarray(index * labelCount, (index + 1) * labelCount));
    scores.forEach((value, label) =>
      expect(Math.abs(value - row[label]!), `example ${index}, label ${label}`).toBeLessThanOrEqual(tolerance),
    );
    expect(argmax(scores), `example ${index}`).toBe(argmax(row));
  });
}

describe("baselines in onnxruntime-node", () => {
  it.each(kit.map((baseline) => [baseline.card.name, baseline] as const))(
    "%s: the graph's logits equal the training code's, in a padded batch and one by one",
    async (_name, baseline) => {
      const examples = samplesFor(baseline);
      const encoder = encoderFor(baseline.files.tokenizerText, baseline.files.manifest.maxSequenceLength!);
      const trainingExamples = examples.map((fields) => encodeExample(encoder, fields));
      const expected = baseline.referenceLogits(trainingExamples);
      const labelCount = baseline.files.manifest.output.labels.length;

      const int8 = baseline.card.weightPrecision === "int8";
      const defaultTolerance = int8 ? INT8_DEFAULT_TOLERANCE : 1e-4;
      const batch = await runnerLogits(baseline, examples);
      // Tokenizer round trip: the runner's batch encoder gives the ids training used.
      expect(batch.ids).toEqual(trainingExamples.map((example) => Array.from(example.ids, BigInt)));
      expectLogitsClose(batch.logits, expected, labelCount, defaultTolerance);
      expectLogitsClose((await runnerLogits(baseline, examples, "basic")).logits, expected, labelCount, 1e-4);

      for (const [index, fields] of examples.entries()) {
        const alone = await runnerLogits(baseline, [fields]);
        expectLogitsClose(alone.logits, [expected[index]!], labelCount, defaultTolerance);
      }
    },
  );
});
