/**
 * The runner refuses a submission carrying the evaluation inputs before running it: a LabelEncoder over the real
 * SST-2 test sentences, as a bare .onnx, fails validation with EVALUATION_DATA_IN_MODEL naming the split. The
 * lookup models are also run in onnxruntime, to show they are real attacks (they answer every sentence right)
 * and that our MurmurHash3 is the one onnxruntime's op computes.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashedLookupTableModel, lookupTableModel } from "../../lib/onnx/gaming-models";
import { bagOfWordsClassifier } from "../../lib/onnx/test-models";
import { resolveDatasetsRoot } from "../../lib/tasks/datasets-root";
import { loadExamples } from "../../lib/tasks/load-examples";
import { getTaskDefinition } from "../../lib/tasks/registry";
import { prepareSubmission } from "./prepare-submission";

const datasetsRoot = resolveDatasetsRoot();
const sst2 = getTaskDefinition("sst2");

async function predict(bytes: Uint8Array, texts: string[]): Promise<number[]> {
  const session = await ort.InferenceSession.create(bytes);
  const output = await session.run({ text: new ort.Tensor("string", texts, [texts.length]) });
  return Array.from(output.label!.data as BigInt64Array, Number);
}

describe.skipIf(!existsSync(path.join(datasetsRoot, sst2.splits.test.path)))("submissions carrying SST-2's evaluation inputs", () => {
  let workDir: string;
  let test: Awaited<ReturnType<typeof loadExamples>>;
  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-evaluation-data-"));
    test = await loadExamples(sst2.splits.test, datasetsRoot, sst2);
  });
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  async function refusal(bytes: Uint8Array, name: string) {
    const file = path.join(workDir, `${name}.onnx`);
    await writeFile(file, bytes);
    return prepareSubmission(file, path.join(workDir, name), sst2, datasetsRoot).then(
      () => expect.unreachable("the submission should have been refused"),
      (error: { code: string; message: string }) => error,
    );
  }

  it("refuses a LabelEncoder over the real test sentences, which answers them all right, naming the split", async () => {
    const texts = test.inputs.map(([text]) => text!);
    const bytes = lookupTableModel(texts, test.labels);
    expect(await predict(bytes, texts.slice(0, 200))).toEqual(test.labels.slice(0, 200));
    const error = await refusal(bytes, "lookup");
    expect(error.code).toBe("EVALUATION_DATA_IN_MODEL");
    expect(error.message).toMatch(/holds 18\d\d of the 1821 input texts of the task's "test" split \(whole text/);
  });

  it("refuses a MurmurHash3-keyed table, which onnxruntime's own MurmurHash3 op answers right", async () => {
    const texts = test.inputs.map(([text]) => text!);
    const bytes = hashedLookupTableModel(texts, test.labels, 99);
    expect(await predict(bytes, texts.slice(0, 200))).toEqual(test.labels.slice(0, 200));
    const error = await refusal(bytes, "hashed");
    expect(error.code).toBe("EVALUATION_DATA_IN_MODEL");
    expect(error.message).toContain(`"test" split (hashed text`);
  });

  it("accepts an ordinary model", async () => {
    const { bytes } = bagOfWordsClassifier({ vocabSize: 300, embeddingDim: 8, labelCount: 2, seed: 2 });
    const file = path.join(workDir, "ordinary.onnx");
    await writeFile(file, bytes);
    // A token-id graph without a manifest is refused for that reason, after the evaluation-data check passed.
    await expect(prepareSubmission(file, path.join(workDir, "ordinary"), sst2, datasetsRoot)).rejects.toMatchObject({ code: "MANIFEST_REQUIRED" });
  });
});
