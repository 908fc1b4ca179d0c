/**
 * The one place where a process of ours (a runner, `npx joulebench evaluate`, a test) keeps the copies an
 * evaluation works on: `<temp folder>/joulebench-staging-<pid>-<start ticks>`, one folder per process, named
 * (process-identity.ts) so that any later process can tell whether its owner still runs. Inside it: each
 * attempt's private work folder, the sandbox user's copies (runner/sandbox/stage-for-sandbox-user.ts) and the
 * sandbox runtime.
 *
 * Why the temp folder, not the data folder: a root runner's sandbox runs as the host's `nobody`, who must be able
 * to walk the path down to its copies, and a data folder under /root (mode 0700) cannot be walked.
 *
 * Nothing in it is readable by other users at any time: the area is 0700, or for a root runner 0710 with a group
 * of its own (a gid no account has, `groupId`) that only the sandboxed child is given; everything in it is
 * created owner-only and opened, where the child needs it, to a group made for that attempt alone.
 *
 * Crashes: the first use in a process removes every area whose owner is no longer running, whatever its age
 * (a runner also does so when it starts and when it takes over a dead runner's evaluation); a runner stopping
 * removes its own (removeOwnStagingArea).
 */
import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isProcessKey, isRunning, processKey } from "./process-identity";

export const STAGING_AREA_PREFIX = "joulebench-staging-";

export interface StagingArea {
  root: string;
  /** The group through which the sandbox user walks into the area (root runners only, null otherwise). */
  groupId: number | null;
}

let current: Promise<StagingArea> | undefined;

/** This process's staging area, made on first use (after removing those of processes that are gone). */
export function stagingArea(): Promise<StagingArea> {
  current ??= createArea().catch((error: unknown) => {
    current = undefined;
    throw error;
  });
  return current;
}

async function createArea(): Promise<StagingArea> {
  await removeAbandonedStagingAreas();
  const root = path.join(os.tmpdir(), `${STAGING_AREA_PREFIX}${processKey()}`);
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { mode: 0o700 });
  if (!runsAsRoot()) return { root, groupId: null };
  const groupId = unusedGroupId();
  await chown(root, 0, groupId);
  await chmod(root, 0o710); // the group may pass through, never list
  return { root, groupId };
}

/** A fresh owner-only folder in this process's staging area, for one attempt's files. */
export async function openPrivateFolder(prefix: string): Promise<string> {
  const { root } = await stagingArea();
  return mkdtemp(path.join(root, prefix)); // mkdtemp makes it 0700
}

let holders = 0;

/**
 * For a runner: the returned function, called when the runner stops, removes the area once no other runner of
 * this process (tests start several) still holds it.
 */
export function holdStagingArea(): () => Promise<void> {
  holders += 1;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    holders -= 1;
    if (holders === 0) await removeOwnStagingArea();
  };
}

/** Removes this process's area and everything in it (a CLI run ending, the last runner of a process stopping). */
export async function removeOwnStagingArea(): Promise<void> {
  const area = current;
  current = undefined;
  if (area) await rm((await area).root, { recursive: true, force: true });
}

/** Removes the areas of processes that no longer run, whatever their age; returns how many. */
export async function removeAbandonedStagingAreas(base = os.tmpdir()): Promise<number> {
  const entries = await readdir(base, { withFileTypes: true }).catch(() => []);
  let removed = 0;
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith(STAGING_AREA_PREFIX)) continue;
    const owner = entry.name.slice(STAGING_AREA_PREFIX.length);
    if (!isProcessKey(owner) || owner === processKey() || isRunning(owner)) continue;
    await rm(path.join(base, entry.name), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}

export function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/**
 * A gid that no group on this host has, for access made for one area or one attempt: only the processes we
 * start with it (the sandboxed child) are in it. Drawn from the top half of the 31-bit range, far above the
 * ids that useradd, systemd and LDAP hand out.
 */
export function unusedGroupId(): number {
  const taken = new Set(
    readGroupFile()
      .split("\n")
      .map((line) => Number(line.split(":")[2])),
  );
  for (;;) {
    const candidate = randomInt(0x4000_0000, 0x7fff_0000);
    if (!taken.has(candidate)) return candidate;
  }
}

function readGroupFile(): string {
  try {
    return readFileSync("/etc/group", "utf8");
  } catch {
    return "";
  }
}
