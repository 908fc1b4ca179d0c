/**
 * A multi-task bundle: one zip, one folder per task of the track, named by the task's slug, each holding what a
 * single-task bundle holds (model.onnx, joulebench.json, tokenizer.json, ...), and an optional shared/ folder for
 * files several tasks use, stored once: a task folder without a file takes shared/'s. For example
 *
 *   boolq/model.onnx  boolq/joulebench.json   cb/model.onnx  cb/joulebench.json   rte/model.onnx
 *   rte/joulebench.json   shared/tokenizer.json
 *
 * Each task's files become a single-task bundle of their own (a zip in the work folder), so validation, the
 * evaluation-data check and the measurement treat it exactly as they treat a single-task submission. Every
 * problem of the layout is named at once; nothing extracted outlives a refusal.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";
import { BundleError, isBundleError, joinProblems } from "./bundle-error";
import {
  DEFAULT_ZIP_LIMITS,
  asBundleError,
  extractEntry,
  openZip,
  readCentralDirectory,
  type ZipLimits,
} from "./safe-unzip";
import { planBundleEntries, type PlannedEntry } from "./zip-entry-rules";

export const SHARED_FOLDER = "shared";
const MODEL = "model.onnx";
const MANIFEST = "joulebench.json";

export interface TaskBundle {
  slug: string;
  /** A single-task bundle zip holding this task's files (its own, then shared/'s). */
  zipPath: string;
  /** Each file's name in that bundle and where it came from in the upload, e.g. "shared/tokenizer.json". */
  sources: Record<string, string>;
}

/** The zip's top-level folders: its tasks' and shared/. A single-model zip is told apart by having none. */
export async function isBenchmarkBundle(zipPath: string): Promise<boolean> {
  const zipfile = await openZip(zipPath).catch(() => null);
  if (!zipfile) return false;
  try {
    const entries = await readCentralDirectory(zipfile).catch(() => []);
    const names = entries.map(({ info }) => info.name).filter((name) => !isJunk(name));
    const folders = new Set(names.filter((name) => name.includes("/")).map((name) => name.split("/")[0]));
    return folders.size > 1 || folders.has(SHARED_FOLDER);
  } finally {
    zipfile.close();
  }
}

/**
 * Splits the upload into one single-task bundle per task, in `workDir` (which it creates). Throws BundleError
 * BENCHMARK_LAYOUT naming every problem (missing, unknown or misplaced folders, a task without a model, two tasks
 * sharing a model with different manifests), or the first unsafe-zip problem of a folder.
 */
export async function splitBenchmarkBundle(
  zipPath: string,
  workDir: string,
  taskSlugs: readonly string[],
  limits: Partial<ZipLimits> = {},
): Promise<TaskBundle[]> {
  const folders = [...taskSlugs, SHARED_FOLDER];
  const effective: ZipLimits = {
    ...DEFAULT_ZIP_LIMITS,
    maxEntries: DEFAULT_ZIP_LIMITS.maxEntries * folders.length,
    ...limits,
  };
  const zipfile = await openZip(zipPath).catch((error: unknown) => {
    throw asBundleError(error);
  });
  try {
    const entries = await readCentralDirectory(zipfile).catch((error: unknown) => {
      throw asBundleError(error);
    });
    if (entries.length > effective.maxEntries) {
      throw new BundleError(
        "TOO_MANY_ENTRIES",
        `The zip holds ${entries.length} entries; a bundle for ${taskSlugs.length} tasks may hold at most ${effective.maxEntries}.`,
      );
    }
    const problems: string[] = [];
    const groups = new Map<string, typeof entries>();
    for (const entry of entries) {
      if (isJunk(entry.info.name)) continue;
      const folder = entry.info.name.includes("/") ? entry.info.name.split("/")[0]! : "";
      groups.set(folder, [...(groups.get(folder) ?? []), entry]);
    }
    const plans = new Map<string, PlannedEntry[]>();
    for (const [folder, members] of groups) {
      if (folder === "") {
        problems.push(
          `${members.map((entry) => `"${entry.info.name}"`).join(", ")} ${members.length === 1 ? "is" : "are"} at the top level: put each task's files in a folder named after the task (${taskSlugs.join(", ")}), and files they share in ${SHARED_FOLDER}/`,
        );
        continue;
      }
      try {
        plans.set(
          folder,
          planBundleEntries(
            members.map(({ info }) => info),
            effective,
          ),
        );
      } catch (error) {
        if (!isBundleError(error) || error.code === "TOO_LARGE") throw error;
        // An unsafe name is refused as such, whatever else is wrong.
        if (error.code === "UNSAFE_ZIP_PATH" || error.code === "ZIP_SYMLINK") throw error;
        problems.push(`${folder}/: ${error.message}`);
        continue;
      }
      if (!folders.includes(folder))
        problems.push(`folder "${folder}" names no task of this track (its tasks: ${taskSlugs.join(", ")})`);
    }
    for (const slug of taskSlugs) {
      if (!groups.has(slug)) problems.push(`no folder for task "${slug}"`);
    }
    const shared = plans.get(SHARED_FOLDER) ?? [];
    for (const slug of taskSlugs) {
      const own = plans.get(slug);
      if (own && !own.some((entry) => entry.target === MODEL) && !shared.some((entry) => entry.target === MODEL)) {
        problems.push(`task "${slug}" has no ${MODEL} (neither in ${slug}/ nor in ${SHARED_FOLDER}/)`);
      }
    }
    if (problems.length > 0) throw layoutError(problems);

    await mkdir(workDir, { recursive: true });
    const budget = { remainingTotal: effective.maxTotalUncompressedBytes };
    const extracted = new Map<string, string>();
    for (const [folder, plan] of plans) {
      await mkdir(path.join(workDir, "files", folder), { recursive: true });
      for (const planned of plan) {
        const raw = entries.find(({ info }) => info === planned.entry)!.raw;
        const target = path.join(workDir, "files", folder, planned.target);
        await extractEntry(zipfile, raw, planned, target, effective, budget, []);
        extracted.set(`${folder}/${planned.target}`, target);
      }
    }
    const bundles = taskSlugs.map((slug) => resolveTaskFiles(slug, plans, extracted));
    await checkSharedModels(bundles, extracted);
    for (const bundle of bundles) await writeZip(bundle, extracted, path.join(workDir, `${bundle.slug}.zip`));
    return bundles.map((bundle) => ({ ...bundle, zipPath: path.join(workDir, `${bundle.slug}.zip`) }));
  } catch (error) {
    await rm(workDir, { recursive: true, force: true });
    throw asBundleError(error);
  } finally {
    zipfile.close();
  }
}

function resolveTaskFiles(
  slug: string,
  plans: Map<string, PlannedEntry[]>,
  extracted: Map<string, string>,
): Omit<TaskBundle, "zipPath"> {
  const sources: Record<string, string> = {};
  for (const folder of [SHARED_FOLDER, slug]) {
    for (const planned of plans.get(folder) ?? []) {
      if (extracted.has(`${folder}/${planned.target}`)) sources[planned.target] = `${folder}/${planned.target}`;
    }
  }
  return { slug, sources };
}

/** One model answers one way: tasks whose model is the same file (or the same bytes) must give it the same manifest. */
async function checkSharedModels(
  bundles: readonly Omit<TaskBundle, "zipPath">[],
  extracted: Map<string, string>,
): Promise<void> {
  const byModel = new Map<string, { slug: string; manifest: string; source: string }[]>();
  for (const bundle of bundles) {
    const modelSource = bundle.sources[MODEL]!;
    const digest = await sha256(extracted.get(modelSource)!);
    const manifestSource = bundle.sources[MANIFEST];
    const manifest = manifestSource ? canonicalJson(await readFile(extracted.get(manifestSource)!, "utf8")) : "(none)";
    byModel.set(digest, [...(byModel.get(digest) ?? []), { slug: bundle.slug, manifest, source: modelSource }]);
  }
  const problems: string[] = [];
  for (const users of byModel.values()) {
    if (new Set(users.map((user) => user.manifest)).size <= 1) continue;
    problems.push(
      `tasks ${users.map((user) => `"${user.slug}"`).join(" and ")} use the same model (${[...new Set(users.map((user) => user.source))].join(", ")}) with different manifests: a shared model needs one manifest, or give each task its own model`,
    );
  }
  if (problems.length > 0) throw layoutError(problems);
}

function canonicalJson(text: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    return text;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, inner]) => [key, sortKeys(inner)]),
    );
  }
  return value;
}

async function sha256(filePath: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(filePath), hash);
  return hash.digest("hex");
}

async function writeZip(
  bundle: Omit<TaskBundle, "zipPath">,
  extracted: Map<string, string>,
  zipPath: string,
): Promise<void> {
  const zip = new yazl.ZipFile();
  // Stored, not deflated: the files are read once more right after, and models barely compress.
  for (const [name, source] of Object.entries(bundle.sources))
    zip.addFile(extracted.get(source)!, name, { compress: false });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(zipPath, { flags: "wx" }));
}

function layoutError(problems: string[]): BundleError {
  return new BundleError(
    "BENCHMARK_LAYOUT",
    `The multi-task bundle does not fit the track: ${joinProblems(problems, 20)}.`,
    problems,
  );
}

function isJunk(name: string): boolean {
  return name.startsWith("__MACOSX/") || name.split("/").at(-1) === ".DS_Store";
}
