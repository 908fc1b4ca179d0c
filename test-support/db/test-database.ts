/**
 * Gives a test file its own database, cloned from the migrated template made by ./global-setup.ts, and drops it
 * afterwards. Call at the top level of a test file:
 *
 *   const testDb = useTestDatabase();
 *   it("...", async () => { await doSomething(testDb.db) });
 */
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { createDatabaseClient, type Database } from "../../db/client";
import { TEMPLATE_DATABASE, withDatabase } from "./global-setup";

export interface TestDatabase {
  readonly db: Database;
  readonly url: string;
}

export function useTestDatabase(): TestDatabase {
  const adminUrl = inject("databaseAdminUrl");
  const name = `test_${randomUUID().replaceAll("-", "")}`;
  const url = withDatabase(adminUrl, name);
  let client: ReturnType<typeof createDatabaseClient> | undefined;

  beforeAll(async () => {
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database ${name} template ${TEMPLATE_DATABASE}`);
    } finally {
      await admin.end();
    }
    client = createDatabaseClient(url, { max: 5 });
  });

  afterAll(async () => {
    await client?.close();
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await admin.end();
    }
  });

  return {
    get db() {
      if (!client) throw new Error("useTestDatabase(): the database is only ready inside tests and hooks");
      return client.db;
    },
    url,
  };
}
