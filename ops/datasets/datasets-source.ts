/**
 * Where dataset files are fetched from: the manifest's default host, or JOULEBENCH_DATASETS_MIRROR, a base URL or
 * a folder serving the same pinned paths (owner/name/commit/path). Opening a file at an offset gives its bytes
 * from there when the source can resume (an HTTP 206 answer, or any folder), else from the start.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { datasetsManifest, pinnedPath, type ManifestFile } from "../../lib/tasks/datasets-manifest";
import { DatasetFetchError, networkFailure } from "./fetch-failure";

export type DatasetsSource = { kind: "url"; base: string } | { kind: "folder"; folder: string };

export interface OpenedFile {
  /** Where the bytes come from, for messages. */
  location: string;
  /** The offset the bytes start at: the one asked for, or 0 when the source restarted the file. */
  startsAt: number;
  body: AsyncIterable<Uint8Array>;
}

export function datasetsSource(mirror: string | undefined, repoRoot = process.cwd()): DatasetsSource {
  const configured = mirror?.trim();
  if (!configured) return { kind: "url", base: datasetsManifest().defaultSource };
  if (/^https?:\/\//i.test(configured)) return { kind: "url", base: configured };
  return { kind: "folder", folder: path.resolve(repoRoot, configured.replace(/^file:\/\//i, "")) };
}

export function describeSource(source: DatasetsSource): string {
  return source.kind === "url" ? source.base : source.folder;
}

export function fileLocation(source: DatasetsSource, file: ManifestFile): string {
  const segments = pinnedPath(file);
  if (source.kind === "folder") return path.join(source.folder, ...segments);
  return `${source.base.replace(/\/+$/, "")}/${segments.map(encodeURIComponent).join("/")}`;
}

export async function openSourceFile(
  source: DatasetsSource,
  file: ManifestFile,
  offset: number,
  signal: AbortSignal,
): Promise<OpenedFile> {
  const location = fileLocation(source, file);
  if (source.kind === "folder") {
    const found = await stat(location).then(
      (stats) => stats.isFile(),
      () => false,
    );
    if (!found)
      throw new DatasetFetchError("not found at the source", `${file.path}: ${location} is not in the mirror folder`);
    return { location, startsAt: offset, body: createReadStream(location, { start: offset, signal }) };
  }
  let response: Response;
  try {
    response = await fetch(location, {
      headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
      signal,
      redirect: "follow",
    });
  } catch (error) {
    throw signal.aborted ? signal.reason : networkFailure(error, file.path, location);
  }
  const resumed = response.status === 206 && contentRangeStart(response.headers.get("content-range")) === offset;
  if (response.status === 200 || resumed) return { location, startsAt: resumed ? offset : 0, body: bodyOf(response) };
  await response.body?.cancel().catch(() => undefined);
  // 416: the part we hold is not a prefix the server can continue (it changed, or is already whole): start over.
  if (offset > 0 && (response.status === 416 || response.status === 206))
    return openSourceFile(source, file, 0, signal);
  const reason = response.status === 404 || response.status === 410 ? "not found at the source" : "HTTP error";
  throw new DatasetFetchError(
    reason,
    `${file.path}: ${location} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`,
  );
}

function contentRangeStart(header: string | null): number | undefined {
  const match = header ? /^bytes (\d+)-/.exec(header) : null;
  return match ? Number(match[1]) : undefined;
}

function bodyOf(response: Response): AsyncIterable<Uint8Array> {
  if (!response.body) return (async function* () {})();
  return response.body as unknown as AsyncIterable<Uint8Array>;
}
