/**
 * Migration 0010 builds a unique index on team names; a database whose teams already share names (or squat the
 * site's own) must still migrate. The database is migrated to 0009 from a copy of the migrations folder cut
 * there, given such teams, then migrated to the latest.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, migrateToLatest } from "./migrate";
import { useTestDatabase } from "../test-support/db/test-database";

const testDb = useTestDatabase();
let workDir: string | undefined;
afterAll(async () => {
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

it("suffixes existing duplicate names, renames squatters of the site's names, and keeps the site's own team", async () => {
  const client = postgres(testDb.url, { max: 1, onnotice: () => {} });
  try {
    // The test database is a clone of the migrated template: empty it back to nothing first.
    await client.unsafe("drop schema public cascade; create schema public; drop schema if exists drizzle cascade;");
    workDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-migrations-"));
    const before = path.join(workDir, "migrations");
    await cp(MIGRATIONS_FOLDER, before, { recursive: true });
    const journalPath = path.join(before, "meta", "_journal.json");
    const journal = JSON.parse(await readFile(journalPath, "utf8")) as { entries: { idx: number; tag: string }[] };
    journal.entries = journal.entries.filter((entry) => entry.idx < 10);
    await writeFile(journalPath, JSON.stringify(journal));
    await migrate(drizzle(client), { migrationsFolder: before });

    const team = async (id: string, name: string, createdAt: string, ownerEmail?: string) => {
      await client`insert into teams (id, slug, name, created_at) values (${id}, ${id}, ${name}, ${createdAt})`;
      if (!ownerEmail) return;
      const [user] = await client<
        { id: string }[]
      >`insert into users (id, email) values (${`u-${id}`}, ${ownerEmail}) returning id`;
      await client`insert into team_memberships (team_id, user_id, role) values (${id}, ${user!.id}, 'owner')`;
    };
    await team("aaaaaaaa-1", "Volts", "2026-01-01");
    await team("bbbbbbbb-2", "VOLTS", "2026-01-02");
    await team("cccccccc-3", "ｖｏｌｔｓ", "2026-01-03");
    await team("dddddddd-4", "Joulebench baselines", "2026-01-01", "mallory@example.com");
    await team("eeeeeeee-5", "Joulebench baselines", "2026-01-02", "baselines@joulebench.invalid");
    await team("ffffffff-6", "Amps", "2026-01-01");

    await migrateToLatest(testDb.url);

    const rows = await client<{ id: string; name: string }[]>`select id, name from teams order by id`;
    expect(Object.fromEntries(rows.map((row) => [row.id, row.name]))).toEqual({
      "aaaaaaaa-1": "Volts",
      "bbbbbbbb-2": "VOLTS (bbbbbbbb)",
      "cccccccc-3": "ｖｏｌｔｓ (cccccccc)",
      "dddddddd-4": "Renamed team dddddddd",
      "eeeeeeee-5": "Joulebench baselines",
      "ffffffff-6": "Amps",
    });
    await expect(client`insert into teams (id, slug, name) values ('x', 'x', 'AMPS')`).rejects.toMatchObject({
      code: "23505",
    });
  } finally {
    await client.end();
  }
});
