import { createReadStream } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { competitions, evaluations, phases, submissions } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { writeZip } from "../../test-support/bundle/build-zip";
import { LocalArtifactStore } from "../storage/local-store";
import { isBundleRejected } from "../submissions/bundle-rejected";
import { appErrorFrom } from "../../test-support/app-error";
import {
  createTeam,
  createUser,
  seedCompetition,
  writeFixtureBundle,
  type CompetitionFixture,
} from "../../test-support/competition-fixture";
import { insertSubmissions, resolveSubmissionTarget, submitBundle, type SubmitDependencies } from "./submissions";
import { RUNNER_FAULT_CODES } from "../submissions/infrastructure-failures";

const testDb = useTestDatabase();
let boss: PgBoss;
let store: LocalArtifactStore;
let storeRoot: string;
const fixtures: CompetitionFixture[] = [];
let seedCounter = 100;

beforeAll(async () => {
  boss = new PgBoss({ connectionString: testDb.url, max: 2, supervise: false, schedule: false });
  await boss.start();
  const first = await fixture();
  storeRoot = path.join(first.tempDir, "storage");
  store = new LocalArtifactStore(storeRoot);
});
afterAll(async () => {
  await boss.stop({ graceful: false });
  await Promise.all(fixtures.map((item) => item.cleanup()));
});

async function fixture(options: Parameters<typeof seedCompetition>[1] = {}) {
  const created = await seedCompetition(testDb.db, options);
  fixtures.push(created);
  return created;
}

const deps = (): SubmitDependencies => ({ db: testDb.db, queue: boss, store });

async function bundle(item: CompetitionFixture, options: { seed?: number; labels?: string[] } = {}) {
  seedCounter += 1;
  return writeFixtureBundle(path.join(item.tempDir, `bundle-${seedCounter}.zip`), {
    seed: options.seed ?? seedCounter,
    ...options,
  });
}

async function submit(
  item: CompetitionFixture,
  file: string,
  overrides: Record<string, unknown> = {},
  actor = item.ownerId,
) {
  const target = await resolveSubmissionTarget(testDb.db, actor, item.competitionSlug, {
    teamId: item.teamId,
    name: "first try",
    trackIds: [item.trackId],
    ...overrides,
  });
  return submitBundle(deps(), target, actor, createReadStream(file));
}

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(storeRoot, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

const submissionsOf = (teamId: string) => testDb.db.select().from(submissions).where(eq(submissions.teamId, teamId));

describe("accepting a submission", () => {
  it("stores the bundle, records one row per track with its disclosures, and queues its evaluation", async () => {
    const item = await fixture();
    const outcome = await submit(item, await bundle(item), {
      disclosures: {
        trainingGpuHours: 1.5,
        methods: ["distillation"],
        trialsCsv: "lr,validation_score\n0.1,0.8\n0.01,0.85\n",
      },
    });
    expect(outcome.submissions).toHaveLength(1);
    expect(outcome.sha256).toMatch(/^[0-9a-f]{64}$/);
    const [row] = await submissionsOf(item.teamId);
    expect(row).toMatchObject({
      state: "queued",
      name: "first try",
      phaseId: item.phaseId,
      sha256: outcome.sha256,
      uploadGroupId: outcome.uploadGroupId,
    });
    expect(row!.disclosures).toMatchObject({
      trainingGpuHours: 1.5,
      methods: ["distillation"],
      trials: { validationScores: [0.8, 0.85] },
    });
    expect(await store.exists(row!.artifactPath)).toBe(true);
    const [evaluation] = await testDb.db.select().from(evaluations).where(eq(evaluations.submissionId, row!.id));
    expect(evaluation?.state).toBe("queued");
  });

  it("tells the team when the same file goes to the same track again, and keeps nothing of the second upload", async () => {
    const item = await fixture();
    const file = await bundle(item);
    await submit(item, file);
    const before = await storedFiles();
    const error = await appErrorFrom(submit(item, file, { name: "again" }));
    expect(error.code).toBe("DUPLICATE_SUBMISSION");
    expect(error.message).toContain("first try");
    expect(await storedFiles()).toEqual(before);
    expect(await submissionsOf(item.teamId)).toHaveLength(1);
  });

  it("refuses a bundle whose labels do not fit the track's task with the validator's message", async () => {
    const item = await fixture();
    const before = await storedFiles();
    const error = await appErrorFrom(submit(item, await bundle(item, { labels: ["spam", "ham"] })));
    expect(error.code).toBe("BUNDLE_REJECTED");
    expect(isBundleRejected(error) && error.reason).toBe("MANIFEST_MISMATCH");
    expect(error.message).toMatch(/spam/);
    expect(await storedFiles()).toEqual(before);
    expect(await submissionsOf(item.teamId)).toHaveLength(0);
  });

  it("refuses a file that is not a bundle, naming what it is", async () => {
    const item = await fixture();
    const pdf = path.join(item.tempDir, "paper.pdf");
    await writeFile(pdf, "%PDF-1.7\n%...\n");
    const error = await appErrorFrom(submit(item, pdf));
    expect(isBundleRejected(error) && error.reason).toBe("NOT_A_BUNDLE");
    expect(error.message).toContain("PDF");
  });

  it("refuses a zip bomb without extracting it", async () => {
    const item = await fixture();
    const bomb = path.join(item.tempDir, "bomb.zip");
    await writeZip(bomb, [{ name: "model.onnx", data: Buffer.alloc(64 * 1024 * 1024) }]);
    const error = await appErrorFrom(submit(item, bomb));
    expect(isBundleRejected(error) && error.reason).toBe("TOO_LARGE");
    expect(await submissionsOf(item.teamId)).toHaveLength(0);
  });

  it("cuts off an oversize upload within the first megabyte past the limit, before it is read whole", async () => {
    const item = await fixture({ maxBundleBytes: 1024 * 1024 });
    let bytesRead = 0;
    async function* endless() {
      const chunk = new Uint8Array(64 * 1024);
      for (;;) {
        // A network body arrives a chunk per event-loop turn.
        await new Promise((resolve) => setImmediate(resolve));
        bytesRead += chunk.length;
        yield chunk;
      }
    }
    const target = await resolveSubmissionTarget(testDb.db, item.ownerId, item.competitionSlug, {
      teamId: item.teamId,
      name: "huge",
      trackIds: [item.trackId],
    });
    const error = await appErrorFrom(submitBundle(deps(), target, item.ownerId, endless()));
    expect(error.code).toBe("TOO_LARGE");
    expect(bytesRead).toBeLessThan(2 * 1024 * 1024);
    expect(await submissionsOf(item.teamId)).toHaveLength(0);
  });
});

describe("storage that fails", () => {
  it("refuses the upload and records nothing when the store cannot be written", async () => {
    const item = await fixture();
    // A store whose folder sits under a regular file: every write fails, as on a full or unmounted disk.
    const brokenStore = new LocalArtifactStore(path.join(await bundle(item), "storage"));
    const target = await resolveSubmissionTarget(testDb.db, item.ownerId, item.competitionSlug, {
      teamId: item.teamId,
      name: "x",
      trackIds: [item.trackId],
    });
    await expect(
      submitBundle({ ...deps(), store: brokenStore }, target, item.ownerId, createReadStream(await bundle(item))),
    ).rejects.toThrow();
    expect(await submissionsOf(item.teamId)).toHaveLength(0);
  });
});

describe("quotas", () => {
  it("refuses the submission past the phase's total, and does not count an infrastructure failure", async () => {
    const item = await fixture({ phase: { submissionsTotal: 1 } });
    const first = await submit(item, await bundle(item));
    const error = await appErrorFrom(submit(item, await bundle(item)));
    expect(error.code).toBe("QUOTA_EXCEEDED");
    // The runner died on every attempt: the team's slot comes back.
    await testDb.db.update(submissions).set({ state: "failed" }).where(eq(submissions.id, first.submissions[0]!.id));
    await testDb.db
      .update(evaluations)
      .set({ state: "failed", errorCode: "RUNNER_LOST" })
      .where(eq(evaluations.id, first.submissions[0]!.evaluationId));
    await submit(item, await bundle(item));
  });

  it("gives the slot back for every runner fault the runner retries, and not for the model's own failure", async () => {
    for (const [code, slotBack] of [
      ...RUNNER_FAULT_CODES.map((code) => [code, true] as const),
      ["MEMORY_LIMIT", false] as const,
    ]) {
      const item = await fixture({ phase: { submissionsTotal: 1 } });
      const first = await submit(item, await bundle(item));
      await testDb.db.update(submissions).set({ state: "failed" }).where(eq(submissions.id, first.submissions[0]!.id));
      await testDb.db
        .update(evaluations)
        .set({ state: "failed", errorCode: code })
        .where(eq(evaluations.id, first.submissions[0]!.evaluationId));
      const again = submit(item, await bundle(item));
      if (slotBack) await again;
      else expect((await appErrorFrom(again)).code, code).toBe("QUOTA_EXCEEDED");
    }
  });

  it("refuses past the daily quota, saying when it resets", async () => {
    const item = await fixture({ phase: { submissionsPerDay: 1 } });
    await submit(item, await bundle(item));
    const error = await appErrorFrom(submit(item, await bundle(item)));
    expect(error.code).toBe("QUOTA_EXCEEDED");
    expect(error.message).toContain("midnight UTC");
  });

  it("lets exactly one of five uploads finishing at the same instant take the last slot", async () => {
    const item = await fixture({ phase: { submissionsTotal: 1 } });
    const target = await resolveSubmissionTarget(testDb.db, item.ownerId, item.competitionSlug, {
      teamId: item.teamId,
      name: "race",
      trackIds: [item.trackId],
    });
    // Five different files (five hashes) reach the quota check together: the race the team lock settles.
    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((index) =>
        insertSubmissions(testDb.db, target, item.ownerId, {
          uploadGroupId: `race-${index}`,
          key: `race/${index}`,
          sha256: String(index).repeat(64),
          sizeBytes: 1,
        }),
      ),
    );
    const accepted = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const refused = outcomes.flatMap((outcome) =>
      outcome.status === "rejected" ? [outcome.reason as { code?: string }] : [],
    );
    expect(accepted).toHaveLength(1);
    expect(refused.map((error) => error.code)).toEqual([
      "QUOTA_EXCEEDED",
      "QUOTA_EXCEEDED",
      "QUOTA_EXCEEDED",
      "QUOTA_EXCEEDED",
    ]);
    expect(await submissionsOf(item.teamId)).toHaveLength(1);
  });

  it("accepts one of five whole uploads sent together against the last slot", async () => {
    const item = await fixture({ phase: { submissionsTotal: 1 } });
    const files = await Promise.all([1, 2, 3, 4, 5].map(() => bundle(item)));
    const outcomes = await Promise.allSettled(files.map((file) => submit(item, file)));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    expect(await submissionsOf(item.teamId)).toHaveLength(1);
    // Every stored file belongs to an accepted submission: the refused uploads left nothing.
    const keys = new Set(
      (await testDb.db.select().from(submissions))
        .map((row) => row.artifactPath)
        .filter((key) => key.startsWith("submissions/")),
    );
    expect(await storedFiles()).toHaveLength(keys.size);
  });

  it("limits submissions waiting or running at once", async () => {
    const item = await fixture({ phase: { concurrentSubmissions: 1 } });
    await submit(item, await bundle(item));
    expect((await appErrorFrom(submit(item, await bundle(item)))).code).toBe("QUOTA_EXCEEDED");
  });
});

describe("who may submit where, checked before the upload is read", () => {
  const target = (
    item: CompetitionFixture,
    overrides: Record<string, unknown> = {},
    actor: string | null = item.ownerId,
  ) =>
    resolveSubmissionTarget(testDb.db, actor, item.competitionSlug, {
      teamId: item.teamId,
      name: "x",
      trackIds: [item.trackId],
      ...overrides,
    });

  it("refuses a phase that has not opened yet and one that has ended", async () => {
    const soon = await fixture({
      phase: { startsAt: new Date(Date.now() + 3_600_000), endsAt: new Date(Date.now() + 7_200_000) },
    });
    const early = await appErrorFrom(target(soon));
    expect(early.code).toBe("PHASE_CLOSED");
    expect(early.message).toContain("opens at");
    const over = await fixture({
      phase: { startsAt: new Date(Date.now() - 7_200_000), endsAt: new Date(Date.now() - 3_600_000) },
    });
    expect((await appErrorFrom(target(over))).message).toContain("ended");
  });

  it("refuses a closed competition", async () => {
    const item = await fixture();
    await testDb.db.update(competitions).set({ status: "closed" }).where(eq(competitions.id, item.competitionId));
    expect((await appErrorFrom(target(item))).code).toBe("PHASE_CLOSED");
  });

  it("refuses a track of another competition", async () => {
    const item = await fixture();
    const other = await fixture();
    expect((await appErrorFrom(target(item, { trackIds: [other.trackId] }))).code).toBe("NOT_FOUND");
  });

  it("refuses another team's id slipped into the form, as if that team did not exist", async () => {
    const item = await fixture();
    const other = await fixture();
    const error = await appErrorFrom(target(item, { teamId: other.teamId }));
    expect(error.code).toBe("NOT_FOUND");
  });

  it("refuses a team that has not entered, a visitor, and an empty form", async () => {
    const item = await fixture({ register: false });
    expect((await appErrorFrom(target(item))).code).toBe("NOT_REGISTERED");
    expect((await appErrorFrom(target(item, {}, null))).code).toBe("UNAUTHENTICATED");
    expect((await appErrorFrom(target(item, { trackIds: [], name: "" }))).code).toBe("VALIDATION_FAILED");
  });

  it("refuses a member of a team that is not the actor's", async () => {
    const item = await fixture();
    const stranger = await createUser(testDb.db, "stranger");
    await createTeam(testDb.db, stranger, "Others");
    expect((await appErrorFrom(target(item, {}, stranger))).code).toBe("NOT_FOUND");
  });
});

void phases;
