/**
 * POST /api/v1/submissions/{id}/resubmit through its real route handler, on a real database, queue and artifact
 * store: a scored submission is refused with 409 ALREADY_SCORED (a result is not re-rolled), a failed one is
 * queued again.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluations, submissions } from "../../../db/schema";
import { useTestDatabase } from "../../../test-support/db/test-database";
import { createApiToken } from "../../../lib/data/api-tokens";
import {
  seedCompetition,
  writeFixtureBundle,
  type CompetitionFixture,
} from "../../../test-support/competition-fixture";

const testDb = useTestDatabase();
let item: CompetitionFixture;
let token: string;
let routes: {
  submit: typeof import("./competitions/[slug]/submissions/route");
  resubmit: typeof import("./submissions/[id]/resubmit/route");
};

beforeAll(async () => {
  item = await seedCompetition(testDb.db);
  process.env.DATABASE_URL = testDb.url;
  process.env.JOULEBENCH_DATA_DIR = path.join(item.tempDir, "data");
  routes = {
    submit: await import("./competitions/[slug]/submissions/route"),
    resubmit: await import("./submissions/[id]/resubmit/route"),
  };
  token = (await createApiToken(testDb.db, item.ownerId, { teamId: item.teamId, name: "cli" })).token;
});
afterAll(async () => {
  const { webQueue } = await import("../../../lib/submissions/services");
  await (await webQueue()).stop({ graceful: false });
  await item.cleanup();
});

/** A submission sent through the API, its one evaluation then ended in the given state as a runner would. */
async function submittedAndEnded(seed: number, state: "finished" | "failed"): Promise<string> {
  const form = new FormData();
  form.append("metadata", JSON.stringify({ name: `model-${seed}`, trackIds: [item.trackId] }));
  form.append(
    "bundle",
    new Blob([
      new Uint8Array(await readFile(await writeFixtureBundle(path.join(item.tempDir, `${seed}.zip`), { seed }))),
    ]),
    "bundle.zip",
  );
  const response = await routes.submit.POST(
    new Request(`http://localhost/api/v1/competitions/${item.competitionSlug}/submissions`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: form,
    }),
    { params: Promise.resolve({ slug: item.competitionSlug }) },
  );
  expect(response.status).toBe(201);
  const id = ((await response.json()) as { submissions: { id: string }[] }).submissions[0]!.id;
  await testDb.db.update(evaluations).set({ state, finishedAt: new Date() }).where(eq(evaluations.submissionId, id));
  await testDb.db
    .update(submissions)
    .set({ state: state === "finished" ? "scored" : "failed" })
    .where(eq(submissions.id, id));
  return id;
}

const resubmit = (id: string) =>
  routes.resubmit.POST(
    new Request(`http://localhost/api/v1/submissions/${id}/resubmit`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    }),
    { params: Promise.resolve({ id }) },
  );

describe("POST /api/v1/submissions/{id}/resubmit", () => {
  it("refuses a scored submission with 409 ALREADY_SCORED and queues nothing", async () => {
    const id = await submittedAndEnded(11, "finished");
    const response = await resubmit(id);
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("ALREADY_SCORED");
    expect(await testDb.db.select().from(evaluations).where(eq(evaluations.submissionId, id))).toHaveLength(1);
  });

  it("queues a failed submission again", async () => {
    const id = await submittedAndEnded(12, "failed");
    const response = await resubmit(id);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id, evaluation: { state: "queued" }, canResubmit: false });
  });
});
