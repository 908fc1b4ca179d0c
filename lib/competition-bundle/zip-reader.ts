/**
 * Reads a competition file without trusting it: the entry count and every name are checked from the central
 * directory before any entry is read, and each entry is read through a byte counter (lib/bundle's), so a zip
 * bomb stops at the limits whatever its headers claim. Entries are streamed one at a time, never extracted all.
 */
import type { Readable } from "node:stream";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { createByteLimiter } from "../bundle/safe-unzip";

export interface CompetitionZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalUncompressedBytes: number;
}

/** A competition's files: a manifest, two Markdown files and a few data files per task. */
export const COMPETITION_ZIP_LIMITS: CompetitionZipLimits = {
  maxEntries: 500,
  maxEntryBytes: 1024 ** 3,
  maxTotalUncompressedBytes: 4 * 1024 ** 3,
};

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

export interface CompetitionZip {
  /** Regular files by name. */
  readonly names: ReadonlySet<string>;
  /** The entry's bytes as a stream that fails past the limits. */
  stream(name: string): Promise<Readable>;
  text(name: string, maxBytes?: number): Promise<string>;
  close(): void;
}

/** Opens the zip and lists its files; problems with names or counts are returned, not thrown. */
export async function openCompetitionZip(
  zipPath: string,
  limits: CompetitionZipLimits = COMPETITION_ZIP_LIMITS,
): Promise<{ zip: CompetitionZip | null; problems: string[] }> {
  let zipfile: ZipFile;
  try {
    zipfile = await new Promise<ZipFile>((resolve, reject) =>
      yauzl.open(zipPath, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, opened) =>
        error ? reject(error) : resolve(opened),
      ),
    );
  } catch (error) {
    return {
      zip: null,
      problems: [`The file is not a readable zip (${error instanceof Error ? error.message : String(error)}).`],
    };
  }
  if (zipfile.entryCount > limits.maxEntries) {
    zipfile.close();
    return {
      zip: null,
      problems: [
        `The zip holds ${zipfile.entryCount} entries; a competition file may hold at most ${limits.maxEntries}.`,
      ],
    };
  }
  const problems: string[] = [];
  const entries = new Map<string, Entry>();
  try {
    for (const entry of await readEntries(zipfile)) {
      const name = entry.fileName;
      if (name.endsWith("/")) continue;
      if (name.startsWith("/") || name.includes("\\") || name.split("/").includes(".."))
        problems.push(`"${name}" is not a safe path inside the archive.`);
      else if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK)
        problems.push(`"${name}" is a symbolic link.`);
      else if (entry.uncompressedSize > limits.maxEntryBytes)
        problems.push(`"${name}" is larger than ${limits.maxEntryBytes} bytes.`);
      else entries.set(name, entry);
    }
  } catch (error) {
    zipfile.close();
    return { zip: null, problems: [`The zip is damaged (${error instanceof Error ? error.message : String(error)}).`] };
  }
  const budget = { remainingTotal: limits.maxTotalUncompressedBytes };
  const zip: CompetitionZip = {
    names: new Set(entries.keys()),
    async stream(name) {
      const entry = entries.get(name);
      if (!entry) throw new Error(`no entry ${name} in the competition file`);
      const source = await new Promise<Readable>((resolve, reject) =>
        zipfile.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))),
      );
      const limiter = createByteLimiter(name, limits.maxEntryBytes, budget);
      source.on("error", (error) => limiter.destroy(error));
      return source.pipe(limiter);
    },
    async text(name, maxBytes = 1024 * 1024) {
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of await zip.stream(name)) {
        total += (chunk as Buffer).length;
        if (total > maxBytes) throw new Error(`"${name}" is larger than ${maxBytes} bytes`);
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks).toString("utf8");
    },
    close: () => zipfile.close(),
  };
  return { zip, problems };
}

function readEntries(zipfile: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zipfile.on("entry", (entry: Entry) => {
      entries.push(entry);
      zipfile.readEntry();
    });
    zipfile.once("end", () => resolve(entries));
    zipfile.once("error", reject);
    zipfile.readEntry();
  });
}
