/**
 * Which cores an evaluation is pinned to. They come from the runner's own affinity mask (a runner started with
 * `taskset -c 4-7` measures on 4 and 5, not on 0 and 1, which may belong to another runner), and they are claimed
 * for the evaluation's duration with one lock file per core in a directory every runner of the host shares: a second
 * runner whose mask overlaps a running evaluation's cores is refused (CORES_BUSY), not allowed to measure on them.
 * A lock left by a runner that died (its pid gone) is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { EvaluationError } from "./evaluation-error";

export const DEFAULT_CORE_LOCK_DIR = path.join(os.tmpdir(), "joulebench-core-locks");

/** Parses a Linux CPU list ("0-3,8,10-11"), as in /proc/self/status Cpus_allowed_list (cpuset(7), "List format"). */
export function parseCpuList(text: string): number[] {
  const cores: number[] = [];
  for (const part of text.trim().split(",").filter(Boolean)) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!match) throw new Error(`not a CPU list: "${text.trim()}"`);
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    for (let core = from; core <= to; core += 1) cores.push(core);
  }
  return cores;
}

/** The cores this process may run on (sched_getaffinity, as the kernel reports it in /proc/self/status). */
export function affinityCores(statusFile = "/proc/self/status"): number[] {
  const status = readFileSync(statusFile, "utf8");
  const line = /^Cpus_allowed_list:\s*(.+)$/m.exec(status);
  if (!line) throw new Error(`${statusFile} has no Cpus_allowed_list`);
  return parseCpuList(line[1]!);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface CoreClaim {
  cores: number[];
  release(): void;
}

/**
 * Claims the first `count` cores of `allowed`, each by creating `core-N.lock` exclusively (O_EXCL, atomic on a
 * local file system). If any is held by a live process, what was taken is given back and CORES_BUSY is thrown.
 */
export function claimCores(allowed: readonly number[], count: number, lockDir = DEFAULT_CORE_LOCK_DIR): CoreClaim {
  if (allowed.length < count) {
    throw new EvaluationError(
      "PROFILE_UNAVAILABLE",
      `The profile needs ${count} cores; this runner may use ${allowed.length} (${allowed.join(",")}).`,
    );
  }
  mkdirSync(lockDir, { recursive: true, mode: 0o1777 });
  const cores = allowed.slice(0, count);
  const taken: string[] = [];
  const release = () => {
    for (const file of taken) rmSync(file, { force: true });
  };
  for (const core of cores) {
    const file = path.join(lockDir, `core-${core}.lock`);
    if (!tryLock(file)) {
      release();
      throw new EvaluationError(
        "CORES_BUSY",
        `Core ${core} is in use by another evaluation on this host (lock ${file}); runners sharing a host need disjoint affinity masks (taskset -c).`,
      );
    }
    taken.push(file);
  }
  return { cores, release };
}

function tryLock(file: string): boolean {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSafe(file));
      if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) return false;
      rmSync(file, { force: true }); // its runner died: take it over
    }
  }
  return false;
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return "";
  }
}
