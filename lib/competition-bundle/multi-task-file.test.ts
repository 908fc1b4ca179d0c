/** Multi-task tracks in competition files: exported with their tasks, metrics and weights, imported as they were. */
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ZipFile } from "yazl";
import { siteAdmins, tracks, users } from "../../db/schema";
import { useTestDatabase } from "../../test-support/db/test-database";
import { appErrorFrom } from "../../test-support/app-error";
import { createMultiTaskTrack, trackTasksOf } from "../data/multi-task-tracks";
import { createUploadedTask, ensureShippedTaskRow } from "../data/tasks";
import { createCompetitionWorld } from "../../test-support/data/competition-world";
import { LocalArtifactStore } from "../storage/local-store";
import { buildCompetitionFile, exportCompetition } from "./export";
import { importCompetitionFile } from "./import";
import { BUNDLE_FORMAT } from "./competition-manifest";
import { openCompetitionZip } from "./zip-reader";

const source = useTestDatabase();
const empty = useTestDatabase();
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "multi-task-file-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const pairs = (slug: string) => ({
  slug,
  title: "Tiny pairs",
  inputFields: ["premise", "hypothesis"],
  labels: ["entailment", "not_entailment"],
  metrics: ["accuracy", "macro_f1"],
  splits: {
    test: {
      path: "pairs/test.jsonl",
      format: "jsonl",
      header: false,
      columns: { premise: "p", hypothesis: "h", label: "y" },
      labelMap: { yes: "entailment", no: "not_entailment" },
    },
  },
  source: { description: "Made up for a test", url: "https://example.com/pairs" },
});
const files = {
  paths: new Set(["pairs/test.jsonl"]),
  open: async () =>
    Readable.from(['{"p": "a cat sat", "h": "a cat", "y": "yes"}\n{"p": "dogs", "h": "cats fly", "y": "no"}\n']),
};

describe("multi-task tracks in competition files", () => {
  it("round trip: the tasks, metrics, weights and order come back; the web export withholds the uploaded task's hidden labels", async () => {
    const store = new LocalArtifactStore(path.join(folder, "source"));
    const world = await createCompetitionWorld(source.db);
    const slug = `pairs-${Date.now()}`;
    const uploaded = await createUploadedTask(
      source.db,
      store,
      world.organizerId,
      world.competition.id,
      pairs(slug),
      files,
    );
    const [boolq, cb] = await Promise.all([
      ensureShippedTaskRow(source.db, "boolq"),
      ensureShippedTaskRow(source.db, "cb"),
    ]);
    const track = await createMultiTaskTrack(source.db, world.organizerId, world.competition.id, {
      title: "SuperGLUE-lite",
      hardwareProfileId: "cpu-1t",
      qualityThreshold: 0.55,
      tasks: [
        { taskId: boolq.id, metric: "accuracy" },
        { taskId: cb.id, metric: "f1_accuracy_mean", weight: 0.5 },
        { taskId: uploaded.id, metric: "macro_f1", weight: 2 },
      ],
    });

    const exported = path.join(folder, "full.zip");
    await pipeline(
      await buildCompetitionFile(source.db, store, world.competition.id, { includeHiddenTestData: true }),
      createWriteStream(exported),
    );
    const imported = await importCompetitionFile(
      empty.db,
      new LocalArtifactStore(path.join(folder, "target")),
      exported,
      { createdBy: null },
    );
    const copy = (await empty.db.select().from(tracks).where(eq(tracks.competitionId, imported.id))).find(
      (row) => row.title === "SuperGLUE-lite",
    );
    expect(copy).toMatchObject({
      title: "SuperGLUE-lite",
      taskAggregate: "weighted-mean",
      qualityMetric: "benchmark_score",
      qualityThreshold: 0.55,
    });
    const summary = (rows: Awaited<ReturnType<typeof trackTasksOf>>) =>
      rows.map(({ slug: task, metric, weight, position }) => [task, metric, weight, position]);
    expect(summary(await trackTasksOf(empty.db, copy!.id))).toEqual(summary(await trackTasksOf(source.db, track.id)));
    expect(summary(await trackTasksOf(empty.db, copy!.id))).toEqual([
      ["boolq", "accuracy", 1, 0],
      ["cb", "f1_accuracy_mean", 0.5, 1],
      [slug, "macro_f1", 2, 2],
    ]);

    const web = await exportCompetition(source.db, store, world.organizerId, world.competition.slug);
    const webZip = path.join(folder, "web.zip");
    await pipeline(web.stream, createWriteStream(webZip));
    const { zip } = await openCompetitionZip(webZip);
    expect([...zip!.names]).not.toContain(`tasks/${slug}/data/pairs/test.jsonl`);
    expect(await zip!.text("competition.yaml")).toContain("taskAggregate: weighted-mean");
    zip!.close();
  });

  it("refuses a multi-task track whose weights add up to 0 or whose metric a task lacks, naming each, and imports nothing", async () => {
    const manifest = {
      format: BUNDLE_FORMAT,
      competition: { slug: `broken-multi-${Date.now()}`, title: "Broken" },
      tasks: [
        { slug: "boolq", shipped: true },
        { slug: "rte", shipped: true },
      ],
      tracks: [
        {
          title: "Lite",
          task: "boolq",
          hardwareProfile: "cpu-1t",
          taskAggregate: "weighted-mean",
          tasks: [
            { task: "boolq", metric: "f1_accuracy_mean", weight: 0 },
            { task: "rte", metric: "accuracy", weight: 0 },
          ],
        },
      ],
    };
    const zip = new ZipFile();
    zip.addBuffer(Buffer.from(stringify(manifest)), "competition.yaml");
    zip.end();
    const target = path.join(folder, "broken.zip");
    await pipeline(zip.outputStream, createWriteStream(target));
    const [admin] = await empty.db
      .insert(users)
      .values({ email: `admin-${Date.now()}@example.com` })
      .returning();
    await empty.db.insert(siteAdmins).values({ userId: admin!.id });
    const error = await appErrorFrom(
      importCompetitionFile(empty.db, new LocalArtifactStore(path.join(folder, "broken-store")), target, {
        createdBy: null,
      }),
    );
    expect(error.code).toBe("COMPETITION_FILE_INVALID");
    expect(error.message).toContain(
      'Track 1 ("Lite"): Task 1 (boolq) measures accuracy, macro_f1, mcc, not "f1_accuracy_mean".',
    );
    expect(error.message).toContain(
      'Track 1 ("Lite"): The weights add up to 0; at least one task needs a positive weight.',
    );
  });
});
