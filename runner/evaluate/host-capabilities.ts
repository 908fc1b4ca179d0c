/**
 * What this runner host can honor: cores it may use, memory, NVIDIA GPUs (from nvidia-smi) and onnxruntime's
 * execution providers. onnxruntime-node ships CUDA support as a separate download that our install skips, so
 * CUDA counts only when its provider library is actually present next to the binding.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { listSupportedBackends } from "onnxruntime-node";
import { nvidiaSmiGpuListArgs, parseNvidiaSmiGpuList, type NvidiaGpu } from "../../lib/measure/nvml";
import type { HostCapabilities } from "../../lib/profiles/hardware-profiles";
import { packageDirectory } from "../child-bundle";

const run = promisify(execFile);

export async function detectHostCapabilities(): Promise<HostCapabilities & { gpus: NvidiaGpu[] }> {
  return {
    cores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    gpus: await listNvidiaGpus(),
    executionProviders: executionProviders(),
  };
}

async function listNvidiaGpus(): Promise<NvidiaGpu[]> {
  try {
    const { stdout } = await run("nvidia-smi", nvidiaSmiGpuListArgs(), { timeout: 10_000 });
    return parseNvidiaSmiGpuList(stdout);
  } catch {
    return []; // no driver, no nvidia-smi: no GPU
  }
}

function executionProviders(): string[] {
  const providers: string[] = [];
  for (const backend of listSupportedBackends()) {
    if (backend.name === "cpu") providers.push("cpu");
    if (backend.name === "cuda" && (backend.bundled || cudaProviderInstalled())) providers.push("cuda");
  }
  return providers;
}

function cudaProviderInstalled(): boolean {
  const binRoot = path.join(packageDirectory("onnxruntime-node"), "bin");
  if (!existsSync(binRoot)) return false;
  const stack = [binRoot];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) stack.push(path.join(dir, entry.name));
      else if (entry.name.startsWith("libonnxruntime_providers_cuda")) return true;
    }
  }
  return false;
}

/** bubblewrap on PATH and able to create its namespaces here. */
export async function sandboxAvailable(): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await run("bwrap", ["--unshare-all", "--unshare-user", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "/usr/bin/true"], { timeout: 10_000 });
    return { ok: true };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "bubblewrap (bwrap) is not installed" : `bubblewrap cannot create its sandbox here: ${String((error as { stderr?: string }).stderr ?? (error as Error).message).trim()}`;
    return { ok: false, reason };
  }
}
