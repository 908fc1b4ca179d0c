/**
 * Runs the generated models of test-support/onnx/test-models.ts in onnxruntime-node (only runner/ may import it), so the
 * runner's own tests can rely on what they do: the classifier matches its TypeScript reference, and each hostile
 * model misbehaves in the way its name says.
 */
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import {
  bagOfWordsClassifier,
  bagOfWordsReference,
  memoryHogModel,
  nanOutputModel,
  slowModel,
  wrongShapeOutputModel,
} from "../test-support/onnx/test-models";

function classifierFeeds(ids: number[][], mask: number[][]): Record<string, ort.Tensor> {
  const dims = [ids.length, ids[0]?.length ?? 0];
  return {
    input_ids: new ort.Tensor("int64", BigInt64Array.from(ids.flat(), BigInt), dims),
    attention_mask: new ort.Tensor("int64", BigInt64Array.from(mask.flat(), BigInt), dims),
  };
}

const SMALL_BATCH = classifierFeeds(
  [
    [1, 2, 3, 0],
    [4, 5, 0, 0],
  ],
  [
    [1, 1, 1, 0],
    [1, 1, 0, 0],
  ],
);

async function run(bytes: Uint8Array, feeds = SMALL_BATCH): Promise<ort.Tensor> {
  // One thread: timings in these tests then depend on the work done, not on how many cores the machine has.
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    const { logits } = await session.run(feeds);
    if (!logits) throw new Error("the model produced no logits");
    return logits;
  } finally {
    await session.release();
  }
}

describe("generated models in onnxruntime-node", () => {
  it("bagOfWordsClassifier matches its TypeScript reference within 1e-5", async () => {
    const { bytes, weights } = bagOfWordsClassifier({ vocabSize: 500, embeddingDim: 32, labelCount: 3, seed: 2024 });
    const ids = [
      [101, 7, 499, 23, 0, 0],
      [5, 5, 5, 5, 5, 5],
      [0, 1, 2, 3, 4, 0],
      [42, 0, 0, 0, 0, 0],
      [9, 8, 7, 0, 0, 0],
    ];
    const mask = [
      [1, 1, 1, 1, 0, 0],
      [1, 1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1, 0],
      [1, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
    ];
    const logits = await run(bytes, classifierFeeds(ids, mask));
    expect(logits.dims).toEqual([5, 3]);
    const expected = bagOfWordsReference(weights, ids, mask).flat();
    const actual = Array.from(logits.data as Float32Array);
    expect(actual).toHaveLength(expected.length);
    actual.forEach((value, index) => expect(Math.abs(value - expected[index]!)).toBeLessThan(1e-5));
    // Not a vacuous match: the examples do not all get the same logits.
    expect(new Set(actual.map((value) => value.toFixed(4))).size).toBeGreaterThan(3);
  });

  it("nanOutputModel yields NaN logits of the expected shape", async () => {
    const logits = await run(nanOutputModel({ labelCount: 2 }));
    expect(logits.dims).toEqual([2, 2]);
    expect(Array.from(logits.data as Float32Array).every(Number.isNaN)).toBe(true);
  });

  it("slowModel does measurably more work with more iterations", async () => {
    // CPU time of this process, not wall time: other processes on a busy machine stretch the wall clock of either
    // run arbitrarily, but not the work this process does. Only session.run is counted: creating a session costs
    // about the same for both models. 2000 iterations are 400 times the work of 5; 10 times is asked.
    const cpuMicrosOfRun = async (iterations: number) => {
      const session = await ort.InferenceSession.create(slowModel(iterations, { dimension: 64 }), {
        intraOpNumThreads: 1,
      });
      try {
        const before = process.cpuUsage();
        await session.run(SMALL_BATCH);
        const used = process.cpuUsage(before);
        return used.user + used.system;
      } finally {
        await session.release();
      }
    };
    await cpuMicrosOfRun(1); // warm-up
    const quick = await cpuMicrosOfRun(5);
    const slow = await cpuMicrosOfRun(2000);
    expect(slow).toBeGreaterThan(quick * 10);
  });

  it("memoryHogModel with a small size runs and returns zero logits", async () => {
    const logits = await run(memoryHogModel(16 * 1024 * 1024));
    expect(logits.dims).toEqual([2, 2]);
    expect(Array.from(logits.data as Float32Array)).toEqual([0, 0, 0, 0]);
  });

  it("memoryHogModel sizes its allocation at run time: the session loads, the run asks for the bytes", async () => {
    // 2^62 bytes exceed any address space, so the allocation fails whatever the machine's overcommit policy.
    const session = await ort.InferenceSession.create(memoryHogModel(2 ** 62), { intraOpNumThreads: 1 });
    try {
      await expect(session.run(SMALL_BATCH)).rejects.toThrow(
        /Failed to allocate memory for requested buffer of size 4611686018427387904/,
      );
    } finally {
      await session.release();
    }
  });

  it("wrongShapeOutputModel produces the wrong shape even when its signature claims the right one", async () => {
    expect((await run(wrongShapeOutputModel({ labelCount: 2 }))).dims).toEqual([2, 5]);
    expect((await run(wrongShapeOutputModel({ labelCount: 2, kind: "rank-3", lieInSignature: true }))).dims).toEqual([
      2, 1, 2,
    ]);
  });
});
