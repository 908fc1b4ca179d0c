import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BundleError } from "./bundle-error";
import { createByteLimiter, extractBundleZip } from "./safe-unzip";
import { falsifyDeclaredSize, writeZip, type ZipFixtureEntry } from "../../test-support/bundle/build-zip";

let tempDir: string;
let zipPath: string;
let destDir: string;

beforeEach(async () => {
  tempDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-unzip-"));
  zipPath = path.join(tempDir, "bundle.zip");
  destDir = path.join(tempDir, "out");
});
afterEach(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

async function extractionError(entries: readonly ZipFixtureEntry[], limits = {}): Promise<BundleError> {
  await writeZip(zipPath, entries);
  const error: unknown = await extractBundleZip(zipPath, destDir, limits).then(
    () => new Error("expected extraction to fail"),
    (caught: unknown) => caught,
  );
  if (error instanceof BundleError) return error;
  throw error;
}

/** Whatever failed, nothing may be left behind: not the folder, and nothing beside it. */
async function expectNothingWritten(): Promise<void> {
  expect(existsSync(destDir)).toBe(false);
  expect((await readdir(tempDir)).sort()).toEqual(["bundle.zip"]);
}

describe("extractBundleZip", () => {
  it("extracts a valid bundle and reports each file with its size", async () => {
    await writeZip(zipPath, [
      { name: "model.onnx", data: "onnx-bytes" },
      { name: "tokenizer.json", data: '{"model":{}}' },
      { name: "joulebench.json", data: '{"schemaVersion":1}' },
      { name: "README.md", data: "# readme" },
      { name: "LICENSE", data: "MIT" },
      { name: "model.onnx_data", data: Buffer.alloc(64, 7), compress: false },
      { name: "weights-00001.bin", data: "w" },
    ]);
    const files = await extractBundleZip(zipPath, destDir);
    expect(files.map(({ name, bytes }) => [name, bytes])).toEqual([
      ["model.onnx", 10],
      ["tokenizer.json", 12],
      ["joulebench.json", 19],
      ["README.md", 8],
      ["LICENSE", 3],
      ["model.onnx_data", 64],
      ["weights-00001.bin", 1],
    ]);
    expect(await readFile(path.join(destDir, "model.onnx"), "utf8")).toBe("onnx-bytes");
    expect(await readFile(path.join(destDir, "model.onnx_data"))).toEqual(Buffer.alloc(64, 7));
    expect(files[0]?.path).toBe(path.join(destDir, "model.onnx"));
  });

  it("accepts one wrapping folder and skips macOS Finder junk", async () => {
    await writeZip(zipPath, [
      { name: "my-bundle", directory: true },
      { name: "my-bundle/model.onnx", data: "m" },
      { name: "my-bundle/.DS_Store", data: "junk" },
      { name: "__MACOSX/my-bundle/._model.onnx", data: "junk" },
    ]);
    const files = await extractBundleZip(zipPath, destDir);
    expect(files.map((file) => file.name)).toEqual(["model.onnx"]);
    expect(await readdir(destDir)).toEqual(["model.onnx"]);
  });

  it.each([
    ["../evil", 'contains a ".." segment'],
    ["ok/../../evil", 'contains a ".." segment'],
    ["/abs", "is an absolute path"],
    ["C:model.onnx", "starts with a drive letter"],
    ["dir\\model.onnx", "contains a backslash"],
  ])("refuses the path %j as UNSAFE_ZIP_PATH, naming it", async (name, reason) => {
    const error = await extractionError([
      { name: "model.onnx", data: "fine" },
      { name, data: "evil", compress: false },
    ]);
    expect(error.code).toBe("UNSAFE_ZIP_PATH");
    expect(error.details).toEqual([`"${name}" ${reason}`]);
    await expectNothingWritten();
  });

  it("refuses a symbolic link entry", async () => {
    const error = await extractionError([
      { name: "model.onnx", data: "fine" },
      { name: "tokenizer.json", data: "/etc/passwd", mode: 0o120777 },
    ]);
    expect(error.code).toBe("ZIP_SYMLINK");
    expect(error.message).toContain('"tokenizer.json" is a symbolic link');
    await expectNothingWritten();
  });

  it("refuses unexpected, duplicated, mixed and deeply nested files, listing each", async () => {
    const error = await extractionError([
      { name: "model.onnx", data: "m" },
      { name: "run.sh", data: "rm -rf /" },
      { name: ".hidden.bin", data: "x" },
      { name: "nested/model.onnx", data: "m" },
      { name: "a/b/c.bin", data: "x" },
      { name: "a/b", directory: true },
      { name: "model.onnx", data: "again" },
    ]);
    expect(error.code).toBe("UNEXPECTED_FILE");
    expect(error.details).toEqual([
      '"a/b/c.bin" is nested deeper than one folder',
      '"a/b/" is nested deeper than one folder',
      '"run.sh" is not a file a bundle may hold',
      '".hidden.bin" is not a file a bundle may hold',
      '"nested/model.onnx" is inside a folder; put every file at the top level of the zip (or all in one folder)',
      '"model.onnx" appears twice',
    ]);
    expect(error.message).toMatch(/^The zip holds files a bundle may not; allowed: model.onnx, tokenizer.json/);
    await expectNothingWritten();
  });

  it("counts entries from the central directory before extracting anything", async () => {
    const entries = Array.from({ length: 5000 }, (_, index) => ({
      name: `shard-${index}.bin`,
      data: "",
      compress: false,
    }));
    const error = await extractionError([{ name: "model.onnx", data: "m" }, ...entries]);
    expect(error.code).toBe("TOO_MANY_ENTRIES");
    expect(error.message).toContain("The zip holds 5001 entries; a bundle may hold at most 32");
    await expectNothingWritten();
  });

  it("refuses a zip bomb from its declared sizes, without inflating it", async () => {
    // 300 MiB of zeros deflates to about 300 KiB; streamed so the test never holds it in memory.
    const megabyte = Buffer.alloc(1024 * 1024);
    const zeros = Readable.from(
      (function* () {
        for (let i = 0; i < 300; i += 1) yield megabyte;
      })(),
    );
    const error = await extractionError([{ name: "model.onnx", stream: zeros }]);
    expect(error.code).toBe("TOO_LARGE");
    expect(error.message).toMatch(
      /"model.onnx" expands more than 200 times \(\d+ KiB to 300 MiB\), which is how zip bombs look/,
    );
    await expectNothingWritten();
  });

  it("refuses many small files that inflate past the ratio together, though each is under the per-file exemption", async () => {
    // 24 files of 900 KiB of zeros: each below the 1 MiB under which one file's ratio is not judged, 21 MiB in all
    // from a zip of about 22 KiB.
    const zeros = Buffer.alloc(900 * 1024);
    const shards = Array.from({ length: 24 }, (_, index) => ({ name: `shard-${index}.data`, data: zeros }));
    const error = await extractionError([{ name: "model.onnx", data: "m" }, ...shards]);
    expect(error.code).toBe("TOO_LARGE");
    expect(error.message).toMatch(
      /the files expand more than 200 times together \(\d+ KiB to 21 MiB\), which is how zip bombs look/,
    );
    await expectNothingWritten();
  });

  it("accepts a bundle inflating just under the ratio, and refuses the same just over it", async () => {
    // Zeros with one random byte in every N: deflate's ratio falls as N falls, so N is tuned to each side of 200.
    const pattern = (every: number) => {
      const bytes = Buffer.alloc(4 * 1024 * 1024);
      for (let index = 0; index < bytes.length; index += every) bytes[index] = (index * 2654435761) % 251;
      return bytes;
    };
    const { deflateRawSync } = await import("node:zlib");
    const ratio = (bytes: Buffer) => bytes.length / deflateRawSync(bytes).length;
    const under = [100, 150, 200, 300, 400, 600, 800]
      .map(pattern)
      .find((bytes) => ratio(bytes) > 150 && ratio(bytes) < 195);
    const over = [1000, 2000, 4000, 8000].map(pattern).find((bytes) => ratio(bytes) > 210);
    expect(under, "a pattern inflating 150-195 times").toBeDefined();
    expect(over, "a pattern inflating over 210 times").toBeDefined();
    await writeZip(zipPath, [{ name: "model.onnx", data: under! }]);
    expect((await extractBundleZip(zipPath, destDir)).map(({ bytes }) => bytes)).toEqual([4 * 1024 * 1024]);
    await rm(destDir, { recursive: true });
    expect((await extractionError([{ name: "model.onnx", data: over! }])).code).toBe("TOO_LARGE");
  });

  it("refuses a declared total over the limit, and one file over the per-file limit", async () => {
    const noise = (bytes: number) => Buffer.from(Array.from({ length: bytes }, (_, i) => (i * 7919) % 251));
    const total = await extractionError(
      [
        { name: "model.onnx", data: noise(600), compress: false },
        { name: "model.onnx_data", data: noise(600), compress: false },
      ],
      { maxTotalUncompressedBytes: 1000 },
    );
    expect(total.code).toBe("TOO_LARGE");
    expect(total.details).toEqual(["the files add up to 1.2 KiB uncompressed, over the 1000 B limit"]);
    await expectNothingWritten();
    const single = await extractionError([{ name: "model.onnx", data: noise(600), compress: false }], {
      maxEntryBytes: 500,
    });
    expect(single.details).toEqual(['"model.onnx" is 600 B uncompressed, over the 500 B limit per file']);
  });

  it("stops when an entry holds more than its header declares, and removes what it wrote", async () => {
    await writeZip(zipPath, [
      { name: "README.md", data: "first, honest" },
      { name: "model.onnx", data: "a".repeat(100_000) },
    ]);
    await falsifyDeclaredSize(zipPath, 1, 10);
    const error: unknown = await extractBundleZip(zipPath, destDir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).code).toBe("TOO_LARGE");
    expect((error as BundleError).message).toContain("more data than the zip's header declares");
    await expectNothingWritten();
  });

  it("never overwrites an existing file, and removes only what it wrote itself", async () => {
    await mkdir(destDir);
    await writeFile(path.join(destDir, "model.onnx"), "already here");
    await writeZip(zipPath, [
      { name: "tokenizer.json", data: "{}" },
      { name: "model.onnx", data: "replacement" },
    ]);
    await expect(extractBundleZip(zipPath, destDir)).rejects.toMatchObject({ code: "EEXIST" });
    expect(await readdir(destDir)).toEqual(["model.onnx"]);
    expect(await readFile(path.join(destDir, "model.onnx"), "utf8")).toBe("already here");
  });

  it("reports a file that is not a zip, or a truncated one, as MALFORMED_ZIP", async () => {
    await writeFile(zipPath, "PK\u0003\u0004 but nothing else of a zip");
    await expect(extractBundleZip(zipPath, destDir)).rejects.toMatchObject({ code: "MALFORMED_ZIP" });
    await writeZip(zipPath, [{ name: "model.onnx", data: "m".repeat(1000) }]);
    const whole = await readFile(zipPath);
    await writeFile(zipPath, whole.subarray(0, whole.length - 30));
    await expect(extractBundleZip(zipPath, destDir)).rejects.toMatchObject({ code: "MALFORMED_ZIP" });
    await expectNothingWritten();
  });
});

describe("createByteLimiter", () => {
  async function push(chunks: number[], maxEntryBytes: number, budget: { remainingTotal: number }) {
    const limiter = createByteLimiter("model.onnx", maxEntryBytes, budget);
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    await pipeline(Readable.from(chunks.map((size) => Buffer.alloc(size))), limiter, sink);
    return limiter.bytes;
  }

  it("passes bytes within both limits through and counts them", async () => {
    const budget = { remainingTotal: 100 };
    expect(await push([30, 30], 60, budget)).toBe(60);
    expect(budget.remainingTotal).toBe(40);
  });

  it("fails past the per-file limit or past the remaining total, whatever the headers said", async () => {
    await expect(push([30, 30, 1], 60, { remainingTotal: 1000 })).rejects.toMatchObject({
      code: "TOO_LARGE",
      message: '"model.onnx" expands past the 60 B limit per file.',
    });
    await expect(push([30, 30], 1000, { remainingTotal: 50 })).rejects.toMatchObject({
      code: "TOO_LARGE",
      message: 'The zip expands past its uncompressed size limit while extracting "model.onnx".',
    });
  });
});
