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
import { hashedLookupTableModel, lookupTableModel } from "../../test-support/onnx/gaming-models";
import { bagOfWordsClassifier } from "../../test-support/onnx/test-models";
import { resolveDatasetsRoot } from "../../lib/tasks/datasets-root";
import { loadExamples } from "../../lib/tasks/load-examples";
import { getTaskDefinition } from "../../lib/tasks/shipped-tasks";
import { parseTaskDefinition } from "../../lib/tasks/task-definition";
import { prepareSubmission } from "./prepare-submission";

const datasetsRoot = resolveDatasetsRoot();
const sst2 = getTaskDefinition("sst2");

async function predict(bytes: Uint8Array, texts: string[]): Promise<number[]> {
  const session = await ort.InferenceSession.create(bytes);
  const output = await session.run({ text: new ort.Tensor("string", texts, [texts.length]) });
  return Array.from(output.label!.data as BigInt64Array, Number);
}

describe.skipIf(!existsSync(path.join(datasetsRoot, sst2.splits.test.path)))(
  "submissions carrying SST-2's evaluation inputs",
  () => {
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
      await expect(prepareSubmission(file, path.join(workDir, "ordinary"), sst2, datasetsRoot)).rejects.toMatchObject({
        code: "MANIFEST_REQUIRED",
      });
    });
  },
);

describe("a submission carrying the hidden audit split's texts", () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), "joulebench-audit-data-"));
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it("is refused, naming the audit split without telling its size", async () => {
    const rewrites = Array.from(
      { length: 40 },
      (_, i) => `rewrite ${i}: the film ${i % 2 ? "delights" : "bores"} from its first scene to its last`,
    );
    await writeFile(path.join(scratch, "test.txt"), "1 a fine film\n0 a poor film\n");
    await writeFile(path.join(scratch, "audit.txt"), `${rewrites.map((text, i) => `${i % 2} ${text}`).join("\n")}\n`);
    const spec = (file: string) => ({
      path: file,
      format: "label-text",
      header: false,
      columns: { label: 0, sentence: 1 },
      labelMap: { "0": "negative", "1": "positive" },
    });
    const task = parseTaskDefinition({
      slug: "audited",
      title: "Audited",
      inputFields: ["sentence"],
      labels: ["negative", "positive"],
      metrics: ["accuracy"],
      splits: { test: spec("test.txt"), audit: { ...spec("audit.txt"), maxScoreGap: 0.2 } },
      source: { description: "written for this test", url: "https://example.com" },
    });
    const file = path.join(scratch, "leaked.onnx");
    await writeFile(
      file,
      lookupTableModel(
        rewrites,
        rewrites.map((_, i) => i % 2),
      ),
    );
    const error = await prepareSubmission(file, path.join(scratch, "work"), task, scratch).then(
      () => expect.unreachable("the submission should have been refused"),
      (failure: { code: string; message: string }) => failure,
    );
    expect(error.code).toBe("EVALUATION_DATA_IN_MODEL");
    expect(error.message).toContain("holds 40 input texts of the task's hidden audit split (whole text");
    expect(error.message).not.toContain("of the 40");
  });
});
