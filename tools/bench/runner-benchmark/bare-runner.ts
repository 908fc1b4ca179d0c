/**
 * Starts the bare loop (bare-loop.ts) as its own process pinned to one core, as the runner pins its child, and
 * times it from spawn to exit. The script is bundled by esbuild into one ES module first, exactly as the runner
 * bundles its child (runner/child-bundle.ts), so neither side pays for a TypeScript loader at start-up.
 */
import { spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { BareJob, BareResult } from "./bare-loop";

const BARE_ENTRY = fileURLToPath(new URL("./bare-loop.ts", import.meta.url));

export async function bundleBareLoop(outDir: string): Promise<string> {
  const result = await build({
    entryPoints: [BARE_ENTRY],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    write: false,
    external: ["onnxruntime-node", "onnxruntime-common"],
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error("esbuild produced no bare-loop bundle");
  await mkdir(outDir, { recursive: true });
  // Inside the repository, so that `import "onnxruntime-node"` resolves to the same node_modules the runner mounts.
  const file = path.join(outDir, "bare-loop.mjs");
  await writeFile(file, code);
  return file;
}

export interface BareRun {
  result: BareResult;
  /** From spawn to exit, measured by this process: node start-up, imports, load and work. */
  wallMs: number;
}

export async function runBareLoop(options: {
  script: string;
  job: BareJob;
  jobPath: string;
  core: number;
}): Promise<BareRun> {
  await writeFile(options.jobPath, JSON.stringify(options.job));
  const started = performance.now();
  const child = spawn(
    "taskset",
    ["--cpu-list", String(options.core), process.execPath, options.script, options.jobPath],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exitCode = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const wallMs = performance.now() - started;
  if (exitCode !== 0)
    throw new Error(`bare loop exited with ${exitCode}: ${stderr.trim().split("\n").slice(-5).join("\n")}`);
  return { result: JSON.parse(stdout.trim()) as BareResult, wallMs };
}
