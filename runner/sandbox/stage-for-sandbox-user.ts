/**
 * When the runner runs as root, the sandboxed child starts as the host's `nobody` (see sandbox-command.ts,
 * dropToHostUid), and bubblewrap resolves its bind mounts as that user. Everything it mounts must therefore be
 * reachable by nobody, which a repository under /root (mode 0700) or a private temp folder is not. So the
 * files are staged under the system temp folder (mode 1777, traversable by all):
 * - the runtime (child script, onnxruntime's packages for this platform only) once per runner process;
 * - each evaluation's bundle and job, removed with the evaluation.
 * A runner that is not root runs the child as itself, which can read its own files: nothing is staged.
 */
import { createHash } from "node:crypto";
import { chmod, cp, mkdtemp, readFile, readdir, rename, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export interface StagedRuntime {
  childScript: string;
  packageDirs: Record<string, string>;
}

const stagedRuntimes = new Map<string, Promise<StagedRuntime>>();

export function mustStageForSandboxUser(): boolean {
  return process.getuid?.() === 0;
}

/** The child script and packages, copied once into a world-readable folder. */
export function stageRuntime(childScript: string, packages: Record<string, string>): Promise<StagedRuntime> {
  let staged = stagedRuntimes.get(childScript);
  if (!staged) {
    staged = copyRuntime(childScript, packages);
    stagedRuntimes.set(childScript, staged);
  }
  return staged;
}

async function copyRuntime(childScript: string, packages: Record<string, string>): Promise<StagedRuntime> {
  const key = createHash("sha256")
    .update(await readFile(childScript))
    .update(JSON.stringify(packages))
    .digest("hex")
    .slice(0, 16);
  const target = path.join(os.tmpdir(), `joulebench-runtime-${key}`);
  const result: StagedRuntime = {
    childScript: path.join(target, "child.mjs"),
    packageDirs: Object.fromEntries(Object.keys(packages).map((name) => [name, path.join(target, "node_modules", name)])),
  };
  if (await exists(result.childScript)) return result;
  const building = await mkdtemp(path.join(os.tmpdir(), "joulebench-runtime-building-"));
  await cp(childScript, path.join(building, "child.mjs"));
  for (const [name, dir] of Object.entries(packages)) {
    await cp(dir, path.join(building, "node_modules", name), { recursive: true, filter: (source) => keepForThisPlatform(source) });
  }
  await openUp(building);
  // rename is atomic: a concurrent runner either finds the finished folder or builds its own copy.
  await rename(building, target).catch(async () => rm(building, { recursive: true, force: true }));
  return result;
}

/** onnxruntime-node ships binaries for every platform (~290 MB); only this one's are needed. */
function keepForThisPlatform(source: string): boolean {
  const match = /[\\/]bin[\\/]napi-v\d+[\\/]([^\\/]+)(?:[\\/]([^\\/]+))?/.exec(source);
  if (!match) return true;
  const [, platform, arch] = match;
  return platform === process.platform && (arch === undefined || arch === process.arch);
}

/** A per-evaluation copy of the bundle and job folders, readable by nobody. */
export async function stageEvaluation(folders: { bundleDir: string; jobDir: string }) {
  const root = await mkdtemp(path.join(os.tmpdir(), "joulebench-sandbox-"));
  const bundleDir = path.join(root, "model");
  const jobDir = path.join(root, "job");
  await cp(folders.bundleDir, bundleDir, { recursive: true });
  await cp(folders.jobDir, jobDir, { recursive: true });
  await openUp(root);
  return { bundleDir, jobDir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Directories 0755 and files 0644: readable and traversable by all, writable by the runner only. */
async function openUp(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await openUp(full);
    else if (entry.isFile()) await chmod(full, (await stat(full)).mode & 0o111 ? 0o755 : 0o644);
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

