/**
 * Names a process so that another process can later tell whether it is still running. A pid alone is not enough:
 * after a crash and a reboot (or many processes later) the same pid may belong to someone else, which would keep a
 * dead runner's staged files alive. The pid together with the process's start time (field 22 of /proc/<pid>/stat,
 * in clock ticks since boot; https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html) is unique on the host.
 */
import { readFileSync } from "node:fs";

let own: string | undefined;

/** `<pid>-<start ticks>` of this process. */
export function processKey(): string {
  own ??= processKeyOf(process.pid) ?? `${process.pid}-0`;
  return own;
}

/** The key of a running process, or null when there is none with that pid (or no /proc to ask). */
export function processKeyOf(pid: number): string | null {
  const ticks = startTicks(pid);
  return ticks === null ? null : `${pid}-${ticks}`;
}

const KEY = /^(\d+)-(\d+)$/;

export function isProcessKey(text: string): boolean {
  return KEY.test(text);
}

/** Whether the process the key names is running now. */
export function isRunning(key: string): boolean {
  const match = KEY.exec(key);
  if (!match) return false;
  const pid = Number(match[1]);
  const ticks = startTicks(pid);
  // Without /proc (not Linux) only the pid can be checked; the runner's sandbox needs Linux anyway.
  if (match[2] === "0") return ticks === null ? signalable(pid) : false;
  return ticks === match[2];
}

function startTicks(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing parenthesis.
  const fieldsAfterName = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fieldsAfterName[19] ?? null;
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
