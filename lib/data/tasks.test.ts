import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { text } from "node:stream/consumers";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZipFile } from "yazl";
import { competitionRegistrations } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { createTaskFromZip } from "../competition-bundle/task-upload";
import { LocalArtifactStore } from "../storage/local-store";
import { appErrorFrom } from "../../test-support/app-error";
import { updateCompetition } from "./competitions";
import { listTaskChoices, openDevelopmentData } from "./tasks";
import { createCompetitionWorld } from "../../test-support/data/competition-world";
import { createTrack } from "./tracks";

const testDb = useTestDatabase();
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "tasks-test-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const HIDDEN_ROW = "a secret test sentence\t1";
const definition = (slug: string) => ({
  slug,
  title: "Tiny",
  inputFields: ["sentence"],
  labels: ["negative", "positive"],
  metrics: ["accuracy"],
  splits: {
    test: {
      path: "tiny/test.tsv",
      format: "tsv",
      header: false,
      columns: { sentence: 0, label: 1 },
      labelMap: { "0": "negative", "1": "positive" },
    },
    dev: {
      path: "tiny/dev.tsv",
      format: "tsv",
      header: false,
      columns: { sentence: 0, label: 1 },
      labelMap: { "0": "negative", "1": "positive" },
    },
  },
  source: { description: "Made up", url: "https://example.com/tiny" },
});

async function zipOf(files: Record<string, string>, name: string): Promise<string> {
  const zip = new ZipFile();
  for (const [entry, content] of Object.entries(files)) zip.addBuffer(Buffer.from(content), entry);
  zip.end();
  const target = path.join(folder, name);
  await pipeline(zip.outputStream, createWriteStream(target));
  return target;
}

describe("uploaded tasks and their development data", () => {
  it("an organizer uploads a task zip; registered teams download its dev split, never its test split", async () => {
    const world = await createCompetitionWorld(testDb.db);
    const store = new LocalArtifactStore(path.join(folder, "store"));
    const slug = `tiny-${Date.now()}`;
    const zipPath = await zipOf(
      {
        "task.json": JSON.stringify(definition(slug)),
        "tiny/test.tsv": `${HIDDEN_ROW}\n`,
        "tiny/dev.tsv": "a dev sentence\t0\n",
      },
      "task.zip",
    );
    expect(
      (await appErrorFrom(createTaskFromZip(testDb.db, store, world.memberId, world.competition.id, zipPath))).code,
    ).toBe("NOT_FOUND");
    const task = await createTaskFromZip(testDb.db, store, world.organizerId, world.competition.id, zipPath);
    expect(
      (await listTaskChoices(testDb.db, world.organizerId, world.competition.id)).map((choice) => choice.slug),
    ).toEqual(expect.arrayContaining(["sst2", slug]));
    // Another competition's organizers cannot put it on their tracks.
    expect(
      (await listTaskChoices(testDb.db, world.otherOrganizerId, world.otherCompetition.id)).map(
        (choice) => choice.slug,
      ),
    ).not.toContain(slug);
    await createTrack(testDb.db, world.organizerId, world.competition.id, {
      title: "Tiny",
      taskId: task.id,
      hardwareProfileId: "cpu-2t",
    });
    await updateCompetition(testDb.db, world.organizerId, world.competition.id, {
      status: "open",
      visibility: "public",
    });

    const slugOf = world.competition.slug;
    expect((await appErrorFrom(openDevelopmentData(testDb.db, store, null, slugOf, task.id))).code).toBe(
      "UNAUTHENTICATED",
    );
    expect((await appErrorFrom(openDevelopmentData(testDb.db, store, world.memberId, slugOf, task.id))).code).toBe(
      "FORBIDDEN",
    );
    await testDb.db
      .insert(competitionRegistrations)
      .values({ competitionId: world.competition.id, teamId: world.teamId, rulesSha256: "0".repeat(64) });
    const download = await openDevelopmentData(testDb.db, store, world.memberId, slugOf, task.id);
    const body = await text(download!.body as NodeJS.ReadableStream);
    expect(body).toBe("a dev sentence\t0\n");
    expect(body).not.toContain(HIDDEN_ROW);
    expect((await appErrorFrom(openDevelopmentData(testDb.db, store, world.otherMemberId, slugOf, task.id))).code).toBe(
      "FORBIDDEN",
    );
    expect(
      (await appErrorFrom(openDevelopmentData(testDb.db, store, world.memberId, world.otherCompetition.slug, task.id)))
        .code,
    ).toBe("NOT_FOUND");
    expect(await openDevelopmentData(testDb.db, store, world.organizerId, slugOf, task.id)).not.toBeNull();
  });

  it("lists what a task zip lacks and stores nothing", async () => {
    const world = await createCompetitionWorld(testDb.db);
    const store = new LocalArtifactStore(path.join(folder, "store-2"));
    const missing = await zipOf(
      { "task.json": JSON.stringify(definition(`tiny-missing-${Date.now()}`)), "tiny/test.tsv": "x\t1\n" },
      "missing.zip",
    );
    expect(
      (await appErrorFrom(createTaskFromZip(testDb.db, store, world.organizerId, world.competition.id, missing)))
        .message,
    ).toMatch(/dev split names the file "tiny\/dev.tsv", which was not uploaded/);
    const noDefinition = await zipOf({ "tiny/test.tsv": "x\t1\n" }, "no-definition.zip");
    expect(
      (await appErrorFrom(createTaskFromZip(testDb.db, store, world.organizerId, world.competition.id, noDefinition)))
        .message,
    ).toMatch(/no task.json/);
    const broken = await zipOf(
      { "task.json": JSON.stringify({ ...definition("x"), labels: ["only-one"] }) },
      "broken.zip",
    );
    expect(
      (await appErrorFrom(createTaskFromZip(testDb.db, store, world.organizerId, world.competition.id, broken))).code,
    ).toBe("VALIDATION_FAILED");
    const shared = definition(`tiny-shared-${Date.now()}`);
    const leaky = await zipOf(
      {
        "task.json": JSON.stringify({
          ...shared,
          splits: { ...shared.splits, dev: { ...shared.splits.dev, path: "tiny/test.tsv" } },
        }),
        "tiny/test.tsv": `${HIDDEN_ROW}\n`,
      },
      "leaky.zip",
    );
    expect(
      (await appErrorFrom(createTaskFromZip(testDb.db, store, world.organizerId, world.competition.id, leaky))).message,
    ).toMatch(/dev split uses the test split's file/);
    const taken = await zipOf(
      { "task.json": JSON.stringify(definition("sst2")), "tiny/test.tsv": "x\t1\n", "tiny/dev.tsv": "y\t0\n" },
      "taken.zip",
    );
    expect(
      (await appErrorFrom(createTaskFromZip(testDb.db, store, world.organizerId, world.competition.id, taken))).code,
    ).toBe("CONFLICT");
  });
});
