/**
 * Downloads one dataset file into the datasets root. The bytes go to `<file>.download` beside the final path;
 * only once its size, sha256 and row count are the manifest's is it renamed into place, so a reader never sees a
 * partial or wrong file. A transfer that is cut off resumes from the bytes already written (HTTP Range) or, on a
 * source that cannot resume, restarts; one that stalls is abandoned after `stallTimeoutMs` without a byte. Any
 * failure removes the partial file and throws a DatasetFetchError.
 */
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { MeasuredFile } from "../../lib/tasks/datasets-manifest";
import { fileMismatch } from "../../lib/tasks/dataset-file-check";
import { fileLocation, openSourceFile, type DatasetsSource } from "./datasets-source";
import { DatasetFetchError, networkFailure, writeFailure } from "./fetch-failure";

export interface DownloadOptions {
  file: MeasuredFile;
  root: string;
  source: DatasetsSource;
  /** Give up on a transfer that sends nothing for this long: a stalled server must not hang the start. */
  stallTimeoutMs: number;
  /** Transfers tried before a cut-off file counts as failed. */
  attempts: number;
  /** Called when the source answers with bytes to write, before the first is written (on each try). */
  onStart?: () => void;
  onProgress?: (receivedBytes: number) => void;
}

export const PARTIAL_SUFFIX = ".download";

export async function downloadFile(options: DownloadOptions): Promise<void> {
  const { file, root } = options;
  const finalPath = path.join(root, ...file.path.split("/"));
  const partialPath = `${finalPath}${PARTIAL_SUFFIX}`;
  try {
    await mkdir(path.dirname(finalPath), { recursive: true });
    await transferWithRetries(options, partialPath);
    const problem = await fileMismatch(partialPath, file, fileLocation(options.source, file));
    if (problem) throw new DatasetFetchError("digest mismatch", `refused: ${problem}`);
    await rename(partialPath, finalPath);
  } catch (error) {
    await rm(partialPath, { force: true }).catch(() => undefined);
    if (error instanceof DatasetFetchError) throw error;
    throw writeFailure(error, root) ?? error;
  }
}

async function transferWithRetries(options: DownloadOptions, partialPath: string): Promise<void> {
  const { file } = options;
  let lastCutOff: DatasetFetchError | undefined;
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    // A part left by an earlier, killed run is resumed too: the digest check at the end catches a bad prefix.
    let held = await stat(partialPath).then(
      (stats) => stats.size,
      () => 0,
    );
    if (held > file.bytes) {
      await rm(partialPath);
      held = 0;
    }
    if (held === file.bytes) return;
    try {
      await transferOnce(options, partialPath, held);
    } catch (error) {
      if (!(error instanceof DatasetFetchError) || error.reason !== "cut off") throw error;
      lastCutOff = error;
      continue;
    }
    const size = (await stat(partialPath)).size;
    if (size >= file.bytes) return;
    lastCutOff = new DatasetFetchError(
      "cut off",
      `${file.path}: the download from ${fileLocation(options.source, file)} was cut off at ${size} of ${file.bytes} bytes`,
    );
  }
  throw new DatasetFetchError("cut off", `${lastCutOff?.message ?? file.path} (${options.attempts} tries)`);
}

async function transferOnce(options: DownloadOptions, partialPath: string, offset: number): Promise<void> {
  const { file, source, stallTimeoutMs } = options;
  const controller = new AbortController();
  const location = fileLocation(source, file);
  const stalled = new DatasetFetchError(
    "timed out",
    `${file.path}: ${location} sent nothing for ${stallTimeoutMs / 1000} s (timed out)`,
  );
  let timer: NodeJS.Timeout | undefined;
  const armStallTimer = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(stalled), stallTimeoutMs);
  };
  armStallTimer();
  const output = { handle: undefined as Awaited<ReturnType<typeof open>> | undefined };
  try {
    const opened = await openSourceFile(source, file, offset, controller.signal);
    options.onStart?.();
    output.handle = await open(partialPath, opened.startsAt > 0 ? "a" : "w");
    let received = opened.startsAt;
    options.onProgress?.(received);
    for await (const chunk of opened.body) {
      armStallTimer();
      await output.handle.write(chunk);
      received += chunk.length;
      options.onProgress?.(received);
    }
  } catch (error) {
    if (controller.signal.aborted) throw stalled;
    if (error instanceof DatasetFetchError) throw error;
    throw writeFailure(error, options.root) ?? networkFailure(error, file.path, location);
  } finally {
    clearTimeout(timer);
    await output.handle?.close();
  }
}
