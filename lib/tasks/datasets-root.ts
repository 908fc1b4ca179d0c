/**
 * Where dataset files are read from. In order:
 *   1. JOULEBENCH_DATASETS_DIR, when set (relative paths resolve against the repository root);
 *   2. ../shared/datasets next to the repository, when it exists (the workplace's shared copy);
 *   3. .data/datasets inside the repository, where a user puts the files fetched from their public sources
 *      (docs/datasets.md lists them).
 * The repository root is the working directory, as for JOULEBENCH_DATA_DIR (db/database-server.ts): every entry
 * point (next, tsx scripts, vitest) runs from there.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { readEnvironment } from "../env";

export interface DatasetsRootOptions {
  env?: Readonly<Record<string, string | undefined>>;
  repoRoot?: string;
}

export function resolveDatasetsRoot({ env = process.env, repoRoot = process.cwd() }: DatasetsRootOptions = {}): string {
  const configured = readEnvironment(env as NodeJS.ProcessEnv).JOULEBENCH_DATASETS_DIR;
  if (configured) return path.resolve(repoRoot, configured);
  const shared = path.resolve(repoRoot, "../shared/datasets");
  if (existsSync(shared)) return shared;
  return path.resolve(repoRoot, ".data/datasets");
}
