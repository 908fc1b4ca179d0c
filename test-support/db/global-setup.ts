/**
 * Vitest global setup: one PostgreSQL for the whole run (the embedded one under .data/test-postgres, or the
 * server in DATABASE_URL), and one migrated template database that every test file clones
 * (see ./test-database.ts), so test files never share state.
 */
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { dataDirectory, openDatabaseServer } from "../../db/database-server";
import { migrateToLatest } from "../../db/migrate";

export const TEMPLATE_DATABASE = "joulebench_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    databaseAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await openDatabaseServer({
    dataDir: path.join(dataDirectory(), "test-postgres"),
    databaseName: "postgres",
  });
  const admin = postgres(server.url, { max: 1, onnotice: () => {} });
  // Rebuilt each run so that a changed migration is always what the tests see.
  await admin.unsafe(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
  await admin.unsafe(`create database ${TEMPLATE_DATABASE}`);
  await migrateToLatest(withDatabase(server.url, TEMPLATE_DATABASE));
  await admin.end();
  project.provide("databaseAdminUrl", server.url);
  return async () => {
    await server.stop();
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
