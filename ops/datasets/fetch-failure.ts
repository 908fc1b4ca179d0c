/**
 * Why a dataset file could not be fetched, as one of a few reasons a user can act on (the start prints the
 * reason in one line), and the full message naming the file, the source and what went wrong.
 */
export type FetchFailureReason =
  | "host not found"
  | "connection refused"
  | "timed out"
  | "cut off"
  | "digest mismatch"
  | "not found at the source"
  | "HTTP error"
  | "folder not writable"
  | "network error";

export class DatasetFetchError extends Error {
  constructor(
    readonly reason: FetchFailureReason,
    message: string,
  ) {
    super(message);
    this.name = "DatasetFetchError";
  }
}

function errorCode(error: unknown): string | undefined {
  // undici wraps socket errors: TypeError("fetch failed", { cause: Error & { code } }), sometimes one level deeper.
  for (
    let current: unknown = error, depth = 0;
    current && depth < 4;
    current = (current as { cause?: unknown }).cause, depth++
  ) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

const HOST_NOT_FOUND = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL"]);
const TIMED_OUT = new Set(["ETIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);
const CUT_OFF = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE", "UND_ERR_CLOSED", "ERR_STREAM_PREMATURE_CLOSE"]);
const NOT_WRITABLE = new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "EEXIST", "ENOSPC", "EISDIR", "EDQUOT"]);

/** A failed request or body read, named by its cause. */
export function networkFailure(error: unknown, file: string, source: string): DatasetFetchError {
  const code = errorCode(error);
  const host = hostOf(source);
  if (code && HOST_NOT_FOUND.has(code))
    return new DatasetFetchError("host not found", `${file}: host ${host} not found (${code}) fetching ${source}`);
  if (code === "ECONNREFUSED")
    return new DatasetFetchError("connection refused", `${file}: connection to ${host} refused fetching ${source}`);
  if (code && TIMED_OUT.has(code))
    return new DatasetFetchError("timed out", `${file}: ${host} timed out (${code}) fetching ${source}`);
  if (code && CUT_OFF.has(code))
    return new DatasetFetchError("cut off", `${file}: the download from ${source} was cut off (${code})`);
  const detail = `${deepestMessage(error)}${code ? ` (${code})` : ""}`;
  return new DatasetFetchError("network error", `${file}: fetching ${source} failed: ${detail}`);
}

/** A failed write into the datasets root, or null when the error is not about the folder. */
export function writeFailure(error: unknown, folder: string): DatasetFetchError | null {
  const code = errorCode(error);
  if (!code || !NOT_WRITABLE.has(code)) return null;
  const why =
    code === "ENOSPC" || code === "EDQUOT"
      ? "no space left"
      : code === "ENOTDIR" || code === "EEXIST"
        ? "a file is in the way"
        : "permission denied";
  return new DatasetFetchError(
    "folder not writable",
    `cannot write the datasets folder ${folder}: ${why} (${code}); set JOULEBENCH_DATASETS_DIR to a writable folder`,
  );
}

/** undici's own message is "fetch failed"; the reason is in its cause (e.g. "bad port"). */
function deepestMessage(error: unknown): string {
  let message = String(error);
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++)
    message = current.message;
  return message;
}

function hostOf(source: string): string {
  try {
    return new URL(source).host;
  } catch {
    return source;
  }
}
