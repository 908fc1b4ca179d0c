/**
 * Which entries of an uploaded zip may be extracted, and where to. Decided from the central directory alone,
 * before a single byte is written, so a hostile zip is refused whole rather than half-extracted.
 */
import { BundleError, joinProblems, type BundleErrorCode } from "./bundle-error";

/** What safe-unzip reads from the central directory for each entry. */
export interface ZipEntryInfo {
  /** The name as stored, decoded but not normalised (backslashes kept, so they can be refused). */
  name: string;
  /** Unix mode from the upper 16 bits of the external attributes; 0 when the zip was made elsewhere. */
  unixMode: number;
  compressedSize: number;
  uncompressedSize: number;
}

export interface ZipLimits {
  /** Counted from the central directory before anything is extracted. */
  maxEntries: number;
  maxTotalUncompressedBytes: number;
  maxEntryBytes: number;
  /** Uncompressed / compressed size of one entry; a bundle is mostly an already-dense ONNX file (about 1.1). */
  maxCompressionRatio: number;
}

export interface PlannedEntry {
  entry: ZipEntryInfo;
  /** File name inside the extraction folder: always a single allowed top-level name. */
  target: string;
}

export const BUNDLE_FILE_NAMES = ["model.onnx", "tokenizer.json", "joulebench.json", "README.md", "LICENSE"] as const;
/** ONNX external-data files (weights stored beside model.onnx); a plain name, no leading dot. */
const EXTERNAL_DATA_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.(data|bin|onnx_data)$/;
/** Finder's "Compress" adds these: skipping them spares Mac users a rejection they could not see coming. */
const IGNORED_JUNK = (name: string) => name.startsWith("__MACOSX/") || name.split("/").at(-1) === ".DS_Store";
/** Below this an entry's compression ratio is irrelevant (a README of spaces compresses 500:1 and harms no one). */
const RATIO_EXEMPT_BYTES = 1024 * 1024;

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

const ALLOWED_TEXT = `${BUNDLE_FILE_NAMES.join(", ")}, and external data files (*.data, *.bin, *.onnx_data)`;

/** Throws the most serious problem found (with every problem of that code in `details`), or returns the plan. */
export function planBundleEntries(entries: readonly ZipEntryInfo[], limits: ZipLimits): PlannedEntry[] {
  const problems: { code: BundleErrorCode; text: string }[] = [];
  const flag = (code: BundleErrorCode, text: string) => problems.push({ code, text });

  const files: ZipEntryInfo[] = [];
  for (const entry of entries) {
    const unsafe = unsafePathReason(entry.name);
    if (unsafe) {
      flag("UNSAFE_ZIP_PATH", `"${printable(entry.name)}" ${unsafe}`);
      continue;
    }
    const type = entry.unixMode & S_IFMT;
    if (type === S_IFLNK) {
      flag("ZIP_SYMLINK", `"${entry.name}" is a symbolic link`);
      continue;
    }
    const isDirectory = entry.name.endsWith("/") || type === S_IFDIR;
    if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) {
      flag("UNEXPECTED_FILE", `"${entry.name}" is not a regular file`);
      continue;
    }
    if (IGNORED_JUNK(entry.name)) continue;
    const depth = entry.name.replace(/\/$/, "").split("/").length;
    if (isDirectory) {
      if (depth > 1) flag("UNEXPECTED_FILE", `"${entry.name}" is nested deeper than one folder`);
      continue;
    }
    if (depth > 2) flag("UNEXPECTED_FILE", `"${entry.name}" is nested deeper than one folder`);
    else files.push(entry);
  }

  // Zipping a folder ("zip -r bundle.zip bundle/") wraps every file in it; accept that one wrapper and no mix.
  const folders = new Set(files.map((entry) => (entry.name.includes("/") ? entry.name.split("/")[0] : "")));
  const wrapper = folders.size === 1 && !folders.has("") ? [...folders][0] : undefined;

  const plan: PlannedEntry[] = [];
  const targets = new Set<string>();
  for (const entry of files) {
    const nested = entry.name.includes("/");
    if (nested && wrapper === undefined) {
      flag(
        "UNEXPECTED_FILE",
        `"${entry.name}" is inside a folder; put every file at the top level of the zip (or all in one folder)`,
      );
      continue;
    }
    const target = nested ? entry.name.slice(entry.name.indexOf("/") + 1) : entry.name;
    if (!(BUNDLE_FILE_NAMES as readonly string[]).includes(target) && !EXTERNAL_DATA_NAME.test(target)) {
      const renameHint = target.endsWith(".onnx")
        ? " (name the model model.onnx)"
        : target.endsWith(".json")
          ? " (a tokenizer must be named tokenizer.json, the manifest joulebench.json)"
          : "";
      flag("UNEXPECTED_FILE", `"${entry.name}" is not a file a bundle may hold${renameHint}`);
      continue;
    }
    if (targets.has(target)) {
      flag("UNEXPECTED_FILE", `"${entry.name}" appears twice`);
      continue;
    }
    targets.add(target);
    plan.push({ entry, target });
  }

  let total = 0;
  for (const { entry } of plan) {
    total += entry.uncompressedSize;
    if (entry.uncompressedSize > limits.maxEntryBytes) {
      flag(
        "TOO_LARGE",
        `"${entry.name}" is ${formatBytes(entry.uncompressedSize)} uncompressed, over the ${formatBytes(limits.maxEntryBytes)} limit per file`,
      );
    } else if (
      entry.uncompressedSize > RATIO_EXEMPT_BYTES &&
      entry.uncompressedSize > limits.maxCompressionRatio * Math.max(entry.compressedSize, 1)
    ) {
      flag(
        "TOO_LARGE",
        `"${entry.name}" expands more than ${limits.maxCompressionRatio} times (${formatBytes(entry.compressedSize)} to ${formatBytes(entry.uncompressedSize)}), which is how zip bombs look`,
      );
    }
  }
  if (total > limits.maxTotalUncompressedBytes) {
    flag(
      "TOO_LARGE",
      `the files add up to ${formatBytes(total)} uncompressed, over the ${formatBytes(limits.maxTotalUncompressedBytes)} limit`,
    );
  } else if (total > RATIO_EXEMPT_BYTES && total > limits.maxCompressionRatio * Math.max(compressedTotal(plan), 1)) {
    // Many files each under the per-file exemption can still inflate a small zip a thousandfold together.
    flag(
      "TOO_LARGE",
      `the files expand more than ${limits.maxCompressionRatio} times together (${formatBytes(compressedTotal(plan))} to ${formatBytes(total)}), which is how zip bombs look`,
    );
  }

  throwWorst(problems);
  return plan;
}

function compressedTotal(plan: readonly PlannedEntry[]): number {
  return plan.reduce((sum, { entry }) => sum + entry.compressedSize, 0);
}

// Escaping the extraction folder beats everything else: say that first, whatever else is wrong.
const SEVERITY: BundleErrorCode[] = ["UNSAFE_ZIP_PATH", "ZIP_SYMLINK", "TOO_LARGE", "UNEXPECTED_FILE"];
const HEADLINE: Partial<Record<BundleErrorCode, string>> = {
  UNSAFE_ZIP_PATH: "The zip holds paths that point outside it; rebuild it from a plain folder",
  ZIP_SYMLINK: "The zip holds symbolic links; replace them with the files themselves",
  TOO_LARGE: "The zip is too large once uncompressed",
  UNEXPECTED_FILE: `The zip holds files a bundle may not; allowed: ${ALLOWED_TEXT}`,
};

function throwWorst(problems: readonly { code: BundleErrorCode; text: string }[]): void {
  for (const code of SEVERITY) {
    const texts = problems.filter((problem) => problem.code === code).map((problem) => problem.text);
    if (texts.length > 0) throw new BundleError(code, `${HEADLINE[code]}: ${joinProblems(texts, 10)}`, texts);
  }
}

/** Why a stored name could land outside the extraction folder (or means different things on different systems). */
function unsafePathReason(name: string): string | undefined {
  if (name.length === 0) return "has an empty name";
  if (name.includes("\\")) return "contains a backslash";
  if (/[\u0000-\u001f]/.test(name)) return "contains control characters";
  if (name.startsWith("/")) return "is an absolute path";
  if (/^[A-Za-z]:/.test(name)) return "starts with a drive letter";
  const segments = name.replace(/\/$/, "").split("/");
  if (segments.includes("..")) return 'contains a ".." segment';
  if (segments.some((segment) => segment === "" || segment === ".")) return 'contains an empty or "." segment';
  return undefined;
}

function printable(name: string): string {
  return name.replace(/[\u0000-\u001f]/g, "?");
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value >= 10 ? 0 : 1)} ${units[unit]}`;
}
