/**
 * The default artifact store: files under one folder (`<data dir>/storage/<key>`), for a site whose runners share
 * its disk. Uploads are written to `<root>/.partial/` and renamed into place only once complete, so a failed,
 * interrupted or oversize upload never appears at its key (a rename within one file system is atomic). Keys
 * cannot start a segment with ".", so `.partial` never collides with a stored key.
 */
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { assertValidKey, notFoundError, type ArtifactStore, type StoredArtifact } from "./artifact-store";
import { HashingMeter, writeVerifiedFile } from "./hashing-stream";

const PARTIAL_FOLDER = ".partial";
// An upload still being written is never this old; a partial file this old was left by a process that died.
export const ABANDONED_UPLOAD_AGE_MS = 24 * 60 * 60 * 1000;

export class LocalArtifactStore implements ArtifactStore {
  readonly root: string;
  private sweptAbandonedUploads = false;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** The file a key is stored in. */
  pathFor(key: string): string {
    return path.join(this.root, ...assertValidKey(key).split("/"));
  }

  async put(
    key: string,
    body: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
    options: { maxBytes?: number } = {},
  ): Promise<StoredArtifact> {
    const finalPath = this.pathFor(key);
    const partialFolder = path.join(this.root, PARTIAL_FOLDER);
    await mkdir(partialFolder, { recursive: true });
    if (!this.sweptAbandonedUploads) {
      // Once per process: files of uploads cut off by a crash (a failed upload removes its own).
      this.sweptAbandonedUploads = true;
      await this.removeAbandonedUploads().catch(() => 0);
    }
    const partialPath = path.join(partialFolder, `${randomUUID()}.part`);
    const meter = new HashingMeter(options.maxBytes);
    try {
      await pipeline(body, meter, createWriteStream(partialPath, { flags: "wx" }));
      await mkdir(path.dirname(finalPath), { recursive: true });
      await rename(partialPath, finalPath);
    } catch (error) {
      await rm(partialPath, { force: true });
      throw error;
    }
    return { key, sha256: meter.sha256(), sizeBytes: meter.bytes };
  }

  /** Removes partial files older than maxAgeMs, left by processes that died mid-upload; returns how many. */
  async removeAbandonedUploads(maxAgeMs = ABANDONED_UPLOAD_AGE_MS, now = Date.now()): Promise<number> {
    const partialFolder = path.join(this.root, PARTIAL_FOLDER);
    let removed = 0;
    for (const name of await readdir(partialFolder).catch(() => [] as string[])) {
      const filePath = path.join(partialFolder, name);
      const modified = (await stat(filePath).catch(() => undefined))?.mtimeMs;
      if (modified !== undefined && now - modified > maxAgeMs) {
        await rm(filePath, { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  async get(key: string): Promise<NodeJS.ReadableStream> {
    const filePath = this.pathFor(key);
    try {
      // Opened here, not lazily by the stream, so a missing file fails this call rather than the first read.
      const handle = await open(filePath, "r");
      if (!(await handle.stat()).isFile()) {
        await handle.close();
        throw notFoundError(key);
      }
      return handle.createReadStream();
    } catch (error) {
      if (isMissing(error)) throw notFoundError(key);
      throw error;
    }
  }

  async download(key: string, destinationPath: string, expectedSha256?: string): Promise<void> {
    await writeVerifiedFile(await this.get(key), key, destinationPath, expectedSha256);
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathFor(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathFor(key))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}
