/**
 * Who an API caller is, as `joulebench login` confirms it: the token's user (name and email, never only an id)
 * and the team the token acts for. A signed-in browser has no single team: null.
 */
import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { teams } from "../../db/schema";
import type { ApiActor } from "../api/actor";
import { getUserProfile } from "./users";

export interface ApiCaller {
  user: { id: string; name: string | null; email: string | null };
  team: { id: string; slug: string; name: string } | null;
}

export async function describeApiCaller(db: Database, actor: ApiActor): Promise<ApiCaller> {
  const profile = await getUserProfile(db, actor.userId);
  const [team] = actor.teamId
    ? await db
        .select({ id: teams.id, slug: teams.slug, name: teams.name })
        .from(teams)
        .where(eq(teams.id, actor.teamId))
        .limit(1)
    : [];
  return { user: { id: profile.id, name: profile.name, email: profile.email }, team: team ?? null };
}
