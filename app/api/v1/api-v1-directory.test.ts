/**
 * API v1's directory routes through their real handlers on a real database: the competitions and tracks a client
 * may list (a hidden competition stays hidden), and who a token belongs to.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { competitions, users } from "../../../db/schema";
import { eq } from "drizzle-orm";
import { useTestDatabase } from "../../../test-support/db/test-database";
import { createApiToken } from "../../../lib/data/api-tokens";
import { seedCompetition, type CompetitionFixture } from "../../../test-support/competition-fixture";

const testDb = useTestDatabase();
let item: CompetitionFixture;
let hidden: CompetitionFixture;
let token: string;
let routes: {
  competitions: typeof import("./competitions/route");
  tracks: typeof import("./competitions/[slug]/tracks/route");
  me: typeof import("./me/route");
  openapi: typeof import("./openapi.json/route");
};

beforeAll(async () => {
  item = await seedCompetition(testDb.db);
  hidden = await seedCompetition(testDb.db);
  await testDb.db.update(competitions).set({ visibility: "private" }).where(eq(competitions.id, hidden.competitionId));
  await testDb.db.update(users).set({ name: "Ada Lovelace" }).where(eq(users.id, item.ownerId));
  process.env.DATABASE_URL = testDb.url;
  routes = {
    competitions: await import("./competitions/route"),
    tracks: await import("./competitions/[slug]/tracks/route"),
    me: await import("./me/route"),
    openapi: await import("./openapi.json/route"),
  };
  token = (await createApiToken(testDb.db, item.ownerId, { teamId: item.teamId, name: "cli" })).token;
});
afterAll(async () => {
  await item.cleanup();
  await hidden.cleanup();
});

const get = (path: string, auth: string | null = token) =>
  new Request(`http://localhost/api/v1${path}`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} });

describe("API v1 directory", () => {
  // Without a token the routes read the Auth.js session, which needs Next's server: e2e covers visitors.
  it("lists the visible competitions with their track counts", async () => {
    const response = await routes.competitions.GET(get("/competitions"));
    expect(response.status).toBe(200);
    const { competitions: listed } = (await response.json()) as {
      competitions: { slug: string; trackCount: number; status: string }[];
    };
    expect(listed).toContainEqual({ slug: item.competitionSlug, title: "Tiny", status: "open", trackCount: 1 });
    expect(listed.map((entry) => entry.slug)).not.toContain(hidden.competitionSlug);
  });

  it("lists a competition's tracks with their profile and runner state, and hides a private competition's", async () => {
    const response = await routes.tracks.GET(get(`/competitions/${item.competitionSlug}/tracks`), {
      params: Promise.resolve({ slug: item.competitionSlug }),
    });
    const { tracks } = (await response.json()) as { tracks: Record<string, unknown>[] };
    expect(tracks).toEqual([
      expect.objectContaining({ id: item.trackId, title: "Main", hardwareProfileId: "cpu-1t", runnerOnline: false }),
    ]);

    const refused = await routes.tracks.GET(get(`/competitions/${hidden.competitionSlug}/tracks`), {
      params: Promise.resolve({ slug: hidden.competitionSlug }),
    });
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  });

  it("says who a token belongs to, and refuses a caller without one", async () => {
    const response = await routes.me.GET(get("/me"));
    expect(await response.json()).toMatchObject({
      user: { id: item.ownerId, name: "Ada Lovelace" },
      team: { id: item.teamId },
    });
    const anonymous = await routes.me.GET(get("/me", "jb_not_a_token"));
    expect(anonymous.status).toBe(401);
  });

  it("documents the routes in the OpenAPI document", async () => {
    const document = (await (await routes.openapi.GET(new Request("http://localhost/api/v1/openapi.json"))).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(["/competitions", "/competitions/{slug}/tracks", "/me"]),
    );
  });
});
