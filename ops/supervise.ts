/**
 * Runs the launcher's child processes (the web app, the runner, `next build`) in one terminal: every output
 * line is prefixed with the child's name, a crashed child is restarted with backoff until it crashes too often,
 * and stop() asks politely (SIGTERM) before it insists (SIGKILL).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export interface RestartPolicy {
  /** Give up after this many crashes within `windowMs`; a child that crash-loops only fills the terminal. */
  maxCrashes: number;
  windowMs: number;
  /** First restart delay; doubled after each crash in the window, up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * Exit code a child uses to say "my configuration is wrong" (sysexits.h's EX_CONFIG): restarting it cannot help,
 * so the supervisor stops at once instead of crash-looping with the same message five times.
 */
export const CONFIGURATION_ERROR_EXIT_CODE = 78;

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  maxCrashes: 5,
  windowMs: 60_000,
  initialDelayMs: 1_000,
  maxDelayMs: 15_000,
};

export interface SuperviseOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** `false`: never restart (the web app: if it dies the launcher should say so and stop). */
  restart?: RestartPolicy | false;
  /** How long stop() waits after SIGTERM before SIGKILL. */
  graceMs?: number;
  /** Receives every line: the child's own (prefixed) and the supervisor's notes about it. */
  writeLine?: (line: string, stream: "stdout" | "stderr") => void;
}

export interface SupervisionEnd {
  /**
   * "stopped": stop() was called; "exited": the child ended and restarting is off; "gave-up": crash loop;
   * "misconfigured": the child exited with CONFIGURATION_ERROR_EXIT_CODE and was not restarted.
   */
  reason: "stopped" | "exited" | "gave-up" | "misconfigured";
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Supervised {
  readonly name: string;
  /** The current child's pid, undefined between a crash and its restart. */
  pid(): number | undefined;
  /** How many times the child has been started (1 + restarts). */
  starts(): number;
  /** Resolves once, when supervision ends for good. */
  readonly ended: Promise<SupervisionEnd>;
  stop(): Promise<SupervisionEnd>;
}

const defaultWriteLine = (line: string, stream: "stdout" | "stderr") =>
  (stream === "stdout" ? process.stdout : process.stderr).write(`${line}\n`);

export function supervise(options: SuperviseOptions): Supervised {
  const write = options.writeLine ?? defaultWriteLine;
  const note = (message: string) => write(`[${options.name}] ${message}`, "stderr");
  const policy = options.restart ?? DEFAULT_RESTART_POLICY;
  const graceMs = options.graceMs ?? 10_000;

  let child: ChildProcess | undefined;
  let startCount = 0;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  const recentCrashes: number[] = [];
  let finish!: (end: SupervisionEnd) => void;
  const ended = new Promise<SupervisionEnd>((resolve) => (finish = resolve));
  let finished = false;
  const end = (result: SupervisionEnd) => {
    if (finished) return;
    finished = true;
    finish(result);
  };

  const launch = () => {
    startCount += 1;
    const current = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = current;
    pipeLines(current, options.name, write);
    let handled = false;
    const onEnd = (code: number | null, signal: NodeJS.Signals | null) => {
      if (handled) return;
      handled = true;
      if (child === current) child = undefined;
      if (stopping) return end({ reason: "stopped", code, signal });
      if (policy === false) return end({ reason: "exited", code, signal });
      if (code === CONFIGURATION_ERROR_EXIT_CODE) {
        note("reported a configuration problem (above); restarting cannot fix that, so it will not be restarted.");
        return end({ reason: "misconfigured", code, signal });
      }
      const now = Date.now();
      recentCrashes.push(now);
      while (recentCrashes.length > 0 && now - (recentCrashes[0] ?? now) > policy.windowMs) recentCrashes.shift();
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      if (recentCrashes.length >= policy.maxCrashes) {
        note(
          `${how}; it crashed ${recentCrashes.length} times within ${Math.round(policy.windowMs / 1000)} s, so it will not be restarted.`,
        );
        return end({ reason: "gave-up", code, signal });
      }
      const delay = Math.min(policy.initialDelayMs * 2 ** (recentCrashes.length - 1), policy.maxDelayMs);
      note(`${how}; restarting in ${(delay / 1000).toFixed(1)} s.`);
      // The restart waits, and re-checks `stopping`, because on Ctrl-C the terminal signals the child and the
      // launcher at the same moment: the child's exit may be seen before the launcher's own signal handler runs.
      restartTimer = setTimeout(() => {
        restartTimer = undefined;
        if (!stopping) launch();
      }, delay);
    };
    // "exit", not "close": a grandchild that keeps the pipes open must not keep us from seeing the child end.
    current.once("exit", onEnd);
    current.once("error", (error) => {
      note(`could not start: ${error.message}`);
      // A failed spawn may never emit "exit".
      if (current.pid === undefined) onEnd(null, null);
    });
  };

  launch();

  return {
    name: options.name,
    pid: () => child?.pid,
    starts: () => startCount,
    ended,
    async stop() {
      stopping = true;
      if (restartTimer) {
        clearTimeout(restartTimer);
        restartTimer = undefined;
      }
      const current = child;
      if (!current) {
        end({ reason: "stopped", code: null, signal: null });
        return ended;
      }
      current.kill("SIGTERM");
      const killTimer = setTimeout(() => {
        note(`did not stop within ${graceMs / 1000} s of SIGTERM; killing it.`);
        current.kill("SIGKILL");
      }, graceMs);
      const result = await ended;
      clearTimeout(killTimer);
      return result;
    },
  };
}

/** Runs a command to completion with prefixed output (e.g. `next build`); resolves with its exit code. */
export function runToCompletion(
  options: Pick<SuperviseOptions, "name" | "command" | "args" | "env" | "cwd" | "writeLine">,
): Promise<number> {
  const run = supervise({ ...options, restart: false });
  return run.ended.then((result) => result.code ?? 1);
}

function pipeLines(
  child: ChildProcess,
  name: string,
  write: (line: string, stream: "stdout" | "stderr") => void,
): void {
  for (const stream of ["stdout", "stderr"] as const) {
    const source = child[stream];
    if (!source) continue;
    createInterface({ input: source, crlfDelay: Infinity }).on("line", (line) => write(`[${name}] ${line}`, stream));
  }
}
