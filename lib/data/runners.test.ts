import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { competitionOrganizers, competitions, runners, siteAdmins, users } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { AppError } from "../errors";
import { listRunners, RUNNER_SILENCE_LIMIT_MS } from "./runners";

const testDb = useTestDatabase();

async function createUser(): Promise<string> {
  const [user] = await testDb.db
    .insert(users)
    .values({ email: `${randomUUID()}@example.com` })
    .returning();
  return user!.id;
}

/** A runner row whose heartbeat is `silentMs` old by the database's clock. */
async function insertRunner(id: string, silentMs: number, stopped = false) {
  await testDb.db.insert(runners).values({
    id,
    hostname: "bench-1",
    hardwareProfileIds: ["cpu-1t"],
    fingerprint: { cores: 8 },
    version: "0.1.0",
    currentEvaluationId: stopped ? null : "evaluation-1",
    lastHeartbeatAt: sql`now() - make_interval(secs => ${silentMs / 1000})`,
    stoppedAt: stopped ? sql`now()` : null,
  });
}

describe("listRunners", () => {
  it("lists every runner with whether it is alive by its heartbeat", async () => {
    const adminId = await createUser();
    await testDb.db.insert(siteAdmins).values({ userId: adminId });
    await insertRunner("fresh", 1_000);
    await insertRunner("silent", RUNNER_SILENCE_LIMIT_MS + 5_000);
    await insertRunner("stopped", 1_000, true);

    const listed = await listRunners(testDb.db, adminId);
    const byId = Object.fromEntries(listed.map((runner) => [runner.id, runner]));
    expect(byId.fresh).toMatchObject({
      alive: true,
      status: "alive",
      hardwareProfileIds: ["cpu-1t"],
      fingerprint: { cores: 8 },
      currentEvaluationId: "evaluation-1",
    });
    expect(byId.silent).toMatchObject({ alive: false, status: "silent" });
    expect(byId.stopped).toMatchObject({ alive: false, status: "stopped", stoppedAt: expect.any(Date) });
    expect(listed).toHaveLength(3);
  });

  it("is for organizers and site admins only", async () => {
    const organizerId = await createUser();
    const [competition] = await testDb.db
      .insert(competitions)
      .values({ slug: `c-${randomUUID()}`, title: "C" })
      .returning();
    await testDb.db.insert(competitionOrganizers).values({ competitionId: competition!.id, userId: organizerId });
    await expect(listRunners(testDb.db, organizerId)).resolves.toBeInstanceOf(Array);

    const error = await listRunners(testDb.db, await createUser()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "FORBIDDEN" });
  });
});
