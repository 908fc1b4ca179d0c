/**
 * Whether a dataset file holds the bytes its manifest entry records: size first (free), then sha256 and row
 * count (one read each). A verified file is remembered by size and modification time, so a start reads each
 * file once, not once per start.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { MeasuredFile, ManifestFile } from "./datasets-manifest";
import { readRows } from "./row-readers";

export interface FileFigures {
  bytes: number;
  sha256: string;
  rows: number;
}

export async function sha256OfFile(filePath: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(filePath)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest("hex") };
}

/** Rows as the project's readers see them: the header and blank lines are not rows. */
export async function countRows(
  filePath: string,
  file: Pick<ManifestFile, "path" | "format" | "header">,
): Promise<number> {
  let rows = 0;
  const spec = { path: file.path, format: file.format, header: file.header, columns: {}, labelMap: {} };
  for await (const row of readRows(filePath, spec)) if (!row.blank) rows++;
  return rows;
}

export async function measureDatasetFile(
  filePath: string,
  file: Pick<ManifestFile, "path" | "format" | "header">,
): Promise<FileFigures> {
  const { bytes, sha256 } = await sha256OfFile(filePath);
  return { bytes, sha256, rows: await countRows(filePath, file) };
}

/** Why the bytes at filePath are not the manifest's, or null when they are. `source` names where they came from. */
export async function fileMismatch(filePath: string, file: MeasuredFile, source: string): Promise<string | null> {
  const { size } = await stat(filePath);
  if (size !== file.bytes)
    return `${file.path} from ${source} has ${size} bytes, not the ${file.bytes} recorded in the manifest`;
  const { sha256 } = await sha256OfFile(filePath);
  if (sha256 !== file.sha256)
    return `${file.path} from ${source} has sha256 ${sha256}, not the recorded ${file.sha256} (digest mismatch)`;
  const rows = await countRows(filePath, file).catch(() => -1);
  if (rows !== file.rows)
    return `${file.path} from ${source} has ${rows < 0 ? "unreadable" : rows} rows, not the recorded ${file.rows}`;
  return null;
}

interface Remembered {
  bytes: number;
  mtimeMs: number;
  sha256: string;
}

/**
 * The files already verified, kept in a small JSON file (under the data directory: the datasets root may be
 * read-only). A file is re-read only when its size or modification time changed, or its manifest digest did.
 */
export class VerifiedFiles {
  private constructor(
    private readonly memoryFile: string,
    private readonly entries: Record<string, Remembered>,
  ) {}

  static async open(memoryFile: string): Promise<VerifiedFiles> {
    const text = await readFile(memoryFile, "utf8").catch(() => "{}");
    let entries: Record<string, Remembered> = {};
    try {
      entries = JSON.parse(text) as Record<string, Remembered>;
    } catch {
      // A damaged memory only costs one more read of each file.
    }
    return new VerifiedFiles(memoryFile, entries);
  }

  /** Null when the file at filePath holds the manifest's bytes; otherwise why not. */
  async check(filePath: string, file: MeasuredFile): Promise<string | null> {
    const stats = await stat(filePath);
    if (stats.size !== file.bytes)
      return `${file.path} in ${path.dirname(filePath)} has ${stats.size} bytes, not the ${file.bytes} recorded in the manifest`;
    const remembered = this.entries[filePath];
    if (
      remembered &&
      remembered.bytes === stats.size &&
      remembered.mtimeMs === stats.mtimeMs &&
      remembered.sha256 === file.sha256
    )
      return null;
    const problem = await fileMismatch(filePath, file, path.dirname(filePath));
    if (!problem) this.entries[filePath] = { bytes: stats.size, mtimeMs: stats.mtimeMs, sha256: file.sha256 };
    return problem;
  }

  async save(): Promise<void> {
    await mkdir(path.dirname(this.memoryFile), { recursive: true });
    await writeFile(this.memoryFile, `${JSON.stringify(this.entries, null, 2)}\n`);
  }
}
