/**
 * Bundles the measurement child (runner/child/main.ts and the lib/ code it uses) into one ES module, since the
 * sandbox has node but no repository, no TypeScript loader and no node_modules except onnxruntime's.
 * esbuild takes about a tenth of a second; the bundle is rebuilt once per runner process.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const CHILD_ENTRY = fileURLToPath(new URL("./child/main.ts", import.meta.url));
/** Packages the bundle imports at run time and the sandbox must mount read-only. */
export const CHILD_RUNTIME_PACKAGES = ["onnxruntime-node", "onnxruntime-common"] as const;

const built = new Map<string, Promise<string>>();

/** Path of the bundled child script under `outDir`, built on first use in this process. */
export function childBundle(outDir: string): Promise<string> {
  let bundle = built.get(outDir);
  if (!bundle) {
    bundle = buildChildBundle(outDir);
    built.set(outDir, bundle);
  }
  return bundle;
}

async function buildChildBundle(outDir: string): Promise<string> {
  const result = await build({
    entryPoints: [CHILD_ENTRY],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    write: false,
    external: [...CHILD_RUNTIME_PACKAGES],
    logLevel: "silent",
    legalComments: "none",
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error("esbuild produced no child bundle");
  const digest = createHash("sha256").update(code).digest("hex").slice(0, 16);
  await mkdir(outDir, { recursive: true, mode: 0o755 });
  const file = path.join(outDir, `child-${digest}.mjs`);
  const existing = await readFile(file).catch(() => null);
  if (!existing) {
    // Written aside and renamed: a runner sharing this folder never starts a half-written script.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, code, { mode: 0o644 });
    await rename(partial, file);
  }
  return file;
}

/** Host folder of an installed package, for read-only mounting into the sandbox. */
export function packageDirectory(name: string): string {
  // Packages need not export their package.json, so resolve the main entry and walk up to the package root.
  let dir = path.dirname(createRequire(import.meta.url).resolve(name));
  while (!existsSync(path.join(dir, "package.json")) || path.basename(dir) !== name) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of package ${name}`);
    dir = parent;
  }
  return dir;
}
