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
import {
  nvidiaSmiGpuIdArgs,
  nvidiaSmiGpuListArgs,
  parseNvidiaSmiGpuIds,
  parseNvidiaSmiGpuList,
  type NvidiaGpu,
} from "../measure/nvml";
import { raplReadable } from "../measure/rapl";
import type { HostCapabilities } from "../../lib/profiles/hardware-profiles";
import { packageDirectory } from "../child-bundle";

const run = promisify(execFile);

export async function detectHostCapabilities(
  powercapRoot?: string,
): Promise<HostCapabilities & { gpus: NvidiaGpu[]; gpuIds: { index: number; uuid: string }[] }> {
  return {
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() || "unknown",
    rapl: raplReadable(powercapRoot),
    memoryBytes: os.totalmem(),
    gpus: await listNvidiaGpus(),
    gpuIds: await listNvidiaGpuIds(),
    executionProviders: executionProviders(),
  };
}

async function listNvidiaGpuIds(): Promise<{ index: number; uuid: string }[]> {
  try {
    const { stdout } = await run("nvidia-smi", nvidiaSmiGpuIdArgs(), { timeout: 10_000 });
    return parseNvidiaSmiGpuIds(stdout);
  } catch {
    return [];
  }
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

const INSTALL_BUBBLEWRAP =
  "Install it (Debian/Ubuntu: `apt-get install -y bubblewrap`; Fedora: `dnf install bubblewrap`) and start the runner again.";

/**
 * bubblewrap on PATH and able to create its namespaces here. The reason always says what is missing and what to
 * do: bwrap can fail without a word on stderr (a seccomp or namespace refusal), and an empty reason helps no one.
 */
export async function sandboxAvailable(bwrap = "bwrap"): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await run(
      bwrap,
      [
        "--unshare-all",
        "--unshare-user",
        "--ro-bind",
        "/usr",
        "/usr",
        "--symlink",
        "usr/bin",
        "/bin",
        "--symlink",
        "usr/lib",
        "/lib",
        "--symlink",
        "usr/lib64",
        "/lib64",
        "/usr/bin/true",
      ],
      { timeout: 10_000 },
    );
    return { ok: true };
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & {
      stderr?: string;
      code?: string | number;
      signal?: string | null;
    };
    if (failure.code === "ENOENT")
      return {
        ok: false,
        reason: `bubblewrap (bwrap) is not installed; it is the runner's sandbox. ${INSTALL_BUBBLEWRAP}`,
      };
    if (failure.code === "EACCES")
      return {
        ok: false,
        reason: `bubblewrap (${bwrap}) is installed but this user cannot execute it. ${INSTALL_BUBBLEWRAP}`,
      };
    const said = String(failure.stderr ?? "").trim();
    const how =
      said ||
      (failure.signal
        ? `it was killed by ${failure.signal}`
        : `it exited with code ${String(failure.code)} and printed nothing`);
    return {
      ok: false,
      reason: `bubblewrap cannot create its sandbox on this host: ${how}. It needs unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or a container started with --privileged or a seccomp profile that allows clone(CLONE_NEWUSER)), or to be run as root.`,
    };
  }
}
