import { readFile } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabaseClient } from "../../db/client";
import { useTestDatabase } from "../../test-support/db/test-database";
import { checkHealth, healthHttpStatus, LATEST_MIGRATION_COUNT } from "./health";

const testDb = useTestDatabase();

const packageJson = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
};
const journal = JSON.parse(
  await readFile(new URL("../../db/migrations/meta/_journal.json", import.meta.url), "utf8"),
) as { entries: unknown[] };

// Nothing listens on port 1; the password is one the report must never repeat.
const unreachable = createDatabaseClient("postgres://joule:hunter2-secret@127.0.0.1:1/nowhere", { max: 1 });
afterAll(() => unreachable.close());

describe("checkHealth", () => {
  it("reports ok, every migration applied and the package version on a migrated database", async () => {
    const report = await checkHealth(() => testDb.db);
    expect(report).toEqual({
      status: "ok",
      database: { reachable: true },
      migrations: { applied: journal.entries.length, latest: journal.entries.length, upToDate: true },
      version: packageJson.version,
    });
    expect(LATEST_MIGRATION_COUNT).toBeGreaterThan(0);
    expect(healthHttpStatus(report)).toBe(200);
  });

  it("reports an unreachable database as degraded (503) without leaking the URL or password", async () => {
    const report = await checkHealth(() => unreachable.db);
    expect(report.status).toBe("degraded");
    expect(report.database).toEqual({ reachable: false, error: "connection refused" });
    expect(report.migrations.upToDate).toBe(false);
    expect(healthHttpStatus(report)).toBe(503);
    const json = JSON.stringify(report);
    expect(json).not.toContain("hunter2");
    expect(json).not.toContain("postgres://");
    expect(json).not.toContain("127.0.0.1");
  });

  it("reports a missing DATABASE_URL as degraded rather than throwing", async () => {
    const report = await checkHealth(() => {
      throw new Error("DATABASE_URL is not set. Start Joulebench with `npm start`.");
    });
    expect(report).toMatchObject({ status: "degraded", database: { reachable: false, error: "not configured" } });
  });

  // Last two: they damage this file's database.
  it("reports a database behind the code's migrations as degraded", async () => {
    await testDb.db.execute(
      sql`delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)`,
    );
    const report = await checkHealth(() => testDb.db);
    expect(report.status).toBe("degraded");
    expect(report.database.reachable).toBe(true);
    expect(report.migrations).toEqual({
      applied: LATEST_MIGRATION_COUNT - 1,
      latest: LATEST_MIGRATION_COUNT,
      upToDate: false,
    });
    expect(healthHttpStatus(report)).toBe(503);
  });

  it("reports a database that answers but was never migrated as degraded", async () => {
    await testDb.db.execute(sql`drop schema drizzle cascade`);
    const report = await checkHealth(() => testDb.db);
    expect(report).toMatchObject({
      status: "degraded",
      database: { reachable: true },
      migrations: { applied: 0, latest: LATEST_MIGRATION_COUNT, upToDate: false },
    });
  });
});
