/**
 * Hostile and broken submissions, each through the whole evaluateModel pipeline with the real sandbox: every one
 * must fail with its stable code and a message the team can act on, leave nothing behind (work folder, memory
 * cgroup, processes), and the same runner process must go on to evaluate a good model afterwards.
 */
import { accessSync, constants, existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { writeZip, falsifyDeclaredSize, type ZipFixtureEntry } from "../../test-support/bundle/build-zip";
import { graph, model, node, tensor, valueInfo } from "../../lib/onnx/graph-builder";
import {
  bagOfWordsClassifier,
  memoryHogModel,
  nanOutputModel,
  slowModel,
  wrongShapeOutputModel,
} from "../../test-support/onnx/test-models";
import { getHardwareProfile } from "../../lib/profiles/hardware-profiles";
import { parseTaskDefinition } from "../../lib/tasks/task-definition";
import { evaluateModel, type EvaluationStage } from "./evaluate-model";
import { describeFailure } from "./evaluation-error";

// Every memory cgroup the runner creates, and what it read from it, so the test can check it is gone afterwards
// and that the kernel (not a crash or a swap storm) stopped the memory hog. The real implementation does the work.
const observed = vi.hoisted(() => ({
  limits: [] as { name: string; mechanism: string; usage?: { peakBytes: number | null; oomKilled: boolean } }[],
}));
vi.mock("../sandbox/memory-limit", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../sandbox/memory-limit")>();
  return {
    ...actual,
    createMemoryLimit: async (name: string, capBytes: number) => {
      const limit = await actual.createMemoryLimit(name, capBytes);
      const record: (typeof observed.limits)[number] = { name, mechanism: limit.mechanism };
      observed.limits.push(record);
      return { ...limit, readUsage: async () => (record.usage = await limit.readUsage()) };
    },
  };
});

const cgroupDirectory = (limit: { name: string; mechanism: string }) =>
  path.join(
    limit.mechanism === "cgroup-v2" ? "/sys/fs/cgroup/joulebench" : "/sys/fs/cgroup/memory/joulebench",
    limit.name,
  );
/** Where the host offers a writable cgroup v1 memory controller (as here), the runner must use it. */
const hostHasCgroupV1 = (() => {
  try {
    accessSync("/sys/fs/cgroup/memory/cgroup.procs", constants.W_OK);
    return true;
  } catch {
    return false;
  }
})();
const GIB = 2 ** 30;
const TOKENIZER = readFileSync(
  new URL("../../lib/tokenize/fixtures/wordlevel-tokenizer.json", import.meta.url),
  "utf8",
);
const MANIFEST = {
  schemaVersion: 1,
  inputs: { input_ids: "input_ids", attention_mask: "attention_mask" },
  maxSequenceLength: 16,
  tokenizer: "tokenizer.json",
  output: { name: "logits", scores: "logits", labels: ["thumbs-down", "thumbs-up"] },
};
const TASK = parseTaskDefinition(
  {
    slug: "tiny-sentiment",
    title: "Tiny sentiment",
    inputFields: ["sentence"],
    labels: ["thumbs-down", "thumbs-up"],
    metrics: ["accuracy"],
    splits: {
      test: {
        path: "tiny/test.txt",
        format: "label-text",
        header: false,
        columns: { label: 0, sentence: 1 },
        labelMap: { "0": "thumbs-down", "1": "thumbs-up" },
      },
    },
    source: { description: "twenty sentences written for this test", url: "https://example.com/tiny" },
  },
  "tiny-sentiment",
);
const goodModel = () => bagOfWordsClassifier({ vocabSize: 20, embeddingDim: 8, labelCount: 2, seed: 3 }).bytes;

const SENTENCES = Array.from({ length: 20 }, (_, i) =>
  i % 2 ? "i loved it , great acting !" : "the plot was boring and terrible .",
);

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "joulebench-hostile-"));
  await mkdir(path.join(scratch, "datasets", "tiny"), { recursive: true });
  const rows = SENTENCES.map((sentence, i) => `${i % 2} ${sentence}`);
  await writeFile(path.join(scratch, "datasets", "tiny", "test.txt"), `${rows.join("\n")}\n`);
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

let fixtureCount = 0;
async function zipBundle(
  entries: ZipFixtureEntry[] | { model: Uint8Array; manifest?: object; tokenizer?: string },
): Promise<string> {
  const file = path.join(scratch, `bundle-${(fixtureCount += 1)}.zip`);
  const list = Array.isArray(entries)
    ? entries
    : [
        { name: "model.onnx", data: Buffer.from(entries.model) },
        { name: "tokenizer.json", data: entries.tokenizer ?? TOKENIZER },
        { name: "joulebench.json", data: JSON.stringify(entries.manifest ?? MANIFEST) },
      ];
  await writeZip(file, list);
  return file;
}

async function bareModel(bytes: Uint8Array | Buffer): Promise<string> {
  const file = path.join(scratch, `model-${(fixtureCount += 1)}.onnx`);
  await writeFile(file, bytes);
  return file;
}

interface RunOptions {
  timeoutMs?: number;
}

/** Evaluates in a work root of its own, so "nothing left behind" can be checked exactly. */
async function evaluate(bundlePath: string, options: RunOptions = {}) {
  const workRoot = await mkdtemp(path.join(scratch, "work-"));
  const firstLimit = observed.limits.length;
  const stages = new Set<EvaluationStage>();
  let jobText: string | undefined;
  const started = performance.now();
  const outcome = await evaluateModel({
    bundlePath,
    task: TASK,
    datasetsRoot: path.join(scratch, "datasets"),
    profile: getHardwareProfile("cpu-1t"), // its real 2 GiB memory cap
    protocol: {
      blocks: 2,
      warmupQueries: 2,
      minQueries: 20,
      minDurationMs: 100,
      throughputMinDurationMs: 100,
      timeoutMs: options.timeoutMs ?? 60_000,
    },
    sandbox: true,
    workRoot,
    childBundleDir: path.join(scratch, "child"),
    onProgress: ({ stage }) => {
      stages.add(stage);
      // Once the child reports, its job file is on disk (and removed with the work folder afterwards).
      if (stage !== "validating" && jobText === undefined) jobText = readJobFile(workRoot);
    },
  }).then(
    (report) => ({ report, failure: undefined }),
    (error: unknown) => ({ report: undefined, failure: describeFailure(error) }),
  );
  const limits = observed.limits.slice(firstLimit);
  return {
    ...outcome,
    workRoot,
    limits,
    jobText,
    passedValidation: stages.has("evaluating"),
    elapsedMs: performance.now() - started,
  };
}

function readJobFile(workRoot: string): string | undefined {
  const [workDir] = readdirSync(workRoot);
  const file = workDir ? path.join(workRoot, workDir, "job", "job.json") : undefined;
  return file && existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

/** Every key path in a JSON value, e.g. "output.labelCount". */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const here = Array.isArray(value) ? prefix : `${prefix}${prefix ? "." : ""}${key}`;
    return [...(Array.isArray(value) ? [] : [here]), ...keyPaths(inner, here)];
  });
}

/** Runs a submission that must fail with `code`, and checks it harmed nothing. */
async function expectCleanFailure(
  bundlePath: string,
  code: string,
  message: RegExp,
  options: RunOptions & { runsChild?: boolean } = {},
) {
  const run = await evaluate(bundlePath, options);
  expect(run.failure, "the evaluation should have failed").toBeDefined();
  expect(run.failure!.code).toBe(code);
  expect(run.failure!.message).toMatch(message);
  // The message goes to the team: no host paths of the runner in it.
  expect(run.failure!.message).not.toContain(scratch);
  expect(await readdir(run.workRoot), "the work folder must be removed").toEqual([]);
  // Validation failures cost no sandbox; the others must have had one, and released it.
  expect(run.passedValidation).toBe(options.runsChild ?? false);
  expect(run.limits.length).toBe(options.runsChild ? 1 : 0);
  // rmdir of a cgroup fails while any process is inside, so its absence also proves no sandboxed process survived.
  for (const limit of run.limits)
    expect(existsSync(cgroupDirectory(limit)), `cgroup ${limit.name} left behind`).toBe(false);
  expect(processesMentioning(run.workRoot)).toEqual([]);
  return run;
}

/** Command lines of live processes that name `marker` (the sandbox's bwrap/taskset line names the job folder). */
function processesMentioning(marker: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let commandLine = "";
    try {
      commandLine = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
    } catch {
      continue; // exited while we looked
    }
    if (commandLine.includes(marker)) found.push(`${entry}: ${commandLine}`);
  }
  return found;
}

describe("hostile submissions are refused before anything runs", () => {
  it("malformed protobuf: MALFORMED_MODEL", async () => {
    // Passes the ONNX sniff (ir_version 8), then claims a 2 GB graph field that is not there.
    const garbage = Buffer.from([0x08, 0x08, 0x3a, 0xff, 0xff, 0xff, 0xff, 0x07, 0x01, 0x02, 0x03]);
    await expectCleanFailure(await bareModel(garbage), "MALFORMED_MODEL", /not a valid ONNX model/);
    const truncated = goodModel().subarray(0, 200);
    await expectCleanFailure(
      await zipBundle({ model: truncated }),
      "MALFORMED_MODEL",
      /not a valid ONNX model|holds no ONNX graph/,
    );
  });

  it("a graph whose inputs and outputs do not match the manifest: MANIFEST_MISMATCH naming each", async () => {
    const manifest = {
      ...MANIFEST,
      inputs: { token_ids: "input_ids", attention_mask: "attention_mask" },
      output: { ...MANIFEST.output, name: "scores" },
    };
    const run = await expectCleanFailure(
      await zipBundle({ model: goodModel(), manifest }),
      "MANIFEST_MISMATCH",
      /the graph has no input named "token_ids"/,
    );
    expect(run.failure!.message).toMatch(/graph input "input_ids" is not mapped/);
    expect(run.failure!.message).toMatch(/the graph has no output named "scores" \(its outputs: "?logits"?\)/);
    // Declaring its wrong output shape honestly is caught from the signature alone.
    await expectCleanFailure(await zipBundle({ model: wrongShapeOutputModel() }), "MANIFEST_MISMATCH", /output/);
  });

  it("ops from a custom domain: UNSUPPORTED_OP_DOMAIN", async () => {
    const custom = model({
      opsets: [
        { domain: "", version: 17 },
        { domain: "com.example.custom", version: 1 },
      ],
      graph: graph({
        inputs: [
          valueInfo("input_ids", "int64", ["batch", "sequence"]),
          valueInfo("attention_mask", "int64", ["batch", "sequence"]),
        ],
        outputs: [valueInfo("logits", "float32", ["batch", 2])],
        nodes: [node("FastClassifier", ["input_ids", "attention_mask"], ["logits"], {}, "com.example.custom")],
      }),
    });
    await expectCleanFailure(
      await zipBundle({ model: custom }),
      "UNSUPPORTED_OP_DOMAIN",
      /FastClassifier in domain "com\.example\.custom".*custom-op libraries are not loaded/,
    );
  });

  it.each([
    ["absolute", "/etc/shadow", /"\/etc\/shadow", which is absolute/],
    ["climbing out", "../../../etc/shadow", /contains "\.\."/],
  ])("external data whose path is %s: UNSAFE_EXTERNAL_DATA", async (_kind, location, message) => {
    const weights = tensor("embedding", [20, 8], new Float32Array(160), { externalLocation: location });
    const leaky = model({
      graph: graph({
        inputs: [
          valueInfo("input_ids", "int64", ["batch", "sequence"]),
          valueInfo("attention_mask", "int64", ["batch", "sequence"]),
        ],
        outputs: [valueInfo("logits", "float32", ["batch", 2])],
        initializers: [
          weights,
          tensor("axes", [1], new BigInt64Array([1n])),
          tensor("head", [8, 2], new Float32Array(16)),
        ],
        nodes: [
          node("Gather", ["embedding", "input_ids"], ["embedded"], { axis: 0 }),
          node("ReduceMean", ["embedded", "axes"], ["pooled"], { keepdims: 0 }),
          node("MatMul", ["pooled", "head"], ["logits"]),
        ],
      }),
    });
    await expectCleanFailure(await zipBundle({ model: leaky }), "UNSAFE_EXTERNAL_DATA", message);
  });

  it("a zip with path traversal: UNSAFE_ZIP_PATH, and nothing written outside", async () => {
    const escapee = `escaped-${process.pid}.txt`;
    const zip = await zipBundle([
      { name: "model.onnx", data: Buffer.from(goodModel()) },
      { name: `../../${escapee}`, data: "pwned" },
      { name: `/tmp/${escapee}`, data: "pwned" },
    ]);
    const run = await expectCleanFailure(
      zip,
      "UNSAFE_ZIP_PATH",
      /paths that point outside it.*contains a "\.\." segment.*is an absolute path/,
    );
    expect(existsSync(path.join(run.workRoot, "..", escapee))).toBe(false);
    expect(existsSync(path.join(run.workRoot, escapee))).toBe(false);
    expect(existsSync(`/tmp/${escapee}`)).toBe(false);
  });

  it("a zip with a symbolic link: ZIP_SYMLINK", async () => {
    const zip = await zipBundle([
      { name: "model.onnx", data: "/etc/passwd", mode: 0o120777 },
      { name: "joulebench.json", data: JSON.stringify(MANIFEST) },
    ]);
    await expectCleanFailure(zip, "ZIP_SYMLINK", /"model\.onnx" is a symbolic link/);
  });

  it("a zip with thousands of entries: TOO_MANY_ENTRIES", async () => {
    const entries = Array.from({ length: 5000 }, (_, i) => ({ name: `shard-${i}.bin`, data: "x", compress: false }));
    await expectCleanFailure(
      await zipBundle(entries),
      "TOO_MANY_ENTRIES",
      /holds 5000 entries; a bundle may hold at most 32/,
    );
  });

  it("a zip with a huge uncompressed size, declared or real: TOO_LARGE", async () => {
    const declared = await zipBundle({ model: goodModel() });
    await falsifyDeclaredSize(declared, 0, 0xf000_0000);
    await expectCleanFailure(declared, "TOO_LARGE", /"model\.onnx" is 3\.8 GiB uncompressed, over the 1\.0 GiB limit/);
    // A real bomb: 64 MiB of zeros squeezed into about 64 KiB.
    const bomb = await zipBundle([
      { name: "model.onnx", data: Buffer.from(goodModel()) },
      { name: "weights.bin", data: Buffer.alloc(64 * 2 ** 20) },
    ]);
    await expectCleanFailure(bomb, "TOO_LARGE", /"weights\.bin" expands more than 200 times.*zip bombs/);
    // The same bomb with a header that lies about its size: caught by counting what actually comes out.
    const liar = await zipBundle([
      { name: "model.onnx", data: Buffer.from(goodModel()) },
      { name: "weights.bin", data: Buffer.alloc(64 * 2 ** 20) },
    ]);
    await falsifyDeclaredSize(liar, 1, 1000);
    await expectCleanFailure(liar, "TOO_LARGE", /more data than the zip's header declares/);
  });

  it.each([
    ["not JSON at all", "<html>tokenizer</html>", /tokenizer\.json/],
    ["JSON but not a tokenizer", JSON.stringify({ vocab: { hello: 1 } }), /tokenizer\.json: .*model/],
  ])("a tokenizer.json that is %s: INVALID_TOKENIZER", async (_kind, tokenizer, message) => {
    await expectCleanFailure(await zipBundle({ model: goodModel(), tokenizer }), "INVALID_TOKENIZER", message);
  });
});

describe("hostile submissions that only show themselves when run are stopped inside the sandbox", () => {
  it("an op onnxruntime does not have: MODEL_LOAD_FAILED", async () => {
    const unknown = model({
      graph: graph({
        inputs: [
          valueInfo("input_ids", "int64", ["batch", "sequence"]),
          valueInfo("attention_mask", "int64", ["batch", "sequence"]),
        ],
        outputs: [valueInfo("logits", "float32", ["batch", 2])],
        nodes: [node("TotallyNotAnOnnxOp", ["input_ids", "attention_mask"], ["logits"])],
      }),
    });
    await expectCleanFailure(
      await zipBundle({ model: unknown }),
      "MODEL_LOAD_FAILED",
      /onnxruntime could not load the model: .*TotallyNotAnOnnxOp/,
      { runsChild: true },
    );
  });

  it("a graph that allocates 8 GiB against the profile's 2 GiB cap: killed by the cgroup, MEMORY_LIMIT", async () => {
    const run = await expectCleanFailure(
      await zipBundle({ model: memoryHogModel(8 * GIB) }),
      "MEMORY_LIMIT",
      /more than the profile's 2\.0 GiB memory cap/,
      { runsChild: true },
    );
    const [limit] = run.limits;
    if (hostHasCgroupV1) expect(limit?.mechanism).toBe("cgroup-v1");
    if (limit?.mechanism !== "watchdog") {
      // The kernel's OOM killer fired inside the cgroup, and the child never held more than the cap (no swap).
      expect(limit?.usage?.oomKilled).toBe(true);
      expect(limit?.usage?.peakBytes).toBeLessThanOrEqual(2 * GIB);
    }
    // No bound on the elapsed time: MEMORY_LIMIT (not TIMEOUT) already says the cap, not the clock, stopped it,
    // and touching 2 GiB of pages takes as long as a busy machine makes it. The budget is the file's, below.
  });

  it("a graph that runs past the timeout: TIMEOUT, the whole process tree killed", async () => {
    await expectCleanFailure(
      await zipBundle({ model: slowModel(10_000_000) }),
      "TIMEOUT",
      /ran past its 2 s limit and was stopped/,
      { runsChild: true, timeoutMs: 1_500 },
    );
  });

  it("NaN scores: INVALID_OUTPUT", async () => {
    await expectCleanFailure(await zipBundle({ model: nanOutputModel() }), "INVALID_OUTPUT", /scores contain NaN/, {
      runsChild: true,
    });
  });

  it.each([
    ["extra columns", "extra-columns", /output shape is \[\d+, 5\], expected \[\d+, 2\]/],
    ["an extra axis", "rank-3", /output shape is \[\d+, 1, 2\], expected \[\d+, 2\]/],
  ] as const)(
    "outputs with %s behind an honest-looking signature: OUTPUT_SHAPE_MISMATCH",
    async (_kind, kind, message) => {
      const liar = wrongShapeOutputModel({ kind, lieInSignature: true });
      await expectCleanFailure(await zipBundle({ model: liar }), "OUTPUT_SHAPE_MISMATCH", message, { runsChild: true });
    },
  );
});

describe("after all of that", () => {
  it("the same runner process evaluates a good model, sandboxed, and cleans up", async () => {
    const run = await evaluate(await zipBundle({ model: goodModel() }));
    expect(run.failure).toBeUndefined();
    expect(run.report?.status).toBe("ok");
    expect(run.report?.sandboxed).toBe(true);
    expect(run.report?.scores[0]?.examples).toBe(20);
    expect(run.report?.memory.capMechanism).toBe(hostHasCgroupV1 ? "cgroup-v1" : run.limits[0]?.mechanism);
    expect(await readdir(run.workRoot)).toEqual([]);
    expect(run.limits.map((limit) => existsSync(cgroupDirectory(limit)))).toEqual([false]);
  });

  it("the job file the child reads holds the texts and never the labels", async () => {
    const run = await evaluate(await zipBundle({ model: goodModel() }));
    expect(run.report?.status).toBe("ok");
    expect(run.jobText, "job.json should have been read while the child ran").toBeDefined();
    const job = JSON.parse(run.jobText!) as { examples: unknown };
    expect(job.examples).toEqual(SENTENCES.map((sentence) => [sentence]));
    expect(keyPaths(job).filter((key) => /label/i.test(key))).toEqual(["output.labelCount"]);
    for (const label of TASK.labels) expect(run.jobText).not.toContain(label);
  });
});

describe("the model's process on the host", () => {
  // bwrap's --uid only renames the user inside the namespace; a root runner must also drop the host uid, or the
  // model would run as host root (without capabilities, but owning every root-owned file it could reach).
  it.runIf(process.getuid?.() === 0)("runs as the host's nobody when the runner is root", async () => {
    const seen = new Set<string>();
    const watcher = setInterval(() => {
      for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
        try {
          const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
          if (!cmdline.includes("/app/child.mjs") || cmdline.includes("bwrap")) continue;
          const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
          if (uid) seen.add(uid);
        } catch {
          // the process ended between listing and reading
        }
      }
    }, 20);
    const run = await evaluate(await zipBundle({ model: slowModel(10_000_000) }), { timeoutMs: 1_500 });
    clearInterval(watcher);
    expect(run.failure?.code).toBe("TIMEOUT");
    expect([...seen]).toEqual(["65534"]);
  });
});
