/**
 * Runs one sandboxed child to completion: feeds nothing on stdin, reads its JSON-lines messages from stdout,
 * keeps the tail of stderr for the log, and enforces the wall-clock timeout by killing the whole process group.
 * Where no memory cgroup is available, a watchdog polls the child's resident memory and kills it past the cap.
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";

export interface SandboxRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  watchdogKilled: boolean;
  aborted: boolean;
  stderrTail: string;
  wallMs: number;
}

export interface RunSandboxedOptions {
  command: string;
  args: string[];
  timeoutMs: number;
  /** Only enforced here when `watchdog` is true (no cgroup): the cgroup enforces it otherwise. */
  memoryCapBytes: number;
  watchdog: boolean;
  onMessage: (message: unknown) => void;
  /** Longest accepted stdout line: a hostile or broken child must not make the parent buffer without end. */
  maxLineBytes?: number;
  /** Aborting kills the child's whole process group (a cancelled evaluation, a runner stopping). */
  signal?: AbortSignal;
}

const STDERR_TAIL_BYTES = 16_384;

export function runSandboxed(options: RunSandboxedOptions): Promise<SandboxRun> {
  const started = performance.now();
  const child = spawn(options.command, options.args, {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // own process group, so a timeout kills bubblewrap and everything under it
    // Nothing of the runner's environment (DATABASE_URL, secrets) reaches the child.
    env: { PATH: "/usr/bin:/bin:/usr/sbin:/sbin" } as unknown as NodeJS.ProcessEnv,
  });
  let timedOut = false;
  let watchdogKilled = false;
  let stderrTail = "";
  const killGroup = () => {
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, options.timeoutMs);
  let aborted = false;
  const abort = () => {
    aborted = true;
    killGroup();
  };
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener("abort", abort, { once: true });
  const watchdog = options.watchdog
    ? setInterval(async () => {
        if (child.pid === undefined) return;
        const rss = await groupResidentBytes(child.pid);
        if (rss > options.memoryCapBytes) {
          watchdogKilled = true;
          killGroup();
        }
      }, 50)
    : undefined;

  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  const maxLine = options.maxLineBytes ?? 64 * 1024 * 1024;
  lines.on("line", (line) => {
    if (line.length > maxLine) {
      options.onMessage({ type: "error", code: "CHILD_PROTOCOL", message: "child wrote an over-long line" });
      killGroup();
      return;
    }
    if (!line.startsWith("{")) return; // stray prints (e.g. from native libraries) are not messages
    try {
      options.onMessage(JSON.parse(line));
    } catch {
      // a torn line from a killed child: ignore
    }
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL_BYTES);
  });

  return new Promise((resolve) => {
    child.on("error", (error) => {
      stderrTail += `\n${error.message}`;
    });
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      if (watchdog) clearInterval(watchdog);
      options.signal?.removeEventListener("abort", abort);
      resolve({ exitCode, signal, timedOut, watchdogKilled, aborted, stderrTail, wallMs: performance.now() - started });
    });
  });
}

/** Resident memory of a process and its descendants, from /proc (Linux). */
async function groupResidentBytes(rootPid: number): Promise<number> {
  let total = 0;
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
    total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    const children = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "");
    for (const child of children.split(/\s+/).filter(Boolean)) pending.push(Number(child));
  }
  return total;
}
