/**
 * Streams a request body to a temporary file, counting bytes, so a competition or task zip is never held in the
 * web process's memory and an oversize one is cut off as soon as it crosses the limit (zips are read from a file:
 * their directory is at the end).
 */
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { AppError } from "../errors";
import { formatBytes } from "../storage/artifact-store";

export async function withUploadedFile<T>(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  work: (filePath: string) => Promise<T>,
): Promise<T> {
  if (!body) throw new AppError("VALIDATION_FAILED", "Send the zip as the request body.");
  const folder = await mkdtemp(path.join(tmpdir(), "joulebench-upload-"));
  try {
    const filePath = path.join(folder, "upload.zip");
    let received = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        if (received > maxBytes)
          return callback(new AppError("TOO_LARGE", `The file is larger than the limit of ${formatBytes(maxBytes)}.`));
        callback(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), counter, createWriteStream(filePath));
    if (received === 0) throw new AppError("VALIDATION_FAILED", "The uploaded file is empty.");
    return await work(filePath);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
