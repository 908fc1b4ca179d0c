/**
 * Caps the sandboxed child's memory and reads its peak, with the strongest mechanism the host offers:
 * 1. a cgroup v1 memory controller (writable here, and on many container hosts),
 * 2. a cgroup v2 with the memory controller enabled in the runner's subtree,
 * 3. otherwise none: the parent's RSS watchdog (run-sandboxed.ts) is the only cap, and results say so.
 * `prlimit --as` is not used: onnxruntime reserves far more address space than it touches, so an address-space
 * cap low enough to matter stops it from loading at all (measured: under ~1.5 GB it fails).
 */
import { existsSync } from "node:fs";
import { access, mkdir, readdir, readFile, rmdir, stat, writeFile } from "node:fs/promises";
import { constants } from "node:fs";
import path from "node:path";

export type MemoryCapMechanism = "cgroup-v1" | "cgroup-v2" | "watchdog";

export interface MemoryLimit {
  mechanism: MemoryCapMechanism;
  /** Command prefix that puts the process into the cgroup and then execs the rest of the command line. */
  prefix: string[];
  /** Peak memory of the cgroup (bytes) and whether the kernel's OOM killer fired in it. */
  readUsage(): Promise<{ peakBytes: number | null; oomKilled: boolean }>;
  release(): Promise<void>;
}

const V1_ROOT = "/sys/fs/cgroup/memory";
const V2_ROOT = "/sys/fs/cgroup";

export async function createMemoryLimit(name: string, capBytes: number): Promise<MemoryLimit> {
  const safeName = name.replace(/[^a-zA-Z0-9_-]/g, "_");
  if (await writable(path.join(V1_ROOT, "cgroup.procs"))) {
    const dir = path.join(V1_ROOT, "joulebench", safeName);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "memory.limit_in_bytes"), String(capBytes));
    // With swap, the cap would only push pages out; cap memory+swap as well where the kernel accounts it.
    if (existsSync(path.join(dir, "memory.memsw.limit_in_bytes"))) {
      await writeFile(path.join(dir, "memory.memsw.limit_in_bytes"), String(capBytes)).catch(() => {});
    }
    return {
      mechanism: "cgroup-v1",
      prefix: enterCgroupPrefix(path.join(dir, "cgroup.procs")),
      async readUsage() {
        const peak = Number(await readFile(path.join(dir, "memory.max_usage_in_bytes"), "utf8").catch(() => "NaN"));
        const oomControl = await readFile(path.join(dir, "memory.oom_control"), "utf8").catch(() => "");
        const oomKills = Number(/oom_kill (\d+)/.exec(oomControl)?.[1] ?? 0);
        return { peakBytes: Number.isFinite(peak) ? peak : null, oomKilled: oomKills > 0 };
      },
      release: () => removeCgroup(dir),
    };
  }
  const v2Controllers = await readFile(path.join(V2_ROOT, "cgroup.controllers"), "utf8").catch(() => "");
  if (v2Controllers.split(/\s+/).includes("memory") && (await writable(path.join(V2_ROOT, "cgroup.procs")))) {
    const dir = path.join(V2_ROOT, "joulebench", safeName);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(V2_ROOT, "joulebench", "cgroup.subtree_control"), "+memory").catch(() => {});
    await writeFile(path.join(dir, "memory.max"), String(capBytes));
    await writeFile(path.join(dir, "memory.swap.max"), "0").catch(() => {});
    return {
      mechanism: "cgroup-v2",
      prefix: enterCgroupPrefix(path.join(dir, "cgroup.procs")),
      async readUsage() {
        const peak = Number(await readFile(path.join(dir, "memory.peak"), "utf8").catch(() => "NaN"));
        const events = await readFile(path.join(dir, "memory.events"), "utf8").catch(() => "");
        return {
          peakBytes: Number.isFinite(peak) ? peak : null,
          oomKilled: Number(/oom_kill (\d+)/.exec(events)?.[1] ?? 0) > 0,
        };
      },
      release: () => removeCgroup(dir),
    };
  }
  return {
    mechanism: "watchdog",
    prefix: [],
    readUsage: async () => ({ peakBytes: null, oomKilled: false }),
    release: async () => {},
  };
}

function enterCgroupPrefix(procsFile: string): string[] {
  // The shell writes its own pid into the cgroup and then execs the real command, so the child and everything
  // it starts are inside the cgroup from their first instruction.
  return ["sh", "-c", 'echo $$ > "$0" && exec "$@"', procsFile];
}

async function writable(file: string): Promise<boolean> {
  try {
    await access(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

async function removeCgroup(dir: string): Promise<void> {
  // The kernel refuses rmdir while a process is still inside; the child is dead by now, but its exit may lag.
  for (let attempt = 0; attempt < 20; attempt += 1) {
    try {
      await rmdir(dir);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * Removes memory cgroups left by evaluations whose runner was killed (SIGKILL gives it no chance to clean up).
 * The kernel refuses to remove a cgroup that still holds a process, and a cgroup younger than `minAgeMs` may be
 * one another runner on this host has just created and not yet entered, so neither is touched.
 * Returns how many were removed.
 */
export async function removeAbandonedMemoryLimits(minAgeMs = 60_000): Promise<number> {
  let removed = 0;
  for (const parent of [path.join(V1_ROOT, "joulebench"), path.join(V2_ROOT, "joulebench")]) {
    const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory() || !entry.name.startsWith("eval-")) continue;
      const dir = path.join(parent, entry.name);
      const created = await stat(dir).then(
        (info) => info.mtimeMs,
        () => Date.now(),
      );
      if (Date.now() - created < minAgeMs) continue;
      if (
        await rmdir(dir).then(
          () => true,
          () => false,
        )
      )
        removed += 1;
    }
  }
  return removed;
}
