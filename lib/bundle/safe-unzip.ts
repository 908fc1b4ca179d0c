/**
 * Extracts an uploaded bundle zip without trusting it. Order matters: the entry count comes from the end of the
 * central directory before any entry is read; every entry's name, type and declared size is checked
 * (zip-entry-rules.ts) before any byte is written; and while writing, actual bytes are counted because headers
 * can lie. Files are opened with "wx" so nothing already there is overwritten, and on any failure everything this
 * call wrote is removed again.
 */
import { createWriteStream } from "node:fs";
import { mkdir, rm, unlink } from "node:fs/promises";
import path from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { BundleError } from "./bundle-error";
import {
  formatBytes,
  planBundleEntries,
  type PlannedEntry,
  type ZipEntryInfo,
  type ZipLimits,
} from "./zip-entry-rules";

export type { ZipLimits } from "./zip-entry-rules";

/** A bundle holds about five files; 32 leaves room for sharded external data and nothing like a real archive. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 32,
  maxTotalUncompressedBytes: 1024 ** 3,
  maxEntryBytes: 1024 ** 3,
  maxCompressionRatio: 200,
};

export interface ExtractedFile {
  /** Name inside destDir (a wrapping folder in the zip is dropped). */
  name: string;
  path: string;
  bytes: number;
}

export async function extractBundleZip(
  zipPath: string,
  destDir: string,
  limits: Partial<ZipLimits> = {},
): Promise<ExtractedFile[]> {
  const effective: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...limits };
  const zipfile = await openZip(zipPath).catch((error: unknown) => {
    throw asBundleError(error);
  });
  const written: string[] = [];
  let createdRoot: string | undefined;
  try {
    if (zipfile.entryCount > effective.maxEntries) {
      throw new BundleError(
        "TOO_MANY_ENTRIES",
        `The zip holds ${zipfile.entryCount} entries; a bundle may hold at most ${effective.maxEntries} (model.onnx, tokenizer.json, joulebench.json, README.md, LICENSE and external data files).`,
      );
    }
    const entries = await readCentralDirectory(zipfile);
    const plan = planBundleEntries(
      entries.map(({ info }) => info),
      effective,
    );
    createdRoot = await mkdir(destDir, { recursive: true, mode: 0o700 });
    const budget = { remainingTotal: effective.maxTotalUncompressedBytes };
    const extracted: ExtractedFile[] = [];
    for (const planned of plan) {
      const entry = entries.find(({ info }) => info === planned.entry)?.raw;
      if (!entry) throw new Error(`planned entry ${planned.entry.name} vanished from the central directory`);
      const target = path.join(destDir, planned.target);
      const bytes = await extractEntry(zipfile, entry, planned, target, effective, budget, written);
      extracted.push({ name: planned.target, path: target, bytes });
    }
    return extracted;
  } catch (error) {
    await Promise.all(written.map((file) => unlink(file).catch(() => undefined)));
    if (createdRoot) await rm(createdRoot, { recursive: true, force: true });
    throw asBundleError(error);
  } finally {
    zipfile.close();
  }
}

export function openZip(zipPath: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings: false so yauzl does not rewrite backslashes or refuse names itself: we judge (and name)
    // every unsafe entry ourselves. autoClose: false because entries are read twice (directory, then data).
    yauzl.open(
      zipPath,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (error, zipfile) => (error ? reject(error) : resolve(zipfile)),
    );
  });
}

export function readCentralDirectory(zipfile: ZipFile): Promise<{ raw: Entry; info: ZipEntryInfo }[]> {
  return new Promise((resolve, reject) => {
    const entries: { raw: Entry; info: ZipEntryInfo }[] = [];
    zipfile.on("entry", (entry: Entry) => {
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
      if (entry.isEncrypted())
        return reject(new BundleError("MALFORMED_ZIP", `"${name}" is encrypted; upload a zip without a password.`));
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        return reject(
          new BundleError(
            "MALFORMED_ZIP",
            `"${name}" uses compression method ${entry.compressionMethod}; use deflate (the default of every zip tool) or store.`,
          ),
        );
      }
      entries.push({
        raw: entry,
        info: {
          name,
          unixMode: entry.externalFileAttributes >>> 16,
          compressedSize: entry.compressedSize,
          uncompressedSize: entry.uncompressedSize,
        },
      });
      zipfile.readEntry();
    });
    zipfile.once("end", () => resolve(entries));
    zipfile.once("error", reject);
    zipfile.readEntry();
  });
}

export async function extractEntry(
  zipfile: ZipFile,
  entry: Entry,
  planned: PlannedEntry,
  target: string,
  limits: ZipLimits,
  budget: { remainingTotal: number },
  written: string[],
): Promise<number> {
  const source = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zipfile.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))),
  );
  const limiter = createByteLimiter(planned.entry.name, limits.maxEntryBytes, budget);
  // Owner-only from the start: a team's model is nobody else's to read, not even for a moment.
  const sink = createWriteStream(target, { flags: "wx", mode: 0o600 });
  // Only a file this call created may be removed on failure; "wx" fails without creating when one exists.
  sink.once("open", () => written.push(target));
  await pipeline(source, limiter, sink);
  return limiter.bytes;
}

/**
 * Counts the bytes that actually come out of an entry and fails past the per-file limit or the remaining total.
 * yauzl already checks each entry against its declared size; this does not rely on the declared sizes at all.
 */
export function createByteLimiter(
  entryName: string,
  maxEntryBytes: number,
  budget: { remainingTotal: number },
): Transform & { bytes: number } {
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      limiter.bytes += chunk.length;
      budget.remainingTotal -= chunk.length;
      if (limiter.bytes > maxEntryBytes) {
        return callback(
          new BundleError("TOO_LARGE", `"${entryName}" expands past the ${formatBytes(maxEntryBytes)} limit per file.`),
        );
      }
      if (budget.remainingTotal < 0) {
        return callback(
          new BundleError(
            "TOO_LARGE",
            `The zip expands past its uncompressed size limit while extracting "${entryName}".`,
          ),
        );
      }
      callback(null, chunk);
    },
  }) as Transform & { bytes: number };
  limiter.bytes = 0;
  return limiter;
}

/** yauzl reports corrupt zips as plain Errors; file-system failures (disk full, an existing file) stay internal. */
export function asBundleError(error: unknown): unknown {
  if (error instanceof BundleError || !(error instanceof Error)) return error;
  if ("code" in error && typeof error.code === "string") return error;
  if (/too many bytes in the stream/.test(error.message)) {
    return new BundleError(
      "TOO_LARGE",
      `An entry holds more data than the zip's header declares (${error.message}); the zip is corrupt or hostile.`,
    );
  }
  return new BundleError(
    "MALFORMED_ZIP",
    `The file could not be read as a zip (${error.message}). Re-create it with a standard zip tool.`,
  );
}
