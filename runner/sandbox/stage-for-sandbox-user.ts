/**
 * When the runner runs as root, the sandboxed child starts as the host's `nobody` (see sandbox-command.ts,
 * dropTo), and bubblewrap resolves its bind mounts as that user. Everything it mounts must therefore be
 * reachable by the child, which a repository under /root (mode 0700) or the runner's private work folder is not.
 * So the files are copied into the process's staging area (runner/staging/staging-area.ts), and opened to groups
 * that only the child is given, never to other users:
 * - the runtime (child script, onnxruntime's packages for this platform only), once per process, to the area's
 *   group;
 * - each attempt's bundle and job, to a group made for that attempt alone, and removed with the attempt.
 * A runner that is not root runs the child as itself, which can read its own files: nothing is staged.
 */
import { chmod, chown, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { copyPrivately } from "../staging/copy-privately";
import { openPrivateFolder, runsAsRoot, stagingArea, unusedGroupId, type StagingArea } from "../staging/staging-area";

export interface StagedRuntime {
  childScript: string;
  packageDirs: Record<string, string>;
  /** The group the child needs (as a supplementary group) to reach the runtime and walk into the area. */
  groupId: number;
}

export interface StagedEvaluation {
  bundleDir: string;
  jobDir: string;
  /** The group made for this attempt: the child's own group, the only one that can read these copies. */
  groupId: number;
  cleanup(): Promise<void>;
}

/** By area: an area removed and made again (a runner stopped, another started) gets a fresh copy. */
const stagedRuntimes = new WeakMap<StagingArea, Map<string, Promise<StagedRuntime>>>();

export function mustStageForSandboxUser(): boolean {
  return runsAsRoot();
}

/** The child script and packages, copied once per process and staging area. */
export async function stageRuntime(childScript: string, packages: Record<string, string>): Promise<StagedRuntime> {
  const area = await stagingArea();
  const inArea = stagedRuntimes.get(area) ?? new Map<string, Promise<StagedRuntime>>();
  stagedRuntimes.set(area, inArea);
  let staged = inArea.get(childScript);
  if (!staged) {
    staged = copyRuntime(area, childScript, packages).catch((error: unknown) => {
      inArea.delete(childScript);
      throw error;
    });
    inArea.set(childScript, staged);
  }
  return staged;
}

async function copyRuntime(
  area: StagingArea,
  childScript: string,
  packages: Record<string, string>,
): Promise<StagedRuntime> {
  if (area.groupId === null) throw new Error("only a root runner stages the runtime for the sandbox user");
  const building = await openPrivateFolder("runtime-building-");
  await copyPrivately(childScript, path.join(building, "child.mjs"));
  for (const [name, dir] of Object.entries(packages)) {
    await copyPrivately(dir, path.join(building, "node_modules", name), keepForThisPlatform);
  }
  await openToGroup(building, area.groupId);
  const target = path.join(area.root, `runtime-${path.basename(childScript, ".mjs")}`);
  await rm(target, { recursive: true, force: true });
  await rename(building, target);
  return {
    childScript: path.join(target, "child.mjs"),
    packageDirs: Object.fromEntries(
      Object.keys(packages).map((name) => [name, path.join(target, "node_modules", name)]),
    ),
    groupId: area.groupId,
  };
}

/** onnxruntime-node ships binaries for every platform (~290 MB); only this one's are needed. */
function keepForThisPlatform(source: string): boolean {
  const match = /[\\/]bin[\\/]napi-v\d+[\\/]([^\\/]+)(?:[\\/]([^\\/]+))?/.exec(source);
  if (!match) return true;
  const [, platform, arch] = match;
  return platform === process.platform && (arch === undefined || arch === process.arch);
}

/** A per-attempt copy of the bundle and job folders, readable by the attempt's group only. */
export async function stageEvaluation(folders: { bundleDir: string; jobDir: string }): Promise<StagedEvaluation> {
  const root = await openPrivateFolder("sandbox-");
  const cleanup = () => rm(root, { recursive: true, force: true });
  try {
    const bundleDir = path.join(root, "model");
    const jobDir = path.join(root, "job");
    await copyPrivately(folders.bundleDir, bundleDir);
    await copyPrivately(folders.jobDir, jobDir);
    const groupId = unusedGroupId();
    await openToGroup(root, groupId);
    return { bundleDir, jobDir, groupId, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * Gives `groupId` read access (folders 0750, files 0640, or 0750 where executable), leaves others none.
 * Contents first and the top folder last, and each entry's group before its mode, so that nothing is ever open
 * to a group it was not made for.
 */
async function openToGroup(dir: string, groupId: number): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await openToGroup(full, groupId);
    else if (entry.isFile()) {
      await chown(full, 0, groupId);
      await chmod(full, (await stat(full)).mode & 0o100 ? 0o750 : 0o640);
    }
  }
  await chown(dir, 0, groupId);
  await chmod(dir, 0o750);
}
