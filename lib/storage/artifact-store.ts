/**
 * Where uploaded bundles and task data files live: one interface, a local folder by default and an S3-compatible
 * bucket for deployments whose runners sit on other machines (lib/storage/index.ts picks one from the
 * environment). Keys are relative, slash-separated names such as `submissions/<id>/bundle.zip`.
 *
 * Every backend streams: an upload is hashed as it passes and never held whole in memory, and a body that fails
 * or crosses its size limit leaves nothing at its key, so the database never points at half a file.
 */
import { AppError } from "../errors";

export interface StoredArtifact {
  key: string;
  sha256: string;
  sizeBytes: number;
}

export interface ArtifactStore {
  /** Streams body to key while hashing; never buffers it whole. If it fails, or passes maxBytes (throws
   *  AppError "TOO_LARGE" as soon as the limit is crossed), nothing is left at key. */
  put(
    key: string,
    body: NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
    options?: { maxBytes?: number },
  ): Promise<StoredArtifact>;
  /** Throws AppError "NOT_FOUND" when absent. */
  get(key: string): Promise<NodeJS.ReadableStream>;
  /** Copies to a local file; when expectedSha256 is given and differs, deletes the copy and throws. */
  download(key: string, destinationPath: string, expectedSha256?: string): Promise<void>;
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

// Letters, digits and . _ - in each segment: no "..", no empty segment, no leading slash, no backslash. Keys
// become file paths in the local store, so anything that could climb out of its folder is refused.
const KEY_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const MAX_KEY_LENGTH = 512;

/** Throws unless key is a safe relative storage key; returns it unchanged. */
export function assertValidKey(key: string): string {
  const segments = key.split("/");
  const valid =
    key.length > 0 && key.length <= MAX_KEY_LENGTH && segments.every((segment) => KEY_SEGMENT.test(segment));
  if (!valid) throw new AppError("VALIDATION_FAILED", `"${key.slice(0, 80)}" is not a valid storage key.`);
  return key;
}

export function tooLargeError(maxBytes: number): AppError {
  return new AppError("TOO_LARGE", `The file is larger than the limit of ${formatBytes(maxBytes)}.`);
}

export function notFoundError(key: string): AppError {
  return new AppError("NOT_FOUND", `No stored file at "${key}".`);
}

export function checksumMismatchError(key: string, expected: string, actual: string): AppError {
  return new AppError(
    "CHECKSUM_MISMATCH",
    `The stored file "${key}" has sha256 ${actual}, not the expected ${expected}: it was changed or damaged in storage.`,
  );
}

export function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
