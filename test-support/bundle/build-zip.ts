/**
 * Test support: builds real zips with yazl, including the hostile ones yazl refuses to make. yazl rejects
 * "../evil" and "/abs", so such entries are written under a placeholder name of the same byte length and the
 * name bytes are swapped afterwards in both the local header and the central directory (zip stores no checksum
 * of names, so the result is exactly what a hand-crafted malicious zip would be).
 */
import { createWriteStream } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";

export interface ZipFixtureEntry {
  name: string;
  data?: Buffer | string;
  /** Streamed content (for large entries that should never sit in memory). */
  stream?: Readable;
  /** Unix mode, e.g. 0o120777 for a symbolic link. */
  mode?: number;
  compress?: boolean;
  directory?: boolean;
}

export async function writeZip(zipPath: string, entries: readonly ZipFixtureEntry[]): Promise<void> {
  const zip = new yazl.ZipFile();
  const renames: [Buffer, Buffer][] = [];
  entries.forEach((entry, index) => {
    const wanted = Buffer.from(entry.name);
    const safeForYazl = !/^\/|^[A-Za-z]:|\\|(^|\/)\.\.(\/|$)/.test(entry.name);
    const stored = safeForYazl ? entry.name : placeholderName(index, wanted.length);
    if (!safeForYazl) renames.push([Buffer.from(stored), wanted]);
    const options = { mode: entry.mode, compress: entry.compress ?? true };
    if (entry.directory) zip.addEmptyDirectory(stored, { mode: entry.mode });
    else if (entry.stream) zip.addReadStream(entry.stream, stored, options);
    else zip.addBuffer(Buffer.from(entry.data ?? ""), stored, options);
  });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(zipPath));
  if (renames.length === 0) return;
  const bytes = await readFile(zipPath);
  for (const [from, to] of renames) replaceAll(bytes, from, to);
  await writeFile(zipPath, bytes);
}

/** Overwrites the uncompressed size the central directory declares for the entry at `index` (a lying header). */
export async function falsifyDeclaredSize(zipPath: string, index: number, uncompressedSize: number): Promise<void> {
  const bytes = await readFile(zipPath);
  const signature = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
  let offset = -1;
  for (let seen = 0; seen <= index; seen += 1) {
    offset = bytes.indexOf(signature, offset + 1);
    if (offset < 0) throw new Error(`no central directory entry ${index}`);
  }
  bytes.writeUInt32LE(uncompressedSize, offset + 24);
  await writeFile(zipPath, bytes);
}

function placeholderName(index: number, length: number): string {
  const prefix = `q${index}`;
  if (prefix.length > length) throw new Error("hostile names in fixtures need at least 3 bytes");
  return prefix + "z".repeat(length - prefix.length);
}

function replaceAll(haystack: Buffer, from: Buffer, to: Buffer): void {
  let offset = haystack.indexOf(from);
  if (offset < 0) throw new Error(`placeholder ${from.toString()} not found in the zip`);
  while (offset >= 0) {
    to.copy(haystack, offset);
    offset = haystack.indexOf(from, offset + from.length);
  }
}
