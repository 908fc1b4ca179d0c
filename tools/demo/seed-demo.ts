/**
 * Creates the demo competitions (tools/demo/competitions/<slug>/: a competition file's manifest, overview and
 * rules, as data) through the same import an organizer uses (lib/competition-bundle/import.ts), and the
 * "Joulebench baselines" team that submits the kit's baselines to them: a user who cannot sign in (no password,
 * an address under .invalid, RFC 2606), organizer of each demo competition, owner of the team, which has entered
 * each competition by accepting its rules.
 *
 * Idempotent: everything is looked up by slug or address first, and the whole seed runs under a PostgreSQL
 * advisory lock, so a second start, or two processes starting at once, create nothing twice. The lock is a
 * session lock, so `db` must be a client with one connection (createDatabaseClient(url, { max: 1 })).
 */
import { readdir, readFile, rm, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq, sql } from "drizzle-orm";
import { parse as parseYaml } from "yaml";
import yazl from "yazl";
import type { Database } from "../../db/client";
import { competitionOrganizers, competitions, teamMemberships, teams, users } from "../../db/schema";
import { importCompetitionFile } from "../../lib/competition-bundle/import";
import { registerTeam } from "../../lib/data/registrations";
import { createTeam } from "../../lib/data/teams";
import type { ArtifactStore } from "../../lib/storage/artifact-store";

/** Advisory lock key of the demo seed (db/migrate.ts uses 727_001). */
export const DEMO_SEED_LOCK_KEY = 727_011;
export const BASELINES_TEAM_NAME = "Joulebench baselines";
export const BASELINES_USER_EMAIL = "baselines@joulebench.invalid";

export const DEMO_COMPETITIONS_DIR = fileURLToPath(new URL("./competitions/", import.meta.url));

export interface DemoSeed {
  /** The baselines user and team. */
  userId: string;
  teamId: string;
  /** Demo competitions by slug, in the order of tools/demo/competitions (flagship first). */
  competitions: { id: string; slug: string; title: string; created: boolean }[];
}

/** Slugs of the demo competitions, flagship first. */
export const DEMO_COMPETITION_ORDER = [
  "sst2-sustainable-inference",
  "rte-sentence-pairs",
  "sms-spam-imbalanced",
  "superglue-lite",
];

/**
 * Runs `work` while holding the demo's advisory lock, so that two starts at once take turns: the second finds what
 * the first made. A session lock: `db` must have one connection, and `work` must use that same `db`.
 */
export async function withDemoLock<T>(db: Database, work: () => Promise<T>): Promise<T> {
  await db.execute(sql`select pg_advisory_lock(${DEMO_SEED_LOCK_KEY})`);
  try {
    return await work();
  } finally {
    await db.execute(sql`select pg_advisory_unlock(${DEMO_SEED_LOCK_KEY})`);
  }
}

export function seedDemo(db: Database, store: ArtifactStore, directory = DEMO_COMPETITIONS_DIR): Promise<DemoSeed> {
  return withDemoLock(db, async () => {
    const userId = await ensureBaselinesUser(db);
    const teamId = await ensureBaselinesTeam(db, userId);
    const folders = await readdir(directory);
    const ordered = [
      ...DEMO_COMPETITION_ORDER.filter((slug) => folders.includes(slug)),
      ...folders.filter((slug) => !DEMO_COMPETITION_ORDER.includes(slug)).sort(),
    ];
    const seeded: DemoSeed["competitions"] = [];
    for (const folder of ordered) {
      const manifest = parseYaml(await readFile(path.join(directory, folder, "competition.yaml"), "utf8")) as {
        competition: { slug: string };
      };
      const slug = manifest.competition.slug;
      let [existing] = await db
        .select({ id: competitions.id, slug: competitions.slug, title: competitions.title })
        .from(competitions)
        .where(eq(competitions.slug, slug));
      const created = !existing;
      if (!existing) {
        await importFolder(db, store, path.join(directory, folder));
        [existing] = await db
          .select({ id: competitions.id, slug: competitions.slug, title: competitions.title })
          .from(competitions)
          .where(eq(competitions.slug, slug));
        if (!existing) throw new Error(`the demo competition "${slug}" was imported but cannot be found`);
      }
      await ensureOrganizerAndEntry(db, existing, userId, teamId);
      seeded.push({ ...existing, created });
    }
    return { userId, teamId, competitions: seeded };
  });
}

async function ensureBaselinesUser(db: Database): Promise<string> {
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, BASELINES_USER_EMAIL));
  if (existing) return existing.id;
  const [created] = await db
    .insert(users)
    .values({ name: BASELINES_TEAM_NAME, email: BASELINES_USER_EMAIL })
    .returning({ id: users.id });
  if (!created) throw new Error("insert into users returned no row");
  return created.id;
}

async function ensureBaselinesTeam(db: Database, userId: string): Promise<string> {
  const [existing] = await db
    .select({ id: teams.id })
    .from(teams)
    .innerJoin(teamMemberships, eq(teamMemberships.teamId, teams.id))
    .where(and(eq(teamMemberships.userId, userId), eq(teams.name, BASELINES_TEAM_NAME)));
  if (existing) return existing.id;
  return (await createTeam(db, userId, { name: BASELINES_TEAM_NAME }, { asSite: true })).id;
}

/** Organizer first: the team then enters through the same registration a team uses, accepting the rules. */
async function ensureOrganizerAndEntry(
  db: Database,
  competition: { id: string; slug: string },
  userId: string,
  teamId: string,
): Promise<void> {
  await db.insert(competitionOrganizers).values({ competitionId: competition.id, userId }).onConflictDoNothing();
  await registerTeam(db, userId, competition.slug, { teamId, acceptRules: true });
}

/** Zips one competition folder (every file at its top level) and imports it as a competition file. */
async function importFolder(db: Database, store: ArtifactStore, folder: string): Promise<void> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "joulebench-demo-"));
  try {
    const zipPath = path.join(workDir, "competition.zip");
    const zip = new yazl.ZipFile();
    for (const name of (await readdir(folder)).sort()) zip.addBuffer(await readFile(path.join(folder, name)), name);
    zip.end();
    const chunks: Buffer[] = [];
    for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
    await writeFile(zipPath, Buffer.concat(chunks));
    await importCompetitionFile(db, store, zipPath, { createdBy: null });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
