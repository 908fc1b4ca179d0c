import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));

/**
 * Applies every committed migration not yet applied. Safe to call from several processes at once: drizzle runs
 * the migrations in one transaction, and an advisory lock makes concurrent starters wait for each other.
 */
export async function migrateToLatest(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Arbitrary constant key: "joulebench migrations".
    await sql`select pg_advisory_lock(727_001)`;
    try {
      await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await sql`select pg_advisory_unlock(727_001)`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
