/**
 * Everything that can be wrong with a submitted bundle, as one error type. `code` is stable (the submit form, the
 * API and the runner match on it); `message` is written for the team that uploaded the file and says what to
 * change; `details` lists every individual problem when there are several (each schema violation, each graph
 * mismatch), so a team fixes them all in one round trip instead of one per upload.
 */
export type BundleErrorCode =
  /** Not a readable zip: truncated, corrupt, encrypted or using an unsupported compression method. */
  | "MALFORMED_ZIP"
  /** An entry name that could escape the extraction folder (absolute, `..`, backslash, drive letter). */
  | "UNSAFE_ZIP_PATH"
  /** An entry that is a symbolic link. */
  | "ZIP_SYMLINK"
  | "TOO_MANY_ENTRIES"
  /** Declared or actual uncompressed size over the limits, or a compression ratio that looks like a zip bomb. */
  | "TOO_LARGE"
  | "MISSING_MODEL"
  /** A file a bundle may not hold, or one nested too deep. */
  | "UNEXPECTED_FILE"
  | "INVALID_MANIFEST"
  /** The manifest does not fit the graph or the task: a missing input, a wrong shape, a label the task lacks, no text_pair for a pair task. */
  | "MANIFEST_MISMATCH"
  /** A bare .onnx whose signature does not say unambiguously how to feed it and read its scores. */
  | "MANIFEST_REQUIRED"
  | "INVALID_TOKENIZER"
  /** Neither a zip nor an ONNX model (or an empty file). */
  | "NOT_A_BUNDLE"
  /** A multi-task bundle whose folders do not match the track's tasks (lib/bundle/benchmark-bundle.ts). */
  | "BENCHMARK_LAYOUT";

export class BundleError extends Error {
  constructor(
    readonly code: BundleErrorCode,
    message: string,
    readonly details?: string[],
  ) {
    super(message);
    this.name = "BundleError";
  }
}

export function isBundleError(error: unknown): error is BundleError {
  return error instanceof BundleError;
}

/** "a; b; c" with the first `limit` items, and how many more there were: keeps one message readable. */
export function joinProblems(problems: readonly string[], limit = 20): string {
  const shown = problems.slice(0, limit).join("; ");
  return problems.length > limit ? `${shown}; and ${problems.length - limit} more` : shown;
}
