/**
 * What /api/health reports: whether the database answers, whether its schema is the one this code expects, and
 * which version is running. It is public, so failures are described by kind only: never the URL, host or
 * credentials (those are in the server's log and the launcher's error message).
 */
import "server-only";
import { sql } from "drizzle-orm";
import { getDatabase, type Database } from "../../db/client";
import journal from "../../db/migrations/meta/_journal.json";
import { APP_VERSION } from "../version";

export interface HealthReport {
  status: "ok" | "degraded";
  database: { reachable: boolean; error?: string };
  migrations: { applied: number; latest: number; upToDate: boolean };
  version: string;
}

// Long enough for a busy database, short enough for a load balancer's probe.
const DATABASE_TIMEOUT_MS = 3_000;

/** Migrations this code ships with (drizzle-kit's journal lists every one). */
export const LATEST_MIGRATION_COUNT = journal.entries.length;

export async function checkHealth(connect: () => Database = getDatabase): Promise<HealthReport> {
  const latest = LATEST_MIGRATION_COUNT;
  try {
    const applied = await withTimeout(countAppliedMigrations(connect()), DATABASE_TIMEOUT_MS);
    // More applied than known means a newer release migrated the database; this one still works with it.
    const upToDate = applied >= latest;
    return {
      status: upToDate ? "ok" : "degraded",
      database: { reachable: true },
      migrations: { applied, latest, upToDate },
      version: APP_VERSION,
    };
  } catch (error) {
    return {
      status: "degraded",
      database: { reachable: false, error: describeFailure(error) },
      migrations: { applied: 0, latest, upToDate: false },
      version: APP_VERSION,
    };
  }
}

export const healthHttpStatus = (report: HealthReport) => (report.status === "ok" ? 200 : 503);

async function countAppliedMigrations(db: Database): Promise<number> {
  try {
    // drizzle-orm's migrator records each applied migration in drizzle.__drizzle_migrations.
    const rows = await db.execute<{ applied: number }>(
      sql`select count(*)::int as applied from drizzle.__drizzle_migrations`,
    );
    return rows[0]?.applied ?? 0;
  } catch (error) {
    // 42P01 undefined table, 3F000 undefined schema: the database answers but was never migrated.
    const code = errorCode(error);
    if (code === "42P01" || code === "3F000") return 0;
    throw error;
  }
}

const FAILURE_KINDS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host lookup failed",
  ETIMEDOUT: "connection timed out",
  CONNECT_TIMEOUT: "connection timed out",
  HEALTH_TIMEOUT: "no answer in time",
  "28P01": "authentication failed",
  "28000": "authentication rejected",
  "3D000": "database does not exist",
  "57P03": "database is starting up or shutting down",
};

/** The driver's error code; drizzle wraps the driver's error in its own, as `cause`. */
function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error; current instanceof Object; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

function describeFailure(error: unknown): string {
  const kind = FAILURE_KINDS[errorCode(error) ?? ""];
  if (kind) return kind;
  if (error instanceof Error && error.message.startsWith("DATABASE_URL is not set")) return "not configured";
  return "query failed";
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error("timed out"), { code: "HEALTH_TIMEOUT" })), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
