import { readFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BundleError } from "./bundle-error";
import { looksLikeOnnx, openBundle } from "./open-bundle";
import { writeZip, type ZipFixtureEntry } from "../../test-support/bundle/build-zip";

/** The first bytes of a real export: ir_version 7 (tag 0x08), then producer_name "pytorch". */
const ONNX_BYTES = Buffer.concat([Buffer.from([0x08, 0x07, 0x12, 0x07]), Buffer.from("pytorch"), Buffer.alloc(32, 1)]);
const WORDLEVEL_TOKENIZER = readFileSync(
  new URL("../tokenize/fixtures/wordlevel-tokenizer.json", import.meta.url),
  "utf8",
);
const MANIFEST = JSON.stringify({
  schemaVersion: 1,
  inputs: { input_ids: "input_ids", attention_mask: "attention_mask" },
  maxSequenceLength: 64,
  tokenizer: "tokenizer.json",
  output: { name: "logits", scores: "logits", labels: ["negative", "positive"] },
});

let tempDir: string;
let workDir: string;

beforeEach(async () => {
  tempDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-bundle-"));
  workDir = path.join(tempDir, "work");
});
afterEach(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

async function upload(content: Buffer | string, name = "upload.bin"): Promise<string> {
  const filePath = path.join(tempDir, name);
  await writeFile(filePath, content);
  return filePath;
}

async function zipUpload(entries: readonly ZipFixtureEntry[]): Promise<string> {
  const filePath = path.join(tempDir, "upload.zip");
  await writeZip(filePath, entries);
  return filePath;
}

async function bundleError(filePath: string, limits = {}): Promise<BundleError> {
  const error: unknown = await openBundle(filePath, workDir, limits).then(
    () => new Error("expected openBundle to fail"),
    (caught: unknown) => caught,
  );
  if (error instanceof BundleError) return error;
  throw error;
}

async function workDirFiles(): Promise<string[]> {
  return readdir(workDir).catch(() => []);
}

describe("openBundle", () => {
  it("copies a bare .onnx into the work folder, with no manifest to read", async () => {
    const bundle = await openBundle(await upload(ONNX_BYTES, "model.onnx"), workDir);
    expect(bundle).toEqual({
      kind: "onnx",
      modelPath: path.join(workDir, "model.onnx"),
      manifest: null,
      tokenizerJson: null,
      files: [{ name: "model.onnx", path: path.join(workDir, "model.onnx"), bytes: ONNX_BYTES.length }],
    });
    expect(await readFile(bundle.modelPath)).toEqual(ONNX_BYTES);
  });

  it("opens a zip bundle: model, parsed manifest and validated tokenizer", async () => {
    const bundle = await openBundle(
      await zipUpload([
        { name: "model.onnx", data: ONNX_BYTES },
        { name: "joulebench.json", data: MANIFEST },
        { name: "tokenizer.json", data: WORDLEVEL_TOKENIZER },
        { name: "README.md", data: "# our model" },
      ]),
      workDir,
    );
    expect(bundle.kind).toBe("zip");
    expect(bundle.modelPath).toBe(path.join(workDir, "model.onnx"));
    expect(bundle.manifest?.maxSequenceLength).toBe(64);
    expect(bundle.tokenizerJson?.model.type).toBe("WordLevel");
    expect(bundle.files.map((file) => file.name)).toEqual([
      "model.onnx",
      "joulebench.json",
      "tokenizer.json",
      "README.md",
    ]);
  });

  it("opens a zip holding only model.onnx, leaving the manifest to be inferred", async () => {
    const bundle = await openBundle(await zipUpload([{ name: "model.onnx", data: ONNX_BYTES }]), workDir);
    expect(bundle.manifest).toBeNull();
    expect(bundle.tokenizerJson).toBeNull();
  });

  it("recognises real ONNX exports by their first bytes", () => {
    for (const model of ["tribuo_tinybert/tinybert.onnx", "skl2onnx_20ng_tfidf_logreg/model.onnx"]) {
      const head = readFileSync(new URL(`../../../shared/models/${model}`, import.meta.url)).subarray(0, 16);
      expect(looksLikeOnnx(head), model).toBe(true);
    }
  });

  it.each([
    ["an empty file", Buffer.alloc(0), "The file is empty. Upload a .onnx model or a .zip bundle."],
    [
      "a PDF",
      Buffer.from("%PDF-1.7\n"),
      "This is neither a zip nor an ONNX model (it is a PDF). Upload a .onnx model or a .zip bundle.",
    ],
    [
      "a .tar.gz",
      Buffer.from([0x1f, 0x8b, 0x08, 0x00]),
      "This is neither a zip nor an ONNX model (it is gzip-compressed: upload a .zip instead of a .tar.gz). Upload a .onnx model or a .zip bundle.",
    ],
    [
      "a JSON file",
      Buffer.from('{"schemaVersion":1}'),
      "This is neither a zip nor an ONNX model (it looks like JSON). Upload a .onnx model or a .zip bundle.",
    ],
    [
      "a CSV",
      Buffer.from("text,label\nhello,1\n"),
      "This is neither a zip nor an ONNX model. Upload a .onnx model or a .zip bundle.",
    ],
  ])("refuses %s as NOT_A_BUNDLE", async (_what, content, message) => {
    const error = await bundleError(await upload(content));
    expect(error.code).toBe("NOT_A_BUNDLE");
    expect(error.message).toBe(message);
    expect(await workDirFiles()).toEqual([]);
  });

  it("refuses a bare model over the size limit before copying it", async () => {
    const error = await bundleError(await upload(ONNX_BYTES), { maxEntryBytes: 16 });
    expect(error.code).toBe("TOO_LARGE");
    expect(await workDirFiles()).toEqual([]);
  });

  it("requires model.onnx in a zip and removes what it extracted", async () => {
    const error = await bundleError(
      await zipUpload([
        { name: "README.md", data: "no model" },
        { name: "LICENSE", data: "MIT" },
      ]),
    );
    expect(error.code).toBe("MISSING_MODEL");
    expect(error.message).toContain("found: README.md, LICENSE");
    expect(await workDirFiles()).toEqual([]);
  });

  it("tells a team to rename a model that is not called model.onnx", async () => {
    const error = await bundleError(await zipUpload([{ name: "sentiment.onnx", data: ONNX_BYTES }]));
    expect(error.code).toBe("UNEXPECTED_FILE");
    expect(error.details).toEqual(['"sentiment.onnx" is not a file a bundle may hold (name the model model.onnx)']);
  });

  it("refuses a model.onnx that is not ONNX", async () => {
    const error = await bundleError(await zipUpload([{ name: "model.onnx", data: "%PDF-1.4 not a model" }]));
    expect(error.code).toBe("NOT_A_BUNDLE");
    expect(error.message).toBe("model.onnx in the zip is not an ONNX model (it is a PDF).");
    expect(await workDirFiles()).toEqual([]);
  });

  it("reports every manifest violation and leaves nothing behind", async () => {
    const manifest = JSON.stringify({
      schemaVersion: 1,
      inputs: { ids: "input_ids" },
      output: { name: "y", scores: "logits", labels: ["a"] },
    });
    const error = await bundleError(
      await zipUpload([
        { name: "model.onnx", data: ONNX_BYTES },
        { name: "joulebench.json", data: manifest },
      ]),
    );
    expect(error.code).toBe("INVALID_MANIFEST");
    expect(error.details).toEqual([
      "maxSequenceLength: required when token inputs are used",
      "tokenizer: required when token inputs are used (add tokenizer.json to the zip and name it here)",
    ]);
    expect(await workDirFiles()).toEqual([]);
  });

  it("refuses a manifest naming a tokenizer the zip does not hold", async () => {
    const error = await bundleError(
      await zipUpload([
        { name: "model.onnx", data: ONNX_BYTES },
        { name: "joulebench.json", data: MANIFEST },
      ]),
    );
    expect(error.code).toBe("INVALID_MANIFEST");
    expect(error.message).toBe(
      "joulebench.json is invalid: tokenizer: names tokenizer.json, but the zip holds no tokenizer.json",
    );
  });

  it("refuses a tokenizer.json that is not one", async () => {
    const notATokenizer = JSON.stringify({ architectures: ["BertForSequenceClassification"], vocab_size: 30522 });
    const error = await bundleError(
      await zipUpload([
        { name: "model.onnx", data: ONNX_BYTES },
        { name: "joulebench.json", data: MANIFEST },
        { name: "tokenizer.json", data: notATokenizer },
      ]),
    );
    expect(error.code).toBe("INVALID_TOKENIZER");
    expect(error.message).toBe("tokenizer.json: model is missing");
    expect(await workDirFiles()).toEqual([]);
  });

  it("passes hostile zips' errors through from extraction", async () => {
    const error = await bundleError(
      await zipUpload([
        { name: "model.onnx", data: ONNX_BYTES },
        { name: "../evil", data: "x", compress: false },
      ]),
    );
    expect(error.code).toBe("UNSAFE_ZIP_PATH");
    expect(error.message).toContain('"../evil" contains a ".." segment');
  });
});
