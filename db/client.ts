import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Database = ReturnType<typeof createDatabaseClient>["db"];
/** A transaction handle or the database itself: helpers that may run inside a caller's transaction take either. */
export type DatabaseOrTransaction = Database | Parameters<Parameters<Database["transaction"]>[0]>[0];

/** A drizzle client over postgres.js. The caller owns `close()`; long-lived processes keep one per process. */
export function createDatabaseClient(url: string, options: { max?: number } = {}) {
  const sql = postgres(url, {
    max: options.max ?? 10,
    // Our own migrations print NOTICEs (e.g. "schema already exists"); they are not worth a log line.
    onnotice: () => {},
  });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

let processClient: ReturnType<typeof createDatabaseClient> | undefined;

/**
 * The process-wide client for the web app and the runner. DATABASE_URL is always set by the time this runs:
 * the launchers (ops/) resolve the embedded default through db/database-server.ts before they start us.
 */
export function getDatabase(): Database {
  if (!processClient) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new Error(
        "DATABASE_URL is not set. Start Joulebench with `npm start` or `npm run web`, which provide the embedded database.",
      );
    }
    processClient = createDatabaseClient(url);
  }
  return processClient.db;
}
