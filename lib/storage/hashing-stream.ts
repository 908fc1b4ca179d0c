/**
 * The stream pieces every backend shares: a pass-through that hashes and counts what flows and stops the flow
 * the moment a size limit is crossed (so an oversize upload is cut off within one chunk of its limit, not read
 * whole), and a verified download that lands in place only when complete and matching its expected hash.
 */
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { checksumMismatchError, tooLargeError } from "./artifact-store";

export class HashingMeter extends Transform {
  private readonly hash = createHash("sha256");
  bytes = 0;

  constructor(private readonly maxBytes?: number) {
    super();
  }

  override _transform(chunk: Buffer | Uint8Array | string, _encoding: BufferEncoding, done: TransformCallback): void {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    this.bytes += bytes.byteLength;
    if (this.maxBytes !== undefined && this.bytes > this.maxBytes) {
      done(tooLargeError(this.maxBytes));
      return;
    }
    this.hash.update(bytes);
    done(null, bytes);
  }

  /** The hex sha256 of everything that passed; call once, after the stream has finished. */
  sha256(): string {
    return this.hash.digest("hex");
  }
}

/**
 * Streams source into destinationPath through a sibling temporary file, renamed into place only when the copy is
 * complete and (when expectedSha256 is given) matches; on any failure nothing is left at either path.
 */
export async function writeVerifiedFile(
  source: NodeJS.ReadableStream,
  key: string,
  destinationPath: string,
  expectedSha256?: string,
): Promise<void> {
  await mkdir(path.dirname(destinationPath), { recursive: true });
  const partialPath = `${destinationPath}.${randomUUID()}.partial`;
  const meter = new HashingMeter();
  try {
    await pipeline(source, meter, createWriteStream(partialPath, { flags: "wx" }));
    const actual = meter.sha256();
    if (expectedSha256 !== undefined && actual !== expectedSha256.toLowerCase()) {
      throw checksumMismatchError(key, expectedSha256, actual);
    }
    await rename(partialPath, destinationPath);
  } catch (error) {
    await rm(partialPath, { force: true });
    await rm(destinationPath, { force: true });
    throw error;
  }
}
