/**
 * Without bubblewrap, evaluateModel refuses to run a model unless the caller asked for the explicit unsafe mode,
 * and a result from that mode says it was not sandboxed. "No bubblewrap" is simulated the way a host without it
 * looks: a PATH on which `bwrap` is missing (or is a bwrap that cannot create namespaces).
 */
import { readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { writeZip } from "../../test-support/bundle/build-zip";
import { bagOfWordsClassifier } from "../../test-support/onnx/test-models";
import { getHardwareProfile } from "../../lib/profiles/hardware-profiles";
import { parseTaskDefinition } from "../../lib/tasks/task-definition";
import { evaluateModel } from "./evaluate-model";
import { describeFailure } from "./evaluation-error";

const TASK = parseTaskDefinition(
  {
    slug: "tiny-sentiment",
    title: "Tiny sentiment",
    inputFields: ["sentence"],
    labels: ["negative", "positive"],
    metrics: ["accuracy"],
    splits: {
      test: {
        path: "test.txt",
        format: "label-text",
        header: false,
        columns: { label: 0, sentence: 1 },
        labelMap: { "0": "negative", "1": "positive" },
      },
    },
    source: { description: "sentences written for this test", url: "https://example.com/tiny" },
  },
  "tiny-sentiment",
);

let scratch: string;
let bundlePath: string;
const originalPath = process.env.PATH;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "joulebench-unsandboxed-"));
  await mkdir(path.join(scratch, "datasets"));
  await mkdir(path.join(scratch, "no-bwrap"));
  await mkdir(path.join(scratch, "broken-bwrap"));
  await writeFile(
    path.join(scratch, "datasets", "test.txt"),
    "0 the plot was boring .\n1 i loved it !\n0 terrible acting .\n1 great movie !\n",
  );
  // A bwrap like the one on a host whose kernel forbids unprivileged user namespaces.
  await writeFile(
    path.join(scratch, "broken-bwrap", "bwrap"),
    "#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n",
  );
  await chmod(path.join(scratch, "broken-bwrap", "bwrap"), 0o755);
  bundlePath = path.join(scratch, "bundle.zip");
  await writeZip(bundlePath, [
    {
      name: "model.onnx",
      data: Buffer.from(bagOfWordsClassifier({ vocabSize: 20, embeddingDim: 8, labelCount: 2, seed: 5 }).bytes),
    },
    {
      name: "tokenizer.json",
      data: readFileSync(new URL("../../lib/tokenize/fixtures/wordlevel-tokenizer.json", import.meta.url), "utf8"),
    },
    {
      name: "joulebench.json",
      data: JSON.stringify({
        schemaVersion: 1,
        inputs: { input_ids: "input_ids", attention_mask: "attention_mask" },
        maxSequenceLength: 16,
        tokenizer: "tokenizer.json",
        output: { name: "logits", scores: "logits", labels: ["negative", "positive"] },
      }),
    },
  ]);
});
afterEach(() => {
  process.env.PATH = originalPath;
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function evaluate(sandbox: boolean) {
  const workRoot = await mkdtemp(path.join(scratch, "work-"));
  const outcome = await evaluateModel({
    bundlePath,
    task: TASK,
    datasetsRoot: path.join(scratch, "datasets"),
    profile: getHardwareProfile("cpu-1t"),
    protocol: { blocks: 2, warmupQueries: 2, minQueries: 20, minDurationMs: 100, throughputMinDurationMs: 100 },
    sandbox,
    workRoot,
    // Outside the repository, as with a JOULEBENCH_DATA_DIR elsewhere: the unsafe child must still find onnxruntime.
    childBundleDir: path.join(scratch, "child"),
  }).then(
    (report) => ({ report, failure: undefined }),
    (error: unknown) => ({ report: undefined, failure: describeFailure(error) }),
  );
  return { ...outcome, workFiles: await readdir(workRoot) };
}

describe("evaluateModel where bubblewrap is missing", () => {
  it("refuses to run the model, and says how to fix it", async () => {
    process.env.PATH = path.join(scratch, "no-bwrap");
    const run = await evaluate(true);
    expect(run.failure?.code).toBe("SANDBOX_UNAVAILABLE");
    expect(run.failure?.message).toMatch(
      /bubblewrap \(bwrap\) is not installed.*apt-get install -y bubblewrap.*--unsafe-no-sandbox/,
    );
    expect(run.workFiles).toEqual([]); // refused before the bundle was even opened
  });

  it("refuses too when bwrap is there but cannot create its sandbox, quoting why", async () => {
    process.env.PATH = path.join(scratch, "broken-bwrap");
    const run = await evaluate(true);
    expect(run.failure?.code).toBe("SANDBOX_UNAVAILABLE");
    expect(run.failure?.message).toMatch(
      /cannot create its sandbox on this host: bwrap: setting up uid map: Permission denied/,
    );
  });

  it("runs in the explicit unsafe mode, and the report says it was not sandboxed", async () => {
    process.env.PATH = path.join(scratch, "no-bwrap");
    const run = await evaluate(false);
    expect(run.failure).toBeUndefined();
    expect(run.report).toMatchObject({ status: "ok", sandboxed: false });
    expect(run.report?.scores[0]?.examples).toBe(4);
    expect(run.workFiles).toEqual([]);
  });
});

describe("evaluateModel where bubblewrap works", () => {
  it("runs sandboxed, and says so", async () => {
    const run = await evaluate(true);
    expect(run.failure).toBeUndefined();
    expect(run.report).toMatchObject({ status: "ok", sandboxed: true });
  });
});
