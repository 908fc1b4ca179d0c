/**
 * Decides whether the production build in .next/ matches the source tree, so that `npm start` builds only when
 * something the web app is built from has changed (a build takes a minute; a hash of the sources, a second).
 *
 * The stamp is a SHA-256 over the relative path and contents of every build input. File times are not used:
 * a `git checkout` or a copied tree changes them without changing what the build would produce.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/** What `next build` reads. runner/ and tests are left out: the web app never imports them. */
export const BUILD_INPUTS = [
  "app",
  "lib",
  "db",
  "public",
  // The request proxy (security headers, CSP nonce) is compiled into the build too.
  "proxy.ts",
  "next.config.js",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];

const STAMP_FILE = path.join(".next", "joulebench-build-stamp");
// Next writes BUILD_ID last, so its presence tells a finished production build from a dev or aborted one.
const BUILD_ID_FILE = path.join(".next", "BUILD_ID");

const isIgnored = (relativePath: string) =>
  /\.test\.tsx?$/.test(relativePath) ||
  relativePath.split(path.sep).some((part) => part === "node_modules" || part.startsWith("."));

export async function computeBuildStamp(root: string, inputs: string[] = BUILD_INPUTS): Promise<string> {
  const files: string[] = [];
  for (const input of inputs) files.push(...(await listFiles(root, input)));
  files.sort();
  const hash = createHash("sha256");
  for (const file of files) {
    // Path and contents are separated by NUL so that renaming a file cannot collide with editing one.
    hash.update(file.split(path.sep).join("/")).update("\0");
    hash.update(await readFile(path.join(root, file))).update("\0");
  }
  return hash.digest("hex");
}

async function listFiles(root: string, relative: string): Promise<string[]> {
  const absolute = path.join(root, relative);
  if (!existsSync(absolute) || isIgnored(relative)) return [];
  const entries = await readdir(absolute, { withFileTypes: true }).catch(() => null);
  if (entries === null) return [relative]; // a plain file
  const files: string[] = [];
  for (const entry of entries) {
    const child = path.join(relative, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(root, child)));
    else if (entry.isFile() && !isIgnored(child)) files.push(child);
  }
  return files;
}

export async function readBuildStamp(root: string): Promise<string | undefined> {
  if (!existsSync(path.join(root, BUILD_ID_FILE))) return undefined;
  const stamp = await readFile(path.join(root, STAMP_FILE), "utf8").catch(() => undefined);
  return stamp?.trim() || undefined;
}

export async function writeBuildStamp(root: string, stamp: string): Promise<void> {
  await writeFile(path.join(root, STAMP_FILE), `${stamp}\n`);
}

/** The stamp to write after building, or undefined when the existing build is current. */
export async function staleBuildStamp(root: string): Promise<string | undefined> {
  const [current, recorded] = await Promise.all([computeBuildStamp(root), readBuildStamp(root)]);
  return current === recorded ? undefined : current;
}
