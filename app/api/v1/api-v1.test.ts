/**
 * API v1 through its real route handlers (Request in, Response out) on a real database, queue and artifact
 * store: token authentication, the streamed multipart upload, the JSON errors, and the OpenAPI document.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens, competitions, tracks } from "../../../db/schema";
import { BENCHMARK_TASKS, seedBenchmarkTrack } from "../../../test-support/runner/benchmark-fixtures";
import { useTestDatabase } from "../../../test-support/db/test-database";
import { createApiToken } from "../../../lib/data/api-tokens";
import {
  createTeam,
  createUser,
  seedCompetition,
  writeFixtureBundle,
  type CompetitionFixture,
} from "../../../test-support/competition-fixture";

const testDb = useTestDatabase();
let item: CompetitionFixture;
let token: string;
let routes: {
  submit: typeof import("./competitions/[slug]/submissions/route");
  register: typeof import("./competitions/[slug]/registrations/route");
  list: typeof import("./submissions/route");
  one: typeof import("./submissions/[id]/route");
  openapi: typeof import("./openapi.json/route");
  trackTask: typeof import("./competitions/[slug]/tracks/[trackId]/task/route");
};

beforeAll(async () => {
  item = await seedCompetition(testDb.db, { maxBundleBytes: 64 * 1024 });
  process.env.DATABASE_URL = testDb.url;
  process.env.JOULEBENCH_DATA_DIR = path.join(item.tempDir, "data");
  routes = {
    submit: await import("./competitions/[slug]/submissions/route"),
    register: await import("./competitions/[slug]/registrations/route"),
    list: await import("./submissions/route"),
    one: await import("./submissions/[id]/route"),
    openapi: await import("./openapi.json/route"),
    trackTask: await import("./competitions/[slug]/tracks/[trackId]/task/route"),
  };
  token = (await createApiToken(testDb.db, item.ownerId, { teamId: item.teamId, name: "cli" })).token;
});
afterAll(async () => {
  const { webQueue } = await import("../../../lib/submissions/services");
  await (await webQueue()).stop({ graceful: false });
  await item.cleanup();
});

function uploadRequest(bundle: Buffer, metadata: Record<string, unknown>, auth = token) {
  const form = new FormData();
  form.append("metadata", JSON.stringify(metadata));
  form.append("bundle", new Blob([new Uint8Array(bundle)]), "bundle.zip");
  return new Request(`http://localhost/api/v1/competitions/${item.competitionSlug}/submissions`, {
    method: "POST",
    headers: auth ? { authorization: `Bearer ${auth}` } : {},
    body: form,
  });
}

const slugParams = () => ({ params: Promise.resolve({ slug: item.competitionSlug }) });
const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; message: string; reason?: string } }).error;

describe("API v1", () => {
  it("gives a track's task, as the CLI's pre-flight checks a bundle against it; another competition's or a hidden one's answers 404", async () => {
    const read = (slug: string, trackId: string, auth: string | null = token) =>
      routes.trackTask.GET(
        new Request(`http://localhost/api/v1/competitions/${slug}/tracks/${trackId}/task`, {
          headers: auth ? { authorization: `Bearer ${auth}` } : {},
        }),
        {
          params: Promise.resolve({ slug, trackId }),
        },
      );
    const answer = await read(item.competitionSlug, item.trackId);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      trackId: item.trackId,
      hardwareProfileId: "cpu-1t",
      task: { title: "Tiny sentiment", labels: ["negative", "positive"], inputFields: ["sentence"] },
      benchmarkTasks: [],
    });

    // A multi-task track also lists its tasks in order: its bundle holds one folder per task.
    const benchmark = await seedBenchmarkTrack(testDb.db);
    const [benchmarkCompetition] = await testDb.db
      .select({ slug: competitions.slug })
      .from(competitions)
      .innerJoin(tracks, eq(tracks.competitionId, competitions.id))
      .where(eq(tracks.id, benchmark.trackId));
    await testDb.db
      .update(competitions)
      .set({ visibility: "public", status: "open" })
      .where(eq(competitions.slug, benchmarkCompetition!.slug));
    const multi = await read(benchmarkCompetition!.slug, benchmark.trackId);
    expect(multi.status).toBe(200);
    const multiTask = (await multi.json()) as { benchmarkTasks: { slug: string; labels: string[] }[] };
    expect(multiTask.benchmarkTasks.map((task) => [task.slug, task.labels])).toEqual(
      BENCHMARK_TASKS.map((spec, index) => [benchmark.slugs[index], spec.labels]),
    );
    await benchmark.cleanup();

    const other = await seedCompetition(testDb.db);
    const elsewhere = await read(item.competitionSlug, other.trackId);
    expect([elsewhere.status, (await errorOf(elsewhere)).code]).toEqual([404, "NOT_FOUND"]);
    await testDb.db.update(competitions).set({ visibility: "private" }).where(eq(competitions.id, other.competitionId));
    const hidden = await read(other.competitionSlug, other.trackId);
    expect([hidden.status, (await errorOf(hidden)).code]).toEqual([404, "NOT_FOUND"]);
    await other.cleanup();
  });

  it("accepts a bundle uploaded with a token, then lists and reads it", async () => {
    const bundle = await readFile(await writeFixtureBundle(path.join(item.tempDir, "a.zip"), { seed: 1 }));
    const response = await routes.submit.POST(
      uploadRequest(bundle, { name: "via api", trackIds: [item.trackId] }),
      slugParams(),
    );
    expect(response.status).toBe(201);
    const body = (await response.json()) as { submissions: { id: string; url: string }[] };
    const id = body.submissions[0]!.id;
    expect(body.submissions[0]!.url).toBe(`/submissions/${id}`);

    const listed = await routes.list.GET(
      new Request("http://localhost/api/v1/submissions", { headers: { authorization: `Bearer ${token}` } }),
    );
    expect(((await listed.json()) as { submissions: { id: string }[] }).submissions.map((entry) => entry.id)).toEqual([
      id,
    ]);
    const one = await routes.one.GET(
      new Request(`http://localhost/api/v1/submissions/${id}`, { headers: { authorization: `Bearer ${token}` } }),
      { params: Promise.resolve({ id }) },
    );
    expect(await one.json()).toMatchObject({
      id,
      name: "via api",
      evaluation: { state: "queued" },
      waitingForRunner: true,
    });

    const again = await routes.submit.POST(
      uploadRequest(bundle, { name: "again", trackIds: [item.trackId] }),
      slugParams(),
    );
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe("DUPLICATE_SUBMISSION");
  });

  it("answers each refusal with its stable code and status", async () => {
    const bundle = await readFile(await writeFixtureBundle(path.join(item.tempDir, "b.zip"), { seed: 2 }));
    const badHeader = await routes.submit.POST(
      uploadRequest(bundle, { name: "x", trackIds: [item.trackId] }, "not a token"),
      slugParams(),
    );
    expect([badHeader.status, (await errorOf(badHeader)).code]).toEqual([401, "UNAUTHENTICATED"]);

    const other = await seedCompetition(testDb.db);
    const tampered = await routes.submit.POST(
      uploadRequest(bundle, { name: "x", teamId: other.teamId, trackIds: [item.trackId] }),
      slugParams(),
    );
    expect([tampered.status, (await errorOf(tampered)).code]).toEqual([404, "NOT_FOUND"]);

    const wrongTask = await readFile(
      await writeFixtureBundle(path.join(item.tempDir, "c.zip"), { seed: 3, labels: ["ham", "spam"] }),
    );
    const rejected = await routes.submit.POST(
      uploadRequest(wrongTask, { name: "x", trackIds: [item.trackId] }),
      slugParams(),
    );
    expect(rejected.status).toBe(400);
    expect(await errorOf(rejected)).toMatchObject({ code: "BUNDLE_REJECTED", reason: "MANIFEST_MISMATCH" });

    const huge = await routes.submit.POST(
      uploadRequest(Buffer.alloc(200 * 1024, 7), { name: "x", trackIds: [item.trackId] }),
      slugParams(),
    );
    expect([huge.status, (await errorOf(huge)).code]).toEqual([413, "TOO_LARGE"]);

    const { entry, token: expired } = await createApiToken(testDb.db, item.ownerId, {
      teamId: item.teamId,
      name: "old",
    });
    await testDb.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(apiTokens.id, entry.id));
    const late = await routes.submit.POST(
      uploadRequest(bundle, { name: "x", trackIds: [item.trackId] }, expired),
      slugParams(),
    );
    expect([late.status, (await errorOf(late)).code]).toEqual([401, "TOKEN_EXPIRED"]);
    await other.cleanup();
  });

  it("keeps a token to its own team's submissions", async () => {
    const stranger = await createUser(testDb.db, "stranger");
    const strangerTeam = await createTeam(testDb.db, stranger, "Others");
    const { token: strangerToken } = await createApiToken(testDb.db, stranger, { teamId: strangerTeam, name: "x" });
    const listed = await routes.list.GET(
      new Request("http://localhost/api/v1/submissions", { headers: { authorization: `Bearer ${strangerToken}` } }),
    );
    expect(((await listed.json()) as { submissions: unknown[] }).submissions).toEqual([]);
    const [mine] = (
      (await (
        await routes.list.GET(
          new Request("http://localhost/api/v1/submissions", { headers: { authorization: `Bearer ${token}` } }),
        )
      ).json()) as { submissions: { id: string }[] }
    ).submissions;
    const peek = await routes.one.GET(
      new Request(`http://localhost/api/v1/submissions/${mine!.id}`, {
        headers: { authorization: `Bearer ${strangerToken}` },
      }),
      { params: Promise.resolve({ id: mine!.id }) },
    );
    expect(peek.status).toBe(404);
  });

  it("registers the token's team", async () => {
    const fresh = await seedCompetition(testDb.db, { register: false });
    const { token: freshToken } = await createApiToken(testDb.db, fresh.ownerId, { teamId: fresh.teamId, name: "x" });
    const request = (body: unknown) =>
      new Request("http://localhost/", {
        method: "POST",
        headers: { authorization: `Bearer ${freshToken}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const refused = await routes.register.POST(request({}), {
      params: Promise.resolve({ slug: fresh.competitionSlug }),
    });
    expect((await errorOf(refused)).code).toBe("VALIDATION_FAILED");
    const entered = await routes.register.POST(request({ acceptRules: true }), {
      params: Promise.resolve({ slug: fresh.competitionSlug }),
    });
    expect(await entered.json()).toMatchObject({ teamId: fresh.teamId });

    // The same owner's second team may not enter too: 409 ONE_TEAM_PER_PERSON, naming the competition.
    const secondTeam = await createTeam(testDb.db, fresh.ownerId, "Second");
    const { token: secondToken } = await createApiToken(testDb.db, fresh.ownerId, { teamId: secondTeam, name: "x" });
    const second = await routes.register.POST(
      new Request("http://localhost/", {
        method: "POST",
        headers: { authorization: `Bearer ${secondToken}`, "content-type": "application/json" },
        body: JSON.stringify({ acceptRules: true }),
      }),
      { params: Promise.resolve({ slug: fresh.competitionSlug }) },
    );
    expect(second.status).toBe(409);
    expect(await errorOf(second)).toMatchObject({
      code: "ONE_TEAM_PER_PERSON",
      message: expect.stringContaining(`"Tiny"`),
    });
    await fresh.cleanup();
  });

  it("serves an OpenAPI 3.1 document built from the request schemas", async () => {
    const document = (await (await routes.openapi.GET(new Request("http://localhost/api/v1/openapi.json"))).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(["/competitions/{slug}/submissions", "/submissions/{id}", "/submissions/{id}/events"]),
    );
    expect(JSON.stringify(document.components.schemas.SubmissionMetadata)).toContain("trackIds");
    // The rate limits are stated, with the limits the site runs with, and every operation may answer 429.
    const described = document as unknown as {
      info: { description: string };
      paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>>;
    };
    expect(described.info.description).toContain("120 requests per token");
    for (const operations of Object.values(described.paths)) {
      for (const operation of Object.values(operations))
        expect(operation.responses["429"]?.headers).toHaveProperty("Retry-After");
    }
  });
});
