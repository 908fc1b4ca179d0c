/**
 * The authorization matrix over HTTP: API v1's route handlers (Request in, Response out) on a real database,
 * called with each actor's API token. Tokens belong to one team, so every actor here has a team of their own;
 * "visitor" sends a token that does not exist (a request without any token is answered by the session, which
 * needs the web server: e2e/organizer.spec.ts covers that). Each cell is the HTTP status expected.
 */
import path from "node:path";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phases, submissions, teamMemberships } from "../../../db/schema";
import { useTestDatabase } from "../../../test-support/db/test-database";
import { createApiToken } from "../../../lib/data/api-tokens";
import { updateCompetition } from "../../../lib/data/competitions";
import { enqueueEvaluation } from "../../../lib/data/evaluations";
import {
  ACTOR_NAMES,
  createCompetitionWorld,
  type ActorName,
  type CompetitionWorld,
} from "../../../test-support/data/competition-world";
import { insertFixtureTeam } from "../../../test-support/fixture-team";

const testDb = useTestDatabase();
let boss: PgBoss;
let world: CompetitionWorld;
let submissionId: string;
const tokens = new Map<ActorName, string>();

beforeAll(async () => {
  process.env.DATABASE_URL = testDb.url;
  process.env.JOULEBENCH_DATA_DIR = path.join("/tmp", `matrix-api-${Date.now()}`);
  boss = new PgBoss({ connectionString: testDb.url, max: 2, supervise: false, schedule: false });
  await boss.start();
  world = await createCompetitionWorld(testDb.db);
  await updateCompetition(testDb.db, world.adminId, world.competition.id, { status: "open", visibility: "public" });
  const now = Date.now();
  await testDb.db.insert(phases).values({
    competitionId: world.competition.id,
    name: "Now",
    startsAt: new Date(now - 3_600_000),
    endsAt: new Date(now + 86_400_000),
  });
  const [submission] = await testDb.db
    .insert(submissions)
    .values({
      teamId: world.teamId,
      trackId: world.track.id,
      name: "first",
      artifactPath: "x.zip",
      sha256: "0".repeat(64),
      sizeBytes: 1,
    })
    .returning({ id: submissions.id });
  submissionId = submission!.id;
  await enqueueEvaluation(testDb.db, boss, { submissionId });
  const teamOf = async (userId: string) => {
    const team = await insertFixtureTeam(testDb.db, { slug: `own-${userId.slice(0, 8)}`, name: "Own" });
    await testDb.db.insert(teamMemberships).values({ teamId: team!.id, userId, role: "owner" });
    return team!.id;
  };
  tokens.set("visitor", "jb_this-token-does-not-exist");
  tokens.set("member", (await createApiToken(testDb.db, world.memberId, { teamId: world.teamId, name: "m" })).token);
  tokens.set(
    "otherMember",
    (await createApiToken(testDb.db, world.otherMemberId, { teamId: world.otherTeamId, name: "o" })).token,
  );
  for (const [actor, userId] of [
    ["organizer", world.organizerId],
    ["otherOrganizer", world.otherOrganizerId],
    ["admin", world.adminId],
  ] as const) {
    tokens.set(actor, (await createApiToken(testDb.db, userId, { teamId: await teamOf(userId), name: actor })).token);
  }
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  const { webQueue } = await import("../../../lib/submissions/services");
  await (await webQueue()).stop({ graceful: false });
});

type Row = {
  surface: string;
  expected: [number, number, number, number, number, number];
  call: (auth: Record<string, string>) => Promise<Response>;
};

const base = "http://localhost/api/v1";
const id = () => ({ params: Promise.resolve({ id: submissionId }) });
const board = () => ({ params: Promise.resolve({ slug: world.competition.slug, trackId: world.track.id }) });

async function rows(): Promise<Row[]> {
  const one = await import("./submissions/[id]/route");
  const events = await import("./submissions/[id]/events/route");
  const results = await import("./submissions/[id]/results/route");
  const list = await import("./submissions/route");
  const register = await import("./competitions/[slug]/registrations/route");
  const leaderboard = await import("./competitions/[slug]/tracks/[trackId]/leaderboard/route");
  const leaderboardCsv = await import("./competitions/[slug]/tracks/[trackId]/leaderboard.csv/route");
  const get = (url: string, auth: Record<string, string>) => new Request(`${base}${url}`, { headers: auth });
  return [
    // A token acts for its one team: an organizer's or admin's token reads no other team's submissions (their
    // wider rights are for the signed-in site, lib/authorization-matrix.test.ts).
    {
      surface: "GET /submissions/[id]",
      expected: [401, 200, 404, 404, 404, 404],
      call: (auth) => one.GET(get(`/submissions/${submissionId}`, auth), id()),
    },
    {
      surface: "GET /submissions/[id]/events",
      expected: [401, 200, 404, 404, 404, 404],
      call: (auth) => events.GET(get(`/submissions/${submissionId}/events`, auth), id()),
    },
    {
      surface: "GET /submissions/[id]/results",
      expected: [401, 200, 404, 404, 404, 404],
      call: (auth) => results.GET(get(`/submissions/${submissionId}/results`, auth), id()),
    },
    {
      surface: "GET /submissions",
      expected: [401, 200, 200, 200, 200, 200],
      call: (auth) => list.GET(get("/submissions", auth)),
    },
    {
      surface: "POST /competitions/[slug]/registrations for the member's team",
      expected: [401, 200, 404, 404, 404, 404],
      call: (auth) =>
        register.POST(
          new Request(`${base}/competitions/${world.competition.slug}/registrations`, {
            method: "POST",
            headers: { ...auth, "content-type": "application/json" },
            body: JSON.stringify({ teamId: world.teamId, acceptRules: true }),
          }),
          { params: Promise.resolve({ slug: world.competition.slug }) },
        ),
    },
    {
      surface: "GET leaderboard (public part)",
      expected: [401, 200, 200, 200, 200, 200],
      call: (auth) => leaderboard.GET(get(`/competitions/x/tracks/y/leaderboard`, auth), board()),
    },
    {
      surface: "GET leaderboard?split=private before it is revealed",
      expected: [401, 403, 403, 200, 403, 200],
      call: (auth) => leaderboard.GET(get(`/competitions/x/tracks/y/leaderboard?split=private`, auth), board()),
    },
    {
      surface: "GET leaderboard.csv?split=private before it is revealed",
      expected: [401, 403, 403, 200, 403, 200],
      call: (auth) => leaderboardCsv.GET(get(`/competitions/x/tracks/y/leaderboard.csv?split=private`, auth), board()),
    },
  ];
}

describe("authorization matrix over API v1", () => {
  it("every route answers every actor's token with the expected status", async () => {
    const mismatches: string[] = [];
    for (const row of await rows()) {
      for (const [index, actor] of ACTOR_NAMES.entries()) {
        const response = await row.call({ authorization: `Bearer ${tokens.get(actor)}` });
        await response.body?.cancel();
        if (response.status !== row.expected[index])
          mismatches.push(`${row.surface} as ${actor}: expected ${row.expected[index]}, got ${response.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
