import { createWriteStream } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ZipFile } from "yazl";
import { eq } from "drizzle-orm";
import { competitions, tracks } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { appErrorFrom } from "../../test-support/app-error";
import { getCompetition, updateCompetition } from "../data/competitions";
import { createPhase } from "../data/phases";
import { createUploadedTask } from "../data/tasks";
import { createCompetitionWorld } from "../../test-support/data/competition-world";
import { createTrack } from "../data/tracks";
import { LocalArtifactStore } from "../storage/local-store";
import { buildCompetitionFile, exportCompetition } from "./export";
import { CompetitionFileError, importCompetition, importCompetitionFile } from "./import";
import { BUNDLE_FORMAT } from "./competition-manifest";
import { openCompetitionZip } from "./zip-reader";

const source = useTestDatabase();
const empty = useTestDatabase();
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "competition-file-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const TEST_FILE = "tiny/test.tsv";
const DEV_FILE = "tiny/dev.tsv";
const testRows = "sentence\tlabel\ngreat fun\t1\ndull and long\t0\n";
const devRows = "sentence\tlabel\nlovely\t1\nawful\t0\n";
const tinyDefinition = (slug: string) => ({
  slug,
  title: "Tiny sentiment",
  inputFields: ["sentence"],
  labels: ["negative", "positive"],
  metrics: ["accuracy", "macro_f1"],
  splits: {
    test: {
      path: TEST_FILE,
      format: "tsv",
      header: true,
      columns: { sentence: "sentence", label: "label" },
      labelMap: { "0": "negative", "1": "positive" },
    },
    dev: {
      path: DEV_FILE,
      format: "tsv",
      header: true,
      columns: { sentence: "sentence", label: "label" },
      labelMap: { "0": "negative", "1": "positive" },
    },
  },
  source: { description: "Made up for a test", url: "https://example.com/tiny" },
});

function fileSource(contents: Record<string, string>) {
  return { paths: new Set(Object.keys(contents)), open: async (name: string) => Readable.from([contents[name]!]) };
}

async function zipOf(files: Record<string, string>, name: string): Promise<string> {
  const zip = new ZipFile();
  for (const [entry, content] of Object.entries(files)) zip.addBuffer(Buffer.from(content), entry);
  zip.end();
  const target = path.join(folder, name);
  await pipeline(zip.outputStream, createWriteStream(target));
  return target;
}

async function storedFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

/** What an organizer set up, without ids and times that differ between databases. */
function comparable(details: Awaited<ReturnType<typeof getCompetition>>) {
  return {
    slug: details.slug,
    title: details.title,
    visibility: details.visibility,
    status: details.status,
    overviewMarkdown: details.overviewMarkdown,
    rulesMarkdown: details.rulesMarkdown,
    maxBundleBytes: details.maxBundleBytes,
    oneTeamPerPerson: details.oneTeamPerPerson,
    tracks: details.tracks.map(({ id: _id, competitionId: _c, taskId: _t, ...track }) => track),
    phases: details.phases.map(({ id: _id, competitionId: _c, ...phase }) => phase),
  };
}

describe("competition files", () => {
  it("round trip: export, import into an empty database, and the same competition comes back with its data", async () => {
    const sourceStore = new LocalArtifactStore(path.join(folder, "source-store"));
    const world = await createCompetitionWorld(source.db);
    await updateCompetition(source.db, world.organizerId, world.competition.id, {
      overviewMarkdown: "# Fewest joules\n\nWin by **efficiency**.",
      rulesMarkdown: "1. One account per person.",
      status: "open",
      visibility: "unlisted",
      maxBundleBytes: 50_000_000,
      // Not the default, so that the round trip shows it travels.
      oneTeamPerPerson: false,
    });
    const files = fileSource({ [TEST_FILE]: testRows, [DEV_FILE]: devRows });
    const tiny = await createUploadedTask(
      source.db,
      sourceStore,
      world.organizerId,
      world.competition.id,
      tinyDefinition(`tiny-${Date.now()}`),
      files,
    );
    const tinyTrack = await createTrack(source.db, world.organizerId, world.competition.id, {
      title: "Tiny on two threads",
      taskId: tiny.id,
      hardwareProfileId: "cpu-2t",
      rankingRule: "quality",
      qualityMetric: "macro_f1",
      qualityThreshold: 0.7,
    });
    await source.db
      .update(tracks)
      .set({ rankedEnergyKind: "measured", timeLimitSeconds: 600 })
      .where(eq(tracks.id, tinyTrack.id));
    await createPhase(source.db, world.organizerId, world.competition.id, {
      name: "Development",
      startsAt: new Date("2030-01-01T00:00:00Z"),
      endsAt: new Date("2030-02-01T00:00:00Z"),
      submissionsPerDay: 5,
      concurrentSubmissions: 2,
    });
    await createPhase(source.db, world.organizerId, world.competition.id, {
      name: "Final",
      kind: "final",
      startsAt: new Date("2030-02-01T00:00:00Z"),
      endsAt: new Date("2030-02-08T00:00:00Z"),
      submissionsTotal: 2,
    });

    const exported = path.join(folder, "round-trip.zip");
    await pipeline(
      await buildCompetitionFile(source.db, sourceStore, world.competition.id, { includeHiddenTestData: true }),
      createWriteStream(exported),
    );

    const targetStore = new LocalArtifactStore(path.join(folder, "target-store"));
    const imported = await importCompetitionFile(empty.db, targetStore, exported, { createdBy: null });
    expect(imported.slug).toBe(world.competition.slug);

    const original = await getCompetition(source.db, world.adminId, world.competition.slug);
    const [anyone] = await empty.db
      .insert((await import("../../db/schema")).users)
      .values({ email: "admin@example.com" })
      .returning();
    await empty.db.insert((await import("../../db/schema")).siteAdmins).values({ userId: anyone!.id });
    const copy = await getCompetition(empty.db, anyone!.id, imported.slug);
    expect(comparable(copy)).toEqual(comparable(original));
    expect(copy.tracks).toHaveLength(2);
    expect(copy.oneTeamPerPerson).toBe(false);
    const trackSettings = async (db: typeof source.db, competitionId: string) =>
      (await db.select().from(tracks).where(eq(tracks.competitionId, competitionId)).orderBy(tracks.createdAt)).map(
        (track) => [track.title, track.rankedEnergyKind, track.timeLimitSeconds],
      );
    expect(await trackSettings(empty.db, imported.id)).toEqual(await trackSettings(source.db, world.competition.id));
    expect(await trackSettings(empty.db, imported.id)).toContainEqual(["Tiny on two threads", "measured", 600]);

    // The data files came along byte for byte, hidden test labels included (this is the command-line export).
    const stored = await storedFiles(path.join(folder, "target-store"));
    expect(stored.sort()).toEqual(["dev.tsv", "test.tsv"]);
  });

  it("the web export withholds the hidden test data; importing it names the missing file and imports nothing", async () => {
    const store = new LocalArtifactStore(path.join(folder, "web-store"));
    const world = await createCompetitionWorld(source.db);
    const files = fileSource({ [TEST_FILE]: testRows, [DEV_FILE]: devRows });
    const slug = `tiny-web-${Date.now()}`;
    const tiny = await createUploadedTask(
      source.db,
      store,
      world.organizerId,
      world.competition.id,
      tinyDefinition(slug),
      files,
    );
    await createTrack(source.db, world.organizerId, world.competition.id, {
      title: "Tiny",
      taskId: tiny.id,
      hardwareProfileId: "cpu-2t",
    });

    expect((await appErrorFrom(exportCompetition(source.db, store, world.memberId, world.competition.slug))).code).toBe(
      "NOT_FOUND",
    );
    expect(
      (await appErrorFrom(exportCompetition(source.db, store, world.otherOrganizerId, world.competition.slug))).code,
    ).toBe("NOT_FOUND");
    const { stream } = await exportCompetition(source.db, store, world.organizerId, world.competition.slug);
    const exported = path.join(folder, "web.zip");
    await pipeline(stream, createWriteStream(exported));
    const { zip } = await openCompetitionZip(exported);
    expect([...zip!.names]).not.toContain(`tasks/${slug}/data/${TEST_FILE}`);
    expect([...zip!.names]).toContain(`tasks/${slug}/data/${DEV_FILE}`);
    expect(await zip!.text("competition.yaml")).not.toContain("dull and long");
    zip!.close();

    const targetRoot = path.join(folder, "web-target-store");
    const error = await appErrorFrom(
      importCompetitionFile(empty.db, new LocalArtifactStore(targetRoot), exported, { createdBy: null }),
    );
    expect(error.code).toBe("COMPETITION_FILE_INVALID");
    expect(error.message).toContain(`the test split's file "tasks/${slug}/data/${TEST_FILE}" is missing from the zip`);
    expect(await storedFiles(targetRoot)).toEqual([]);
  });

  it("lists every problem of a broken file and imports nothing", async () => {
    const manifest = {
      format: BUNDLE_FORMAT,
      competition: { slug: "broken-one", title: "Broken" },
      overview: "overview.md",
      rules: "missing-rules.md",
      tasks: [
        { slug: "sst2", shipped: true },
        { slug: "glue-xyz", shipped: true },
        {
          slug: "tiny-broken",
          definition: "tasks/tiny/task.json",
          files: { [TEST_FILE]: { path: "tasks/tiny/test.tsv" } },
        },
      ],
      tracks: [
        { title: "SST-2 on a TPU", task: "sst2", hardwareProfile: "tpu" },
        { title: "Unknown task", task: "mnli", hardwareProfile: "cpu-1t" },
        { title: "Wrong metric", task: "sst2", hardwareProfile: "cpu-1t", qualityMetric: "bleu" },
      ],
      phases: [
        { name: "Development", startsAt: "2030-01-01T00:00:00Z", endsAt: "2030-02-01T00:00:00Z" },
        { name: "Final", kind: "final", startsAt: "2030-01-15T00:00:00Z", endsAt: "2030-01-10T00:00:00Z" },
      ],
    };
    const zipPath = await zipOf(
      {
        "competition.yaml": stringify(manifest),
        "overview.md": "# Hi",
        "tasks/tiny/task.json": JSON.stringify(tinyDefinition("tiny-broken")),
      },
      "broken.zip",
    );
    const root = path.join(folder, "broken-store");
    const error = await appErrorFrom(
      importCompetitionFile(empty.db, new LocalArtifactStore(root), zipPath, { createdBy: null }),
    );
    expect(error).toBeInstanceOf(CompetitionFileError);
    const problems = (error as CompetitionFileError).problems;
    const expected = [
      /rules names "missing-rules.md"/,
      /"glue-xyz" is marked shipped/,
      /test split's file "tasks\/tiny\/test.tsv" is missing/,
      /dev split's file "tiny\/dev.tsv" is not listed/,
      /no hardware profile "tpu"/,
      /task "mnli" is not among/,
      /not bleu/,
      /must end after it starts/,
      /"Development" and "Final" overlap/,
    ];
    for (const pattern of expected)
      expect(
        problems.some((problem) => pattern.test(problem)),
        `${pattern} in ${problems.join("\n")}`,
      ).toBe(true);
    expect(problems).toHaveLength(expected.length);
    expect(await empty.db.select().from(competitions)).toHaveLength(1); // only the round trip's
    expect(await storedFiles(root)).toEqual([]);
  });

  it("refuses an unreadable manifest, a non-zip, and a zip with too many entries", async () => {
    const store = new LocalArtifactStore(path.join(folder, "misc-store"));
    const badYaml = await zipOf({ "competition.yaml": "format: [unclosed" }, "bad-yaml.zip");
    expect((await appErrorFrom(importCompetitionFile(empty.db, store, badYaml, { createdBy: null }))).message).toMatch(
      /competition.yaml cannot be read/,
    );
    const noManifest = await zipOf({ "readme.txt": "hello" }, "no-manifest.zip");
    expect(
      (await appErrorFrom(importCompetitionFile(empty.db, store, noManifest, { createdBy: null }))).message,
    ).toMatch(/no manifest/);
    const wrongFormat = await zipOf(
      { "competition.json": JSON.stringify({ format: "codabench/2", competition: { slug: "x" } }) },
      "wrong.zip",
    );
    const wrong = await appErrorFrom(importCompetitionFile(empty.db, store, wrongFormat, { createdBy: null }));
    expect(wrong.message).toMatch(/format: must be "joulebench-competition\/1"/);
    expect(wrong.message).toMatch(/competition.title/);
    const notZip = path.join(folder, "not-a-zip.zip");
    await writeFile(notZip, "PK? no");
    expect((await appErrorFrom(importCompetitionFile(empty.db, store, notZip, { createdBy: null }))).message).toMatch(
      /not a readable zip/,
    );
    const many = await zipOf(
      Object.fromEntries(Array.from({ length: 6 }, (_, index) => [`f${index}.txt`, "x"])),
      "many.zip",
    );
    const opened = await openCompetitionZip(many, {
      maxEntries: 5,
      maxEntryBytes: 1024,
      maxTotalUncompressedBytes: 4096,
    });
    expect(opened.problems[0]).toMatch(/6 entries; a competition file may hold at most 5/);
  });

  it("stops reading an entry that expands past the limits (zip bomb)", async () => {
    const bomb = await zipOf({ "competition.yaml": "x".repeat(1024 * 1024) }, "bomb.zip");
    expect((await readFile(bomb)).length).toBeLessThan(20_000);
    const { zip } = await openCompetitionZip(bomb, {
      maxEntries: 5,
      maxEntryBytes: 2 * 1024 * 1024,
      maxTotalUncompressedBytes: 64 * 1024,
    });
    await expect(zip!.text("competition.yaml", 10 * 1024 * 1024)).rejects.toThrow(/uncompressed size limit/);
    zip!.close();
  });

  it("only site admins import through the web", async () => {
    const world = await createCompetitionWorld(source.db);
    const zipPath = await zipOf({ "competition.json": "{}" }, "admin-only.zip");
    const store = new LocalArtifactStore(path.join(folder, "admin-store"));
    expect((await appErrorFrom(importCompetition(source.db, store, world.organizerId, zipPath))).code).toBe(
      "FORBIDDEN",
    );
    expect((await appErrorFrom(importCompetition(source.db, store, null, zipPath))).code).toBe("UNAUTHENTICATED");
    expect((await appErrorFrom(importCompetition(source.db, store, world.adminId, zipPath))).code).toBe(
      "COMPETITION_FILE_INVALID",
    );
  });
});
