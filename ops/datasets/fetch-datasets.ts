/**
 * The fetch step (`npm run datasets`, and the demo's first start): downloads every listed file that is not
 * under the datasets root yet, one after the other, with a progress bar per file on a terminal (a line per file
 * otherwise, e.g. under `npm start`, whose children write to a pipe). Once the source answers it prints each
 * dataset's citation and terms, once. Stops at the first failure with a DatasetFetchError.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { MultiBar, Presets, type SingleBar } from "cli-progress";
import { datasetsManifest, type MeasuredFile } from "../../lib/tasks/datasets-manifest";
import { describeSource, type DatasetsSource } from "./datasets-source";
import { downloadFile } from "./download-file";

/** No byte for this long ends a transfer; a slow but moving one is never cut. */
export const DEFAULT_STALL_TIMEOUT_MS = 30_000;
const ATTEMPTS = 3;

export interface FetchOptions {
  root: string;
  files: MeasuredFile[];
  source: DatasetsSource;
  log: (line: string) => void;
  /** Draw progress bars (a terminal) or write one line per file. */
  bars: boolean;
  stallTimeoutMs?: number;
}

export function missingFiles(root: string, files: MeasuredFile[]): MeasuredFile[] {
  return files.filter((file) => !existsSync(path.join(root, ...file.path.split("/"))));
}

/** Bytes for people: SI prefixes, 3 significant digits. */
export function formatDataSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const [value, unit] = bytes < 1e6 ? [bytes / 1e3, "kB"] : bytes < 1e9 ? [bytes / 1e6, "MB"] : [bytes / 1e9, "GB"];
  return `${Number(value.toPrecision(3))} ${unit}`;
}

/** Each dataset's citation and terms, once, for the files about to be fetched. */
export function describeTerms(files: MeasuredFile[]): string[] {
  const { datasets } = datasetsManifest();
  const lines: string[] = [];
  for (const id of [...new Set(files.map((file) => file.dataset))]) {
    const dataset = datasets[id]!;
    const use = dataset.redistributable
      ? ""
      : " Fetched for use on this machine: do not commit, bundle or re-serve it.";
    lines.push(`  ${dataset.title}: cite ${dataset.citation}. Terms: ${dataset.terms}.${use}`);
  }
  return lines;
}

/** Fetches the missing files; returns the ones it fetched. */
export async function fetchDatasets(options: FetchOptions): Promise<MeasuredFile[]> {
  const { root, source, log } = options;
  const missing = missingFiles(root, options.files);
  if (missing.length === 0) return [];
  const total = missing.reduce((sum, file) => sum + file.bytes, 0);
  // Announced once a source answers, so that a start without network says only why it could not fetch.
  let bars: MultiBar | undefined;
  let announced = false;
  const announce = () => {
    if (announced) return;
    announced = true;
    log(
      `Fetching ${missing.length} dataset file(s), ${formatDataSize(total)}, from ${describeSource(source)} into ${root}:`,
    );
    for (const line of describeTerms(missing)) log(line);
    if (options.bars)
      bars = new MultiBar(
        { format: " {bar} {percentage}% | {file} {size}", hideCursor: true, clearOnComplete: false },
        Presets.shades_classic,
      );
  };
  try {
    for (const file of missing) {
      let bar: SingleBar | undefined;
      await downloadFile({
        file,
        root,
        source,
        stallTimeoutMs: options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS,
        attempts: ATTEMPTS,
        onStart: () => {
          announce();
          bar ??= bars?.create(file.bytes, 0, { file: file.path, size: formatDataSize(file.bytes) });
        },
        onProgress: (received) => bar?.update(received),
      });
      if (!bars)
        log(
          `  ${file.path}: ${formatDataSize(file.bytes)}, ${file.rows.toLocaleString("en-US")} rows, sha256 verified`,
        );
    }
  } finally {
    bars?.stop();
  }
  log(`Fetched and verified ${missing.length} dataset file(s) into ${root}.`);
  return missing;
}
