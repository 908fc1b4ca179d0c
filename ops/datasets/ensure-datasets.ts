/**
 * Makes the given dataset files ready to use: fetches the missing ones, then verifies every one against the
 * manifest (size always; sha256 and rows once per file version, remembered in `memoryFile`). Says what is wrong
 * as a reason and a message instead of throwing, so a start can report it in one line and go on.
 */
import path from "node:path";
import type { MeasuredFile } from "../../lib/tasks/datasets-manifest";
import { VerifiedFiles } from "../../lib/tasks/dataset-file-check";
import type { DatasetsSource } from "./datasets-source";
import { DatasetFetchError, type FetchFailureReason } from "./fetch-failure";
import { fetchDatasets } from "./fetch-datasets";

export type DatasetsReadiness =
  | { ready: true; fetched: MeasuredFile[] }
  | { ready: false; stage: "fetch" | "verify"; reason: FetchFailureReason; message: string };

export interface EnsureOptions {
  root: string;
  files: MeasuredFile[];
  source: DatasetsSource;
  memoryFile: string;
  log: (line: string) => void;
  bars: boolean;
  stallTimeoutMs?: number;
}

export async function ensureDatasets(options: EnsureOptions): Promise<DatasetsReadiness> {
  let fetched: MeasuredFile[];
  try {
    fetched = await fetchDatasets(options);
  } catch (error) {
    if (!(error instanceof DatasetFetchError)) throw error;
    return { ready: false, stage: "fetch", reason: error.reason, message: error.message };
  }
  const verified = await VerifiedFiles.open(options.memoryFile);
  try {
    for (const file of options.files) {
      const problem = await verified.check(path.join(options.root, ...file.path.split("/")), file);
      if (problem) return { ready: false, stage: "verify", reason: "digest mismatch", message: problem };
    }
  } finally {
    // Not remembering only costs a re-read next time; a read-only data folder must not stop the start.
    await verified.save().catch(() => undefined);
  }
  return { ready: true, fetched };
}
