/**
 * Inserts a team row for a test fixture. Team names are unique (teams.name_key), and fixtures reuse names
 * ("Volts") in one test database, so a name already taken gets " 2", " 3", ... appended, as a person would.
 */
import type { Database } from "../db/client";
import { teams, type Team } from "../db/schema";

export async function insertFixtureTeam(db: Database, values: { slug: string; name: string }): Promise<Team> {
  for (let copy = 1; ; copy += 1) {
    const name = copy === 1 ? values.name : `${values.name} ${copy}`;
    const [team] = await db
      .insert(teams)
      .values({ slug: values.slug, name })
      .onConflictDoNothing({ target: teams.nameKey })
      .returning();
    if (team) return team;
  }
}
